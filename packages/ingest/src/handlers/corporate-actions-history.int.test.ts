import { addToWatchlist, ensureSymbols, findSymbol, listCorporateActions, listFindings, readAdjustedBars, readBars, upsertBars } from '@marketfleet/db';
import { corporateActionsSync, QueueName, type Job } from '@marketfleet/jobs';
import { DEFAULT_POLICY, marketClock, type Timeframe } from '@marketfleet/market';
import { type Harness, ingestHarness } from '@marketfleet/testing';
import { type IngestDeps } from '../deps';
import { ingestBars } from '../ingest/ingest-bars';
import { ingestHandlers } from '.';

// In the simulated market of seed 7: T42 splits 1:10 (reverse) on 2021-10-12, T25 4:1 on
// 2021-09-02, T55 2:1 on 2021-11-29. Raw bars carry them; the chart reads split-adjusted.
const job = (id: string) => ({ job: { id } as Job, log: undefined as never });

/** The largest close-to-close move between consecutive bars, as a ratio ≥ 1. */
function largestMove(bars: ReadonlyArray<{ close: number }>): number {
  let worst = 1;
  for (let i = 1; i < bars.length; i++) {
    const r = bars[i]!.close / bars[i - 1]!.close;
    worst = Math.max(worst, r, 1 / r);
  }
  return worst;
}

describe('corporate actions cover each symbol’s whole stored history', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await ingestHarness({ seed: 7 });
  });
  afterAll(() => h.close());
  const db = () => h.t.database.db;
  const deps = (now: string, d1Days = 200): IngestDeps => ({
    ...h.deps(new Date(now)),
    policy: { ...DEFAULT_POLICY, historyDays: { m15: 10, h1: 20, h4: 20, d1: d1Days, w1: d1Days } },
  });
  const storeDaily = async (d: IngestDeps, symbol: string, from: string, to: string) => {
    const sessions = marketClock.sessionsBetween(from, to);
    await ingestBars(d, { symbols: [symbol], timeframes: ['d1'], from: sessions[0]!.open, to: sessions[sessions.length - 1]!.close });
  };
  const d1 = async (symbol: string, adjustment: 'raw' | 'split') =>
    readAdjustedBars(db(), { symbolId: (await findSymbol(db(), symbol))!.id, timeframe: 'd1', adjustment });

  test('a symbol seeded on the watchlist charts continuously across a split deep in its history', async () => {
    // As `npm start` seeds the default watchlist and the scheduler's start queues the sync.
    await addToWatchlist(db(), ['T42'], 'seed');
    const d = deps('2022-01-20T15:00:00Z');
    await ingestHandlers(d)['corporate-actions-sync']({}, job('ca-start'));
    await storeDaily(d, 'T42', '2021-07-06', '2022-01-19');

    expect(largestMove(await d1('T42', 'raw'))).toBeGreaterThan(8);
    const adjusted = await d1('T42', 'split');
    expect(adjusted.length).toBeGreaterThan(100);
    expect(largestMove(adjusted)).toBeLessThan(1.5);
  });

  test('history stored later (an import) is covered by the next daily sync, on the watchlist or not', async () => {
    const d = deps('2022-01-20T15:00:00Z');
    await storeDaily(d, 'T25', '2021-12-01', '2022-01-19');
    await ingestHandlers(d)['corporate-actions-sync']({}, job('ca-daily-1'));
    // Older history arrives: an import, not a provider fetch.
    const older = await readBarsFromProvider(d, 'T25', '2021-06-01', '2021-11-30');
    const symbolId = (await ensureSymbols(db(), ['T25'])).get('T25')!;
    await upsertBars(db(), older.map((b) => ({ ...b, symbolId, timeframe: 'd1' as Timeframe, provider: 'import', status: 'verified' as const, fetchedAt: new Date() })));
    expect(largestMove(await d1('T25', 'split'))).toBeGreaterThan(3);

    await ingestHandlers(deps('2022-01-21T15:00:00Z'))['corporate-actions-sync']({}, job('ca-daily-2'));
    expect((await listCorporateActions(db(), symbolId)).map((a) => [a.exDate, a.type, a.ratio])).toContainEqual(['2021-09-02', 'forward_split', 4]);
    expect(largestMove(await d1('T25', 'split'))).toBeLessThan(1.5);
  });

  /** A range of raw d1 bars as a file would hold them: read from the provider, not stored. */
  async function readBarsFromProvider(d: IngestDeps, symbol: string, from: string, to: string) {
    const sessions = marketClock.sessionsBetween(from, to);
    const answer = await d.provider.fetchBars({ symbols: [symbol], timeframes: ['d1'], from: sessions[0]!.open, to: sessions[sessions.length - 1]!.close });
    return answer.series.flatMap((s) => s.bars);
  }
});

