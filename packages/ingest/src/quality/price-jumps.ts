import { isIntraday, nyDate, type MarketClock, type Timeframe } from '@marketfleet/market';
import { ohlcProblems, sessionDateOf } from './bar-checks';
import type { ExplainJump, JumpConfig } from './config';
import { mad, MAD_TO_SIGMA, median, splitLike } from './robust-stats';
import { MAX_EXAMPLES, type CheckBar, type Finding } from './types';

export interface JumpInput {
  symbol: string;
  timeframe: Timeframe;
  fromDate: string;
  toDate: string;
  /** Ascending, history before `fromDate` included. */
  bars: readonly CheckBar[];
}

type Measure = 'close-to-close' | 'gap-open';

interface Jump {
  ts: string;
  measure: Measure;
  previousClose: number;
  price: number;
  ratio: number;
  robustZ: number;
  splitLike?: string;
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/**
 * Returns far outside the series' own recent behaviour: |r − median| > k × σ̂, with σ̂ from
 * the MAD of the trailing window (robust: earlier jumps barely move it). Intraday bars
 * form two populations judged apart, moves within a session and overnight gaps (an
 * ordinary overnight gap is many 15-minute moves); d1 and w1 judge the close-to-close and
 * the gap-open return against their close-to-close history. A jump that `explain` (the
 * corporate actions) accounts for is not a finding; a split-sized one says so.
 */
export function checkPriceJumps(
  clock: MarketClock,
  input: JumpInput,
  cfg: JumpConfig,
  explain: ExplainJump,
): Finding[] {
  const tf = input.timeframe;
  const intraday = isIntraday(tf);
  // Returns need prices that mean something: skip bars the other checks already report.
  const bars = input.bars.filter((b) => ohlcProblems(b).length === 0 && clock.barStart(b.ts, tf)?.getTime() === b.ts.getTime());
  const trailing = { within: [] as number[], across: [] as number[] };
  const perSession = new Map<string, Jump[]>();

  for (let i = 1; i < bars.length; i++) {
    const prev = bars[i - 1]!;
    const bar = bars[i]!;
    const sessionDate = sessionDateOf(clock, tf, bar.ts);
    const within = intraday && sessionDate === sessionDateOf(clock, tf, prev.ts);
    const closeToClose = Math.log(bar.close / prev.close);
    const gapOpen = Math.log(bar.open / prev.close);
    const measures: Array<[Measure, number]> = within
      ? [['close-to-close', closeToClose]]
      : intraday
        ? [['gap-open', gapOpen]]
        : [['close-to-close', closeToClose], ['gap-open', gapOpen]];
    const sample = within ? trailing.within : trailing.across;

    if (sessionDate >= input.fromDate && sessionDate <= input.toDate && sample.length >= cfg.minSample) {
      const center = median(sample);
      const scale = Math.max(MAD_TO_SIGMA * mad(sample, center), cfg.minScale);
      let worst: { measure: Measure; value: number; z: number } | null = null;
      for (const [measure, value] of measures) {
        const z = Math.abs(value - center) / scale;
        if (z > cfg.k && (worst === null || z > worst.z)) worst = { measure, value, z };
      }
      if (worst !== null && !explained(clock, tf, input.symbol, bar.ts, explain)) {
        const price = worst.measure === 'gap-open' ? bar.open : bar.close;
        const split = splitLike(price / prev.close);
        const jump: Jump = {
          ts: bar.ts.toISOString(),
          measure: worst.measure,
          previousClose: prev.close,
          price,
          ratio: round(price / prev.close),
          robustZ: round(worst.z, 1),
          ...(split ? { splitLike: split } : {}),
        };
        const list = perSession.get(sessionDate);
        if (list) list.push(jump);
        else perSession.set(sessionDate, [jump]);
      }
    }
    sample.push(measures[0]![1]);
    if (sample.length > cfg.window) sample.shift();
  }

  return [...perSession].map(([sessionDate, jumps]) => ({
    kind: 'price_jump' as const,
    sessionDate,
    detail: { count: jumps.length, k: cfg.k, jumps: jumps.slice(0, MAX_EXAMPLES) },
  }));
}

/** A w1 bar spans its week: a corporate action on any of its sessions explains it. */
function explained(clock: MarketClock, tf: Timeframe, symbol: string, ts: Date, explain: ExplainJump): boolean {
  if (tf !== 'w1') return explain(symbol, sessionDateOf(clock, tf, ts));
  const lastDay = nyDate(new Date(clock.barEnd(ts, tf).getTime() - 1));
  return clock.sessionsBetween(nyDate(ts), lastDay).some((s) => explain(symbol, s.date));
}
