import { nyDate, type MarketClock, type Timeframe } from '@marketfleet/market';
import { MAX_EXAMPLES, type CheckBar, type Finding } from './types';

/** The session a bar belongs to (w1: its week's first session); its own date when outside every session. */
export function sessionDateOf(clock: MarketClock, tf: Timeframe, ts: Date): string {
  return nyDate(clock.barStart(ts, tf) ?? ts);
}

/** Collects examples per session date and turns each session into one finding. */
class PerSession<T> {
  private readonly by = new Map<string, T[]>();
  add(date: string, item: T): void {
    const list = this.by.get(date);
    if (list) list.push(item);
    else this.by.set(date, [item]);
  }
  findings(kind: Finding['kind'], key: string): Finding[] {
    return [...this.by].map(([sessionDate, items]) => ({
      kind,
      sessionDate,
      detail: { count: items.length, [key]: items.slice(0, MAX_EXAMPLES) },
    }));
  }
}

const iso = (d: Date) => d.toISOString();

/**
 * Where bars sit: outside every session (`outside_session`), inside one but off the
 * timeframe's grid (`misaligned_ts`), or two stored bars standing for the same grid bar
 * (`duplicate_ts`: the primary key rules out equal starts, not near ones such as 09:30
 * and 09:31).
 */
export function checkPlacement(clock: MarketClock, tf: Timeframe, bars: readonly CheckBar[]): Finding[] {
  const outside = new PerSession<string>();
  const misaligned = new PerSession<{ ts: string; gridStart: string }>();
  const byGridBar = new Map<number, Date[]>();
  for (const b of bars) {
    const start = clock.barStart(b.ts, tf);
    if (start === null) {
      outside.add(nyDate(b.ts), iso(b.ts));
      continue;
    }
    if (start.getTime() !== b.ts.getTime()) misaligned.add(nyDate(start), { ts: iso(b.ts), gridStart: iso(start) });
    const same = byGridBar.get(start.getTime());
    if (same) same.push(b.ts);
    else byGridBar.set(start.getTime(), [b.ts]);
  }
  const duplicates = new PerSession<{ gridStart: string; ts: string[] }>();
  for (const [start, list] of byGridBar) {
    if (list.length > 1) duplicates.add(nyDate(new Date(start)), { gridStart: iso(new Date(start)), ts: list.map(iso) });
  }
  return [
    ...outside.findings('outside_session', 'bars'),
    ...misaligned.findings('misaligned_ts', 'bars'),
    ...duplicates.findings('duplicate_ts', 'groups'),
  ];
}

/** Why a bar breaks the OHLC rules (empty when it doesn't). */
export function ohlcProblems(b: CheckBar): string[] {
  if (![b.open, b.high, b.low, b.close, b.volume].every(Number.isFinite)) return ['non-finite value'];
  const out: string[] = [];
  if (Math.min(b.open, b.high, b.low, b.close) <= 0) out.push('non-positive price');
  if (b.high < Math.max(b.open, b.close)) out.push('high below max(open, close)');
  if (b.low > Math.min(b.open, b.close)) out.push('low above min(open, close)');
  if (b.volume < 0) out.push('negative volume');
  return out;
}

/**
 * Bars that break the rules validation applies on the way in. They should never be stored,
 * so one here came through another path (an import, an older writer, a manual edit).
 */
export function checkOhlc(clock: MarketClock, tf: Timeframe, bars: readonly CheckBar[]): Finding[] {
  const bad = new PerSession<{ ts: string; reasons: string[] }>();
  for (const b of bars) {
    const reasons = ohlcProblems(b);
    if (reasons.length > 0) bad.add(sessionDateOf(clock, tf, b.ts), { ts: iso(b.ts), reasons });
  }
  return bad.findings('ohlc_invalid', 'bars');
}
