// Golden vectors from fixtures/options_reference.py, an independent plain-Python reading of
// seed-ml.md §4.2. Every number must agree to a relative 1e-9.

import { expectClose, loadFixture } from './golden-fixtures';
import { atmIvStats, type AtmIvPoint } from './iv-stats';
import { rankEntry } from './rank-entry';
import { trendFromCloses } from './trend';
import { type ChainContract, type ContractQuote, type EntryScore, type IvStats, type PreviousScore } from './types';

type Expected = Omit<EntryScore, 'expiry' | 'strike' | 'side'>;

interface Case {
  name: string;
  asOf: string;
  closes: number[];
  ivHistory: AtmIvPoint[];
  ivStatsMaxAgeSessions: number;
  chain: ChainContract[];
  reference: Record<string, ContractQuote> | null;
  previous: Record<string, PreviousScore> | null;
  expected: {
    ivStats: IvStats | null;
    trend: string;
    ivStale: boolean;
    scored: Expected[];
    skipped: { symbol: string; reason: string }[];
  };
}

const { cases } = loadFixture<{ cases: Case[] }>('options-entry.json');

const NUMBERS = [
  'composite', 'mlScore', 'momentum', 'value', 'greeks', 'ivRank', 'spreadPct', 'volOiRatio', 'liquidityConfidence',
  'priceMomentum', 'oiGrowth', 'relativeValue', 'entryDifficulty', 'ivDataQuality', 'momentumRaw', 'compositeRaw',
] as const;

describe.each(cases.map((c) => [c.name, c] as const))('golden: %s', (_name, c) => {
  const stats = atmIvStats(c.ivHistory, c.asOf);
  const trend = trendFromCloses(c.closes);
  const result = rankEntry(c.chain, {
    asOf: c.asOf,
    trend,
    ivStats: stats,
    ivStatsMaxAgeSessions: c.ivStatsMaxAgeSessions,
    reference: c.reference === null ? undefined : new Map(Object.entries(c.reference)),
    previous: c.previous === null ? undefined : new Map(Object.entries(c.previous)),
  });

  it('derives the same trend, IV statistics and staleness', () => {
    expect(trend).toBe(c.expected.trend);
    expect(stats === null ? null : { ...stats }).toEqual(c.expected.ivStats);
    expect(result.ivStale).toBe(c.expected.ivStale);
  });

  it('skips the same contracts for the same reasons', () => {
    expect(result.skipped).toEqual(c.expected.skipped);
  });

  it('scores every contract to 1e-9, in the same order', () => {
    expect(result.scored.map((s) => s.symbol)).toEqual(c.expected.scored.map((s) => s.symbol));
    result.scored.forEach((got, i) => {
      const want = c.expected.scored[i]!;
      for (const k of NUMBERS) expectClose(got[k], want[k], 1e-9, `${want.symbol} ${k}`);
      if (want.stability === null) expect(got.stability).toBeNull();
      else expectClose(got.stability!, want.stability, 1e-9, `${want.symbol} stability`);
      expect({ dte: got.dte, curve: got.ivCurveOk, signals: got.signals, imputed: got.imputed }).toEqual({
        dte: want.dte,
        curve: want.ivCurveOk,
        signals: want.signals,
        imputed: want.imputed,
      });
    });
  });
});

it('the fixtures exercise every branch worth pinning', () => {
  const all = cases.flatMap((c) => c.expected.scored);
  const has = (p: (s: Expected) => boolean): boolean => all.some(p);
  expect(has((s) => !s.ivCurveOk)).toBe(true);
  expect(has((s) => s.compositeRaw > 65)).toBe(true);
  expect(has((s) => s.stability !== null)).toBe(true);
  expect(has((s) => s.relativeValue !== 50)).toBe(true);
  expect(has((s) => s.imputed.length > 0)).toBe(true);
  expect(has((s) => s.signals.includes('BUY'))).toBe(true);
  expect(has((s) => s.momentum !== s.momentumRaw && Math.abs(s.momentum - s.momentumRaw) > 0)).toBe(true);
  expect(cases.some((c) => c.expected.ivStale) && cases.some((c) => c.expected.ivStats && !c.expected.ivStale)).toBe(true);
});
