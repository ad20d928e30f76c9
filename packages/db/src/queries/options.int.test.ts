import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { sql } from 'drizzle-orm';
import { dropSnapshotPartitionsBefore, ensureSnapshotPartitions, listSnapshotPartitions } from './option-partitions';
import { latestRanks, previousScores, saveRankRun, type RankRunInput, type StoredRank } from './option-ranks';
import {
  chainOf,
  latestQuotes,
  optionChainStatuses,
  quarantineOptions,
  snapshotOf,
  snapshotSessionAtOrBefore,
  upsertOptionQuotes,
  writeOptionSnapshot,
  type OptionQuoteInput,
} from './options';
import { ensureSymbols } from './symbols';

let t: TestDatabase;
let aapl: number;
beforeAll(async () => {
  t = await createTestDatabase();
  aapl = (await ensureSymbols(t.database.db, ['AAPL'])).get('AAPL')!;
});
afterAll(() => t.drop());
const db = () => t.database.db;

const quote = (contract: string, over: Partial<OptionQuoteInput> = {}): OptionQuoteInput => ({
  contract, root: 'AAPL', expiry: '2024-02-16', strike: 190, side: 'call', bid: 1, ask: 1.2, volume: 10, openInterest: 100, iv: 0.3, ...over,
});

describe('option quotes and snapshots', () => {
  test('a scrape upserts in one statement; an older scrape does not overwrite a newer quote', async () => {
    const at = new Date('2024-01-10T15:00:00Z');
    const n = await upsertOptionQuotes(db(), { symbolId: aapl, provider: 'sim', fetchedAt: at, quarantined: 1 }, [
      quote('AAPL240216C00190000'),
      quote('AAPL240216P00190000', { side: 'put', bid: undefined, iv: Number.NaN }),
      quote('AAPL1240216C00190000', { root: 'AAPL1', strike: 190 }),
    ]);
    expect(n).toBe(3);
    const late = await upsertOptionQuotes(db(), { symbolId: aapl, provider: 'old', fetchedAt: new Date(at.getTime() - 60_000), quarantined: 0 }, [
      quote('AAPL240216C00190000', { bid: 99 }),
    ]);
    expect(late).toBe(0);
    const quotes = await latestQuotes(db(), ['AAPL240216C00190000', 'AAPL240216P00190000', 'NOPE240216C00001000']);
    expect(quotes.map((q) => q.contract).sort()).toEqual(['AAPL240216C00190000', 'AAPL240216P00190000']);
    const put = quotes.find((q) => q.side === 'put')!;
    expect(put).toMatchObject({ underlying: 'AAPL', bid: null, iv: null, ask: 1.2, provider: 'sim', fetchedAt: at });
    expect((await chainOf(db(), aapl, '2024-02-16')).map((q) => q.contract)).toEqual([
      'AAPL1240216C00190000', 'AAPL240216C00190000', 'AAPL240216P00190000',
    ]);
    const [status] = await optionChainStatuses(db(), [aapl]);
    expect(status).toMatchObject({ lastScrapedAt: at, lastProvider: 'sim', lastContracts: 3, lastQuarantined: 1, lastExpirations: 1 });
  });

  test('quarantine keeps one row per contract and reason', async () => {
    const bad = { symbolId: aapl, contract: 'AAPL240216C00190000', provider: 'sim', reason: 'crossed quote', raw: { bid: 2, ask: 1 } };
    await quarantineOptions(db(), [bad, bad]);
    await quarantineOptions(db(), [bad, { ...bad, contract: null, reason: 'malformed OCC symbol' }]);
    const rows = await db().execute<{ contract: string | null; times_seen: number }>(
      sql`select contract, times_seen from quarantined_options order by id`,
    );
    expect(rows.map((r) => [r.contract, r.times_seen])).toEqual([['AAPL240216C00190000', 2], [null, 1]]);
  });

  test('the snapshot copies the session’s quotes once per contract, idempotently, into its partition', async () => {
    const since = new Date('2024-01-10T05:00:00Z');
    const first = await writeOptionSnapshot(db(), '2024-01-10', [aapl], since);
    expect(first.get(aapl)).toBe(3);
    const again = await writeOptionSnapshot(db(), '2024-01-10', [aapl], since);
    expect(again.get(aapl)).toBe(3);
    const [count] = await db().execute<{ n: number; part: string }>(
      sql`select count(*)::int as n, min(tableoid::regclass::text) as part from option_snapshots`,
    );
    expect(count).toEqual({ n: 3, part: 'option_snapshots_202401' });
    // Quotes fetched before the session started are not the session's.
    expect((await writeOptionSnapshot(db(), '2024-01-11', [aapl], new Date('2024-01-11T05:00:00Z'))).get(aapl)).toBe(0);
    expect(await snapshotSessionAtOrBefore(db(), aapl, '2024-01-17')).toBe('2024-01-10');
    expect(await snapshotSessionAtOrBefore(db(), aapl, '2024-01-09')).toBeNull();
    const snap = await snapshotOf(db(), aapl, '2024-01-10');
    expect(snap.get('AAPL240216C00190000')).toMatchObject({ bid: 1, ask: 1.2, openInterest: 100 });
    const [status] = await optionChainStatuses(db(), [aapl]);
    expect(status!.lastSnapshotDate).toBe('2024-01-10');
  });
});

