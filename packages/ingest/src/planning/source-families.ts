import type { MarketClock, Session, Timeframe } from '@marketfleet/market';

/**
 * Timeframes that one provider request serves together. Providers build m15/h1/h4 from
 * 15-minute bars when m15 is wanted, h1/h4 alone from 30-minute bars (half the bars),
 * and d1/w1 from daily bars; a family's chunks must hold whole weeks when w1 is in it,
 * since a weekly bar built from part of its week would be wrong.
 */
export interface SourceFamily {
  timeframes: Timeframe[];
  /** Bars the provider returns for one symbol in one session. */
  barsPerSession(session: Session): number;
  wholeWeeks: boolean;
  intraday: boolean;
}

export function sourceFamilies(timeframes: readonly Timeframe[], clock: MarketClock): SourceFamily[] {
  const wanted = new Set(timeframes);
  const families: SourceFamily[] = [];
  const intraday = (['m15', 'h1', 'h4'] as const).filter((tf) => wanted.has(tf));
  const m15PerSession = (s: Session) => clock.countExpectedBars('m15', s.open, s.close);
  if (wanted.has('m15')) {
    families.push({ timeframes: intraday, barsPerSession: m15PerSession, wholeWeeks: false, intraday: true });
  } else if (intraday.length > 0) {
    families.push({
      timeframes: intraday,
      barsPerSession: (s) => Math.ceil(m15PerSession(s) / 2),
      wholeWeeks: false,
      intraday: true,
    });
  }
  const daily = (['d1', 'w1'] as const).filter((tf) => wanted.has(tf));
  if (daily.length > 0) {
    families.push({ timeframes: daily, barsPerSession: () => 1, wholeWeeks: wanted.has('w1'), intraday: false });
  }
  return families;
}
