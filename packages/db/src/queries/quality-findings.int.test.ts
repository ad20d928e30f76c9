import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { upsertBars } from './bars';
import { markJobFinished, markJobRunning } from './job-runs';
import {
  countOpenFindings,
  listFindings,
  recordRepairAttempt,
  resolveFinding,
  resolveFindings,
  upsertFindings,
  type FindingInput,
} from './quality-findings';
import {
  inProviderGaps,
  isProviderGap,
  listProviderGaps,
  providerGapRanges,
  recordProviderGaps,
} from './quality-provider-gaps';
import { failingJobs, latestBarTimes, readBarsForCheck } from './quality-reads';
import { ensureSymbols } from './symbols';

let t: TestDatabase;
let aapl: number;
let msft: number;
beforeAll(async () => {
  t = await createTestDatabase();
  const ids = await ensureSymbols(t.database.db, ['AAPL', 'MSFT']);
  aapl = ids.get('AAPL')!;
  msft = ids.get('MSFT')!;
});
afterAll(() => t.drop());
const db = () => t.database.db;

const gap = (sessionDate: string, missing = 1, symbolId = aapl): FindingInput => ({
  symbolId, timeframe: 'm15', sessionDate, kind: 'gap', detail: { missing },
});

describe('quality findings', () => {
  test('an upsert keeps first_seen_at, reports repeats, and keeps the repair state', async () => {
    const [first] = await upsertFindings(db(), [gap('2024-07-01')]);
    expect(first).toMatchObject({ kind: 'gap', sessionDate: '2024-07-01', repeated: false, detail: { missing: 1 } });
    await recordRepairAttempt(db(), { symbolId: aapl, timeframe: 'm15', sessionDate: '2024-07-01' }, { provider: 'alpaca', answer: 'no bars' });
    expect(await recordRepairAttempt(db(), { symbolId: aapl, timeframe: 'm15', sessionDate: '2024-07-01' }, { provider: 'alpaca', answer: '3 of 26 bars' })).toBe(2);
    const [again] = await upsertFindings(db(), [gap('2024-07-01', 2), gap('2024-07-01', 3)]);
    expect(again).toMatchObject({ id: first!.id, repeated: true, firstSeenAt: first!.firstSeenAt });
    expect(again!.detail).toEqual({ missing: 3, repair: { attempts: 2, provider: 'alpaca', lastAnswer: '3 of 26 bars' } });
  });

  test('findings of a checked scope not seen again are resolved; a reopened one starts afresh', async () => {
    const seen = await upsertFindings(db(), [
      gap('2024-07-02'),
      gap('2024-07-03'),
      { symbolId: aapl, timeframe: 'm15', sessionDate: null, kind: 'stale', detail: {} },
      gap('2024-07-02', 1, msft),
    ]);
    const keep = seen.filter((f) => f.sessionDate === '2024-07-03').map((f) => f.id);
    const scope = { symbolIds: [aapl], timeframe: 'm15' as const, kinds: ['gap', 'stale'] as const, fromDate: '2024-07-02', toDate: '2024-07-03' };
    // 07-02 and the stale finding are gone; 07-01 lies outside the scope and MSFT is another symbol.
    expect(await resolveFindings(db(), scope, keep)).toBe(2);
    const open = await listFindings(db(), { symbolId: aapl, limit: 10 });
    expect(open.map((f) => f.sessionDate).sort()).toEqual(['2024-07-01', '2024-07-03']);
    expect((await listFindings(db(), { kind: 'gap', limit: 10 })).find((f) => f.symbol === 'MSFT')).toBeDefined();

    expect(await resolveFinding(db(), { ...gap('2024-07-01'), kind: 'gap' })).toBe(true);
    const [reopened] = await upsertFindings(db(), [gap('2024-07-01')]);
    expect(reopened).toMatchObject({ repeated: false, detail: { missing: 1 } });
    expect(await countOpenFindings(db())).toEqual(new Map([['gap', 3]]));
    expect((await listFindings(db(), { openOnly: false, symbolId: aapl, limit: 2, offset: 0 })).length).toBe(2);
  });
});