describe('a split-sized jump no stored action explains', () => {
  /** T55's d1 bars of autumn 2021 (a 2:1 split on 29 November in the raw series), quality-checked once. */
  async function jumpChecked(h: Awaited<ReturnType<typeof ingestHarness>>) {
    const db = h.t.database.db;
    await addToWatchlist(db, ['T55']);
    const d = h.deps(new Date('2021-12-01T15:00:00Z'));
    const sessions = marketClock.sessionsBetween('2021-08-02', '2021-11-30');
    await ingestBars(d, { symbols: ['T55'], timeframes: ['d1'], from: sessions[0]!.open, to: sessions[sessions.length - 1]!.close });
    const id = (await findSymbol(db, 'T55'))!.id;
    const check = { symbols: ['T55'], timeframes: ['d1' as const], days: 3 };
    await ingestHandlers(d)['quality-check'](check, job('q-1'));
    return { db, d, id, check };
  }

  test('queues a corporate-actions sync for that symbol around that day; the action found resolves the finding', async () => {
    const h = await ingestHarness({ seed: 7 });
    try {
      const { db, d, id, check } = await jumpChecked(h);
      expect((await listFindings(db, { symbolId: id, kind: 'price_jump', limit: 5 })).map((f) => f.sessionDate)).toEqual(['2021-11-29']);

      const queued = (await h.producer.queue(QueueName.Ingest).getJobs()).filter((j) => j.name === corporateActionsSync.name);
      expect(queued.map((j) => j.data)).toEqual([{ symbols: ['T55'], from: '2021-11-22', to: '2021-12-06' }]);
      await ingestHandlers(d)['corporate-actions-sync'](queued[0]!.data, job('ca-jump'));
      expect((await listCorporateActions(db, id)).map((a) => [a.exDate, a.ratio])).toContainEqual(['2021-11-29', 2]);
      await ingestHandlers(d)['quality-check'](check, job('q-2'));
      expect(await listFindings(db, { symbolId: id, kind: 'price_jump', limit: 5 })).toEqual([]);
      expect(largestMove(await readAdjustedBars(db, { symbolId: id, timeframe: 'd1', adjustment: 'split' }))).toBeLessThan(1.5);
      expect(largestMove(await readBars(db, { symbolId: id, timeframe: 'd1' }))).toBeGreaterThan(1.6);
    } finally {
      await h.close();
    }
  });

  test('stays an open finding when the provider has no action for it, and is not asked again and again', async () => {
    const h = await ingestHarness({ seed: 7, simCorporateActions: false });
    try {
      const { db, d, id, check } = await jumpChecked(h);
      const syncs = async () => (await h.producer.queue(QueueName.Ingest).getJobs()).filter((j) => j.name === corporateActionsSync.name);
      const [sync] = await syncs();
      await ingestHandlers(d)['corporate-actions-sync'](sync!.data, job(sync!.id!));
      await ingestHandlers(d)['quality-check'](check, job('q-2'));
      expect((await listFindings(db, { symbolId: id, kind: 'price_jump', limit: 5 })).map((f) => [f.sessionDate, (f.detail as { jumps: Array<{ splitLike?: string }> }).jumps[0]!.splitLike])).toEqual([['2021-11-29', expect.any(String)]]);
      expect(await listCorporateActions(db, id)).toEqual([]);
      expect((await syncs()).length).toBe(1);
    } finally {
      await h.close();
    }
  });
});