describe('snapshot partitions', () => {
  test('created ahead month by month; retention drops only whole partitions older than the cutoff', async () => {
    const created = await ensureSnapshotPartitions(db(), '2023-11-20', '2024-03-01');
    expect(created).toEqual(['option_snapshots_202311', 'option_snapshots_202312', 'option_snapshots_202402', 'option_snapshots_202403']);
    expect(await ensureSnapshotPartitions(db(), '2023-11-20', '2024-03-01')).toEqual([]);
    await db().execute(sql`insert into option_snapshots (session_date, symbol_id, contract, expiry, strike, side, provider, fetched_at)
      values ('2023-11-30', ${aapl}, 'X1', '2024-01-19', 1, 'call', 'sim', now()),
             ('2023-12-01', ${aapl}, 'X1', '2024-01-19', 1, 'call', 'sim', now())`);
    // 2023-12-15: November ends before it and goes; December straddles it and stays whole.
    const dropped = await dropSnapshotPartitionsBefore(db(), '2023-12-15');
    expect(dropped.map((p) => p.name)).toEqual(['option_snapshots_202311']);
    const names = (await listSnapshotPartitions(db())).map((p) => p.name);
    expect(names).not.toContain('option_snapshots_202311');
    expect(names).toEqual(expect.arrayContaining(['option_snapshots_202312', 'option_snapshots_202401', 'option_snapshots_202403']));
    const [left] = await db().execute<{ d: string }>(sql`select string_agg(session_date::text, ',') as d from option_snapshots where contract = 'X1'`);
    expect(left!.d).toBe('2023-12-01');
  });

  test('rejects dates that are not YYYY-MM-DD', async () => {
    await expect(ensureSnapshotPartitions(db(), "2024-01-01'); drop table bars; --", '2024-01-01')).rejects.toThrow(RangeError);
  });
});

const rank = (contract: string, position: number, composite: number): StoredRank => ({
  position, contract, expiry: '2024-02-16', strike: 190, side: 'call', bid: 1, ask: 1.2, mark: 1.1, last: null, volume: 10,
  openInterest: 100, iv: 0.3, delta: 0.5, gamma: 0.03, theta: -0.02, vega: 0.1, dte: 37, composite, mlScore: composite / 100,
  momentum: 55, value: 60, greeks: 70, ivRank: 40, spreadPct: 18, volOiRatio: 0.1, liquidityConfidence: 0.5,
  priceMomentum: 0, oiGrowth: 0, relativeValue: 50, entryDifficulty: 40, stability: null, ivCurveOk: true,
  ivDataQuality: 0.2, forecastTilt: 0, signals: ['GREEKS'], imputed: [],
});

describe('rank runs', () => {
  const run = (runKey: string): RankRunInput => ({
    symbolId: aapl, mode: 'entry', sessionDate: '2024-01-10', runKey, trigger: 'scrape', contractsScored: 2,
    contractsSkipped: 0, ivStale: false, referenceDate: null, forecastId: null, durationMs: 5,
  });

  test('a run stores its ranks whole; a retry replaces them and smooths against the run before, not itself', async () => {
    const first = await saveRankRun(db(), run('k1'), [rank('A', 1, 70), rank('B', 2, 60)], [
      { contract: 'A', momentum: 60, composite: 70 }, { contract: 'B', momentum: 50, composite: 60 },
    ]);
    expect(await previousScores(db(), aapl, 'entry', 'k2')).toEqual(
      new Map([['A', { momentum: 60, composite: 70 }], ['B', { momentum: 50, composite: 60 }]]),
    );
    const second = await saveRankRun(db(), run('k2'), [rank('B', 1, 80)], [{ contract: 'B', momentum: 90, composite: 80 }]);
    const retried = await saveRankRun(db(), run('k2'), [rank('B', 1, 81), rank('A', 2, 10)], [{ contract: 'B', momentum: 91, composite: 81 }]);
    expect(retried).toBe(second);
    expect(second).not.toBe(first);
    // The retry of k2 still sees k1's B, not its own first attempt.
    expect((await previousScores(db(), aapl, 'entry', 'k2')).get('B')).toEqual({ momentum: 50, composite: 60 });
    expect((await previousScores(db(), aapl, 'entry', 'k3')).get('B')).toEqual({ momentum: 91, composite: 81 });
    const latest = await latestRanks(db(), aapl, 'entry', 10);
    expect(latest!.run).toMatchObject({ id: second, runKey: 'k2', sessionDate: '2024-01-10' });
    expect(latest!.ranks.map((r) => [r.contract, r.composite])).toEqual([['B', 81], ['A', 10]]);
    expect((await latestRanks(db(), aapl, 'entry', 1))!.ranks).toHaveLength(1);
    expect(await latestRanks(db(), aapl + 1000, 'entry', 10)).toBeNull();
  });
});
