import { rankEntry, type EntryContext } from './rank-entry';
import { type ChainContract, type ContractQuote, type EntryScore } from './types';

const quote: ContractQuote = {
  bid: 1.95, ask: 2.05, mark: 2, last: 2, volume: 50, openInterest: 200,
  iv: 0.3, delta: 0.45, gamma: 0.03, theta: -0.02, vega: 0.15,
};
const call = (patch: Partial<ChainContract> = {}): ChainContract => ({
  symbol: 'XYZ240419C00100000', expiry: '2024-04-19', strike: 100, side: 'call', ...quote, ...patch,
});
const stats = { low: 0.2, high: 0.6, median: 0.35, days: 126, asOf: '2024-03-12' };
const ctx: EntryContext = { asOf: '2024-03-13', trend: 'bullish', ivStats: stats, ivStatsMaxAgeSessions: 2 };
const only = (chain: ChainContract[], c: Partial<EntryContext> = {}): EntryScore => rankEntry(chain, { ...ctx, ...c }).scored[0]!;

describe('rankEntry: one contract by hand', () => {
  it('matches the arithmetic of seed-ml.md §4.2', () => {
    const s = only([call()]);
    // rank (0.30 − 0.20)/0.40 = 25; spread 0.10/2.00 = 5 %; V = 45 + 36 = 81 (fresh stats)
    expect(s.ivRank).toBeCloseTo(25, 12);
    expect(s.spreadPct).toBeCloseTo(5, 12);
    expect(s.value).toBeCloseTo(81, 12);
    // No history: r = 50/51·20 − 10; vol/OI 0.25 → VO 100; OG 50; L = ∛(0.55·0.46·0.46)
    const r = (50 / 51) * 20 - 10;
    const L = Math.cbrt(0.55 * 0.46 * 0.46);
    expect(s.priceMomentum).toBeCloseTo(r, 12);
    expect(s.momentum).toBeCloseTo(50 + (0.5 * (2 * r + 50) + 30 + 10 - 50) * L, 12);
    // G = 0.5·90 + 0.35·75 + 0.1·50 − 10 = 66.25
    expect(s.greeks).toBeCloseTo(66.25, 12);
    // c = 0.3M + 28.35 + 23.1875 ≈ 70.1 > 65, so ED = (1 − 1 + 0.5·0.25)·100 = 12.5 blends in,
    // then RV = 50 (no history).
    const c0 = 0.3 * s.momentum + 0.35 * 81 + 0.35 * 66.25;
    expect(c0).toBeGreaterThan(65);
    expect(s.entryDifficulty).toBeCloseTo(12.5, 12);
    expect(s.composite).toBeCloseTo(0.9 * (0.9 * c0 + 1.25) + 5, 12);
    expect(s.dte).toBe(37);
    // quality: fresh 0.4 + 0.4·126/252 + 0.2 curve = 0.8
    expect(s.ivDataQuality).toBeCloseTo(0.8, 12);
    expect(s.stability).toBeNull();
    expect(s.imputed).toEqual([]);
  });
});

describe('rankEntry: the seed’s bugs, now inputs', () => {
  it('cuts Value by 20 % only when the IV statistics are older than the allowed sessions', () => {
    expect(only([call()]).value).toBeCloseTo(81, 12); // one session old
    expect(only([call()], { asOf: '2024-03-19' }).value).toBeCloseTo(64.8, 12); // five sessions old
    // −1 reproduces the seed, where every run counted the statistics as stale.
    expect(only([call()], { ivStatsMaxAgeSessions: -1 }).value).toBeCloseTo(64.8, 12);
    expect(only([call()], { ivStats: { ...stats, asOf: null } }).value).toBeCloseTo(64.8, 12);
    // Good Friday is not a session: Wednesday → Monday is two sessions, still fresh.
    expect(rankEntry([call()], { ...ctx, asOf: '2024-04-01', ivStats: { ...stats, asOf: '2024-03-27' } }).ivStale).toBe(false);
  });

  it('measures momentum against the reference snapshot the caller passes', () => {
    const reference = new Map([[call().symbol, { mark: 1.6, openInterest: 160, iv: 0.25, bid: 1.5, ask: 1.7 }]]);
    const s = only([call()], { reference });
    expect(s.priceMomentum).toBeCloseTo(25, 12); // 2 / 1.6 − 1
    expect(s.oiGrowth).toBeCloseTo(25, 12); // (200 − 160) / 160
    // RV: 0.7·(1 − 0.30/0.25) + 0.3·(1 − 5 / 12.5) = −0.14 + 0.18 = 0.04 → 4
    expect(s.relativeValue).toBeCloseTo(4, 12);
    // History exists but not for this contract: no change rather than the volume proxy.
    const other = only([call()], { reference: new Map([['SOMETHING', { mark: 1 }]]) });
    expect([other.priceMomentum, other.oiGrowth, other.relativeValue]).toEqual([0, 0, 50]);
  });
});

