import { randomBytes } from 'node:crypto';
import {
  addToWatchlist,
  ensureSymbols,
  latestRanks,
  saveForecast,
  saveIvStats,
  upsertOptionQuotes,
  type OptionQuoteInput,
} from '@marketfleet/db';
import { createQueueBackend, Producer } from '@marketfleet/jobs';
import { DEFAULT_POLICY, marketClock } from '@marketfleet/market';
import { createLogger, inlinePool } from '@marketfleet/runtime';
import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import type { ForecastDeps } from '../deps';
import { FIT_TASKS } from '../tasks';
import { rankChain, sessionsBack } from './rank-chain';

// A small chain: calls and puts at five strikes, two expiries, all quoted.
function chain(): OptionQuoteInput[] {
  const out: OptionQuoteInput[] = [];
  for (const [expiry, code] of [['2024-01-19', '240119'], ['2024-02-16', '240216']] as const) {
    for (const strike of [90, 95, 100, 105, 110]) {
      for (const side of ['call', 'put'] as const) {
        const intrinsic = Math.max(side === 'call' ? 100 - strike : strike - 100, 0);
        const mid = intrinsic + 2;
        out.push({
          contract: `RNK${code}${side === 'call' ? 'C' : 'P'}${String(strike * 1000).padStart(8, '0')}`, root: 'RNK', expiry, strike, side,
          bid: mid - 0.05, ask: mid + 0.05, volume: 200, openInterest: 1000, iv: 0.25 + Math.abs(strike - 100) / 500,
          delta: side === 'call' ? 0.5 - (strike - 100) / 40 : -0.5 - (strike - 100) / 40, gamma: 0.03, theta: -0.02, vega: 0.1,
        });
      }
    }
  }
  return out;
}

describe('rankChain', () => {
  let t: TestDatabase;
  let deps: ForecastDeps;
  let id: number;
  let now = new Date('2024-01-10T16:00:00Z');
  beforeAll(async () => {
    t = await createTestDatabase();
    const producer = new Producer(createQueueBackend({ databaseUrl: t.url, prefix: `mf-test-${randomBytes(4).toString('hex')}` }), t.database.db);
    deps = { db: t.database.db, clock: marketClock, policy: DEFAULT_POLICY, pool: inlinePool(FIT_TASKS), producer, now: () => now, logger: createLogger('test', 'silent') };
    id = (await ensureSymbols(t.database.db, ['RNK'])).get('RNK')!;
    await addToWatchlist(t.database.db, ['RNK']);
    await upsertOptionQuotes(t.database.db, { symbolId: id, provider: 'sim', fetchedAt: now, quarantined: 0 }, chain());
  });
  afterAll(async () => {
    await deps.producer.close();
    await t.drop();
  });

  test('five sessions back skips weekends and holidays', () => {
    expect(sessionsBack(marketClock, '2024-01-18', 5)).toBe('2024-01-10');
    expect(sessionsBack(marketClock, '2024-01-10', 1)).toBe('2024-01-09');
  });

  test('IV statistics count as stale only when they are old: Value is cut for old ones, not for last night’s', async () => {
    await saveIvStats(t.database.db, id, { low: 0.2, high: 0.4, median: 0.3, days: 200, asOf: '2024-01-09' });
    const fresh = await rankChain(deps, { symbol: 'RNK', trigger: 'nightly', session: '2024-01-10' });
    expect(fresh).toMatchObject({ status: 'ranked', ivStale: false, scored: 20, selected: 20 });
    const freshRanks = (await latestRanks(t.database.db, id, 'entry', 100))!;

    await saveIvStats(t.database.db, id, { low: 0.2, high: 0.4, median: 0.3, days: 200, asOf: '2023-12-01' });
    const stale = await rankChain(deps, { symbol: 'RNK', trigger: 'user', session: '2024-01-10' });
    expect(stale).toMatchObject({ status: 'ranked', ivStale: true });
    const staleRanks = (await latestRanks(t.database.db, id, 'entry', 100))!;
    expect(staleRanks.run.ivStale).toBe(true);
    const valueOf = (rs: typeof freshRanks, c: string) => rs.ranks.find((r) => r.contract === c)!.value;
    const c = 'RNK240216C00100000';
    expect(valueOf(staleRanks, c)).toBeCloseTo(valueOf(freshRanks, c) * 0.8, 9);
  });

  test('a fresh bullish daily forecast lifts calls and lowers puts; an old one does nothing', async () => {
    const before = (await latestRanks(t.database.db, id, 'entry', 100))!.ranks;
    const base = {
      symbolId: id, timeframe: 'd1' as const, horizon: '1D', modelVersion: 'test', label: 'bullish' as const, confidence: 0.8,
      probabilities: { bearish: 0.1, neutral: 0.1, bullish: 0.8 }, currentPrice: 100, targetPrice: 101, expectedReturn: 0.01,
      threshold: 0.005, points: [], weights: {}, calibrated: false, bandMethod: 'volatility' as const,
      components: { a: { expectedReturn: 0.01, probabilities: [0.1, 0.1, 0.8] }, b: { expectedReturn: -0.002, probabilities: [0.4, 0.3, 0.3] } },
      trainingFrom: new Date('2023-01-01T00:00:00Z'), trainingTo: new Date('2024-01-09T00:00:00Z'), trainingRows: 250,
    };
    await saveForecast(t.database.db, { ...base, lastBarTs: new Date('2023-12-01T14:30:00Z'), runAt: new Date('2023-12-01T22:00:00Z') });
    const old = await rankChain(deps, { symbol: 'RNK', trigger: 'user', session: '2024-01-10' });
    expect(old).toMatchObject({ status: 'ranked', tilted: false });

    const { id: forecastId } = await saveForecast(t.database.db, { ...base, lastBarTs: new Date('2024-01-09T14:30:00Z'), runAt: new Date('2024-01-10T12:00:00Z') });
    now = new Date('2024-01-10T16:05:00Z');
    await upsertOptionQuotes(t.database.db, { symbolId: id, provider: 'sim', fetchedAt: now, quarantined: 0 }, chain());
    const tilted = await rankChain(deps, { symbol: 'RNK', trigger: 'scrape', session: '2024-01-10' });
    expect(tilted).toMatchObject({ status: 'ranked', tilted: true });
    const after = (await latestRanks(t.database.db, id, 'entry', 100))!;
    expect(after.run.forecastId).toBe(forecastId);
    // s = 0.8 · (0.5 + 0.5 · ½): one of the two models agrees.
    const s = 0.8 * 0.75;
    for (const r of after.ranks) expect(r.forecastTilt).toBeCloseTo(r.side === 'call' ? 22.5 * s : -11.25 * s, 9);
    const composite = (rs: typeof before, c: string) => rs.find((r) => r.contract === c)!.composite;
    expect(composite(after.ranks, 'RNK240216C00100000')).toBeGreaterThan(composite(before, 'RNK240216C00100000'));
    expect(composite(after.ranks, 'RNK240216P00100000')).toBeLessThan(composite(before, 'RNK240216P00100000'));
  });

  test('an underlying without a stored chain, or unknown, is skipped with the reason', async () => {
    await ensureSymbols(t.database.db, ['EMPTY']);
    expect(await rankChain(deps, { symbol: 'EMPTY', trigger: 'user' })).toEqual({ status: 'skipped', reason: 'EMPTY: no chain stored' });
    expect(await rankChain(deps, { symbol: 'NOPE', trigger: 'user' })).toEqual({ status: 'skipped', reason: 'unknown underlying NOPE' });
  });
});