describe('provider gaps', () => {
  const at = (iso: string) => new Date(iso);
  test('recorded once per range, found by range, by bar and by coverage', async () => {
    const g = { symbolId: aapl, timeframe: 'm15' as const, provider: 'alpaca', attempts: 3 };
    await recordProviderGaps(db(), [
      { ...g, rangeStart: at('2024-07-01T13:30:00Z'), rangeEnd: at('2024-07-01T15:00:00Z'), answer: 'no bars' },
      { ...g, rangeStart: at('2024-07-01T15:00:00Z'), rangeEnd: at('2024-07-01T16:00:00Z'), answer: 'no bars' },
    ]);
    await recordProviderGaps(db(), [{ ...g, rangeStart: at('2024-07-01T13:30:00Z'), rangeEnd: at('2024-07-01T15:00:00Z'), answer: '2 of 6 bars' }]);
    expect((await listProviderGaps(db(), { symbolId: aapl })).map((r) => r.answer).sort()).toEqual(['2 of 6 bars', 'no bars']);
    expect(await providerGapRanges(db(), aapl, 'm15', { from: at('2024-07-01T15:30:00Z') })).toHaveLength(1);
    expect(await isProviderGap(db(), aapl, 'm15', { from: at('2024-07-01T14:00:00Z'), to: at('2024-07-01T16:00:00Z') })).toBe(true);
    expect(await isProviderGap(db(), aapl, 'm15', { from: at('2024-07-01T14:00:00Z'), to: at('2024-07-01T16:15:00Z') })).toBe(false);
    expect(await isProviderGap(db(), aapl, 'm15', { from: at('2024-07-01T14:00:00Z'), to: at('2024-07-01T15:00:00Z') }, 'sim')).toBe(false);
    const starts = ['2024-07-01T13:15:00Z', '2024-07-01T13:30:00Z', '2024-07-01T15:45:00Z', '2024-07-01T16:00:00Z'].map((s) => Date.parse(s));
    expect([...(await inProviderGaps(db(), aapl, 'm15', starts))]).toEqual([starts[1], starts[2]]);
  });
});

describe('reads for the checks', () => {
  test('bars per symbol, the newest bar per symbol, and failing jobs', async () => {
    const bar = (symbolId: number, iso: string) => ({
      symbolId, timeframe: 'd1' as const, ts: new Date(iso), open: 1, high: 2, low: 0.5, close: 1.5, volume: 10,
      vwap: null, tradeCount: null, provider: 'sim', status: 'verified' as const, fetchedAt: new Date(iso),
    });
    await upsertBars(db(), [bar(aapl, '2024-07-01T13:30:00Z'), bar(aapl, '2024-07-02T13:30:00Z'), bar(msft, '2024-07-01T13:30:00Z')]);
    const bars = await readBarsForCheck(db(), 'd1', [aapl, msft], new Date('2024-07-02T00:00:00Z'));
    expect(bars.get(aapl)!.map((b) => b.ts.toISOString())).toEqual(['2024-07-02T13:30:00.000Z']);
    expect(bars.get(msft)).toEqual([]);
    const latest = await latestBarTimes(db(), 'd1', [aapl, msft, 9999]);
    expect(latest.get(aapl)).toEqual(new Date('2024-07-02T13:30:00Z'));
    expect(latest.get(9999)).toBeNull();

    for (const id of ['a', 'b', 'c', 'd']) {
      const name = id === 'd' ? 'bars-daily' : 'backfill-chunk';
      await markJobRunning(db(), { jobId: id, queue: 'ingest', name, symbols: [], timeframes: [], attempt: 1 });
      await markJobFinished(db(), id, { status: 'failed', error: `boom ${id}` });
    }
    const failing = await failingJobs(db(), { since: new Date(Date.now() - 3600_000), minFailures: 3 });
    expect(failing).toEqual([{ name: 'backfill-chunk', failures: 3, lastError: expect.stringMatching(/^boom/), lastFailedAt: expect.any(Date) }]);
  });
});