describe('rankEntry: previous run', () => {
  it('smooths momentum, recomputes the composite and scores stability', () => {
    const raw = only([call()]);
    const s = only([call()], { previous: new Map([[call().symbol, { momentum: 90, composite: 70 }]]) });
    expect(s.momentumRaw).toBeCloseTo(raw.momentum, 12);
    expect(s.momentum).toBeCloseTo(Math.max(0.5 * raw.momentum + 45, 60), 12);
    expect(s.composite).toBeGreaterThan(raw.composite);
    expect(s.stability).toBeCloseTo(100 - 2 * Math.abs(s.composite - 70), 12);
  });
});

describe('rankEntry: missing and broken provider fields', () => {
  it('skips what cannot be ranked and says why', () => {
    const r = rankEntry(
      [
        call({ symbol: 'A', expiry: '2024-03-12' }),
        call({ symbol: 'B', bid: undefined, ask: undefined, mark: undefined, last: undefined }),
        { symbol: 'C', expiry: '2024-04-19', strike: 100, side: 'call' },
        call({ symbol: 'D', expiry: '2024-02-30' }),
        call({ symbol: 'E', strike: Number.NaN }),
        call({ symbol: 'F', bid: 0, ask: 0, mark: 0, last: -1 }),
      ],
      ctx,
    );
    expect(r.scored).toEqual([]);
    expect(r.skipped.map((s) => `${s.symbol} ${s.reason}`)).toEqual([
      'A expired', 'B no-price', 'C no-price', 'D invalid-contract', 'E invalid-contract', 'F no-price',
    ]);
  });

  it('scores a last-price-only quote with neutral greeks and lists what it imputed', () => {
    const bare: ChainContract = { symbol: 'B', expiry: '2024-04-19', strike: 100, side: 'put', last: 1.2 };
    const s = only([bare]);
    expect(s.imputed).toEqual(['iv', 'delta', 'gamma', 'vega', 'theta']);
    expect(s.ivRank).toBe(50);
    expect(s.spreadPct).toBe(100);
    expect(s.greeks).toBe(27.5); // 25 + 17.5 + 5 − 20
    expect(s.volOiRatio).toBe(0);
  });

  it('never lets NaN, infinities, nulls or negatives through', () => {
    // A deterministic generator of hostile quotes.
    let seed = 7;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const junk = [undefined, null, Number.NaN, Infinity, -Infinity, -3, 0];
    const pick = (good: number): number => (rand() < 0.4 ? (junk[Math.floor(rand() * junk.length)] as number) : good);
    const chain: ChainContract[] = Array.from({ length: 400 }, (_, i) => ({
      symbol: `S${i}`, expiry: rand() < 0.5 ? '2024-03-15' : '2024-06-21', strike: 80 + (i % 9) * 5, side: i % 2 ? 'call' : 'put',
      bid: pick(rand() * 5), ask: pick(rand() * 6), mark: pick(rand() * 5), last: pick(rand() * 5),
      volume: pick(Math.floor(rand() * 500)), openInterest: pick(Math.floor(rand() * 3000)), iv: pick(0.1 + rand()),
      delta: pick(rand() * 2 - 1), gamma: pick(rand() * 0.1), theta: pick(-rand() * 0.2), vega: pick(rand() * 0.4),
    }));
    const reference = new Map(chain.filter((_, i) => i % 3).map((c) => [c.symbol, { ...c, mark: pick(rand() * 5), openInterest: pick(100) }]));
    const previous = new Map(chain.filter((_, i) => i % 4).map((c) => [c.symbol, { momentum: rand() * 100, composite: rand() * 100 }]));
    previous.set('S1', { momentum: Number.NaN, composite: 50 });
    const badStats = { low: Number.NaN, high: 0.5, median: 0.3, days: Number.NaN, asOf: '2024-03-12' };
    for (const c of [ctx, { ...ctx, ivStats: null }, { ...ctx, reference, previous }, { ...ctx, ivStats: badStats }]) {
      const r = rankEntry(chain, c);
      expect(r.scored.length + r.skipped.length).toBe(400);
      for (const s of r.scored) {
        for (const [k, v] of Object.entries(s)) {
          if (typeof v === 'number') expect({ k, finite: Number.isFinite(v) }).toEqual({ k, finite: true });
        }
        expect(s.composite).toBeGreaterThanOrEqual(0);
        expect(s.composite).toBeLessThanOrEqual(100);
      }
    }
  });
});
