import { randomBytes } from 'node:crypto';
import {
  addToWatchlist,
  ensureSymbols,
  forecastRunsOf,
  getCalibration,
  latestForecast,
  upsertBars,
  upsertCorporateActions,
  type Db,
} from '@marketfleet/db';
import { createQueueBackend, forecastCalibration, type Job, Producer, QueueName } from '@marketfleet/jobs';
import { DEFAULT_POLICY, marketClock, nyDate } from '@marketfleet/market';
import { createLogger, inlinePool } from '@marketfleet/runtime';
import { ar1Closes, createTestDatabase, storedBars, type TestDatabase } from '@marketfleet/testing';
import type { ForecastDeps } from './deps';
import { mlHandlers } from './handlers';
import { FIT_TASKS } from './tasks';

// Wednesday 2024-07-10, 18:00 New York: the day's session is closed and its d1 bar is stored.
const NOW = new Date('2024-07-10T22:00:00Z');
const job = (id: string) => ({ job: { id } as Job, log: undefined as never });

/** The d1 session opens of the last `n` sessions up to `until` (a New York date). */
function sessions(n: number, until: string): Date[] {
  const all = marketClock.sessionsBetween('2015-01-01', until);
  return all.slice(-n).map((s) => s.open);
}

describe('the ml queue handlers', () => {
  let t: TestDatabase;
  let producer: Producer;
  let deps: ForecastDeps;
  let ids: Map<string, number>;
  const db = (): Db => t.database.db;
  beforeAll(async () => {
    t = await createTestDatabase();
    producer = new Producer(createQueueBackend({ databaseUrl: t.url, prefix: `mf-test-${randomBytes(4).toString('hex')}` }), t.database.db);
    deps = { db: t.database.db, clock: marketClock, policy: DEFAULT_POLICY, pool: inlinePool(FIT_TASKS), producer, now: () => NOW, logger: createLogger('test', 'silent') };
    ids = await ensureSymbols(db(), ['AAA', 'SHORT', 'STALE', 'GAPPY', 'SPLITS']);
    await addToWatchlist(db(), ['AAA', 'SHORT', 'STALE', 'GAPPY', 'SPLITS']);
    const closes = ar1Closes(1000, 0.1, 5);
    const full = sessions(1000, '2024-07-10');
    await upsertBars(db(), [
      ...storedBars(ids.get('AAA')!, 'd1', full, (i) => closes[i]!),
      ...storedBars(ids.get('SHORT')!, 'd1', full.slice(-120), (i) => closes[i]!),
      // Its newest bar is from June: stale for a daily SLA.
      ...storedBars(ids.get('STALE')!, 'd1', sessions(1000, '2024-06-20'), (i) => closes[i]!),
      ...storedBars(ids.get('GAPPY')!, 'd1', full, (i) => closes[i]!),
      ...storedBars(ids.get('SPLITS')!, 'd1', full, (i) => closes[i]!),
    ]);
    await t.database.sql`insert into quality_findings (symbol_id, timeframe, session_date, kind, scope, detail)
      values (${ids.get('GAPPY')!}, 'd1', '2024-07-08', 'gap', ${`${ids.get('GAPPY')}|d1|2024-07-08`}, '{}'::jsonb)`;
    // A 2:1 split two sessions out: inside 1W and 1M, after 1D's one bar.
    await upsertCorporateActions(db(), [{ symbolId: ids.get('SPLITS')!, type: 'forward_split', exDate: '2024-07-12', ratio: 2, cashAmount: null, provider: 'test' }]);
  });
  afterAll(async () => {
    await producer.close();
    await t.drop();
  });

  test('daily forecasts for the watchlist: stored with paths on the market calendar, skips recorded with their reasons', async () => {
    const result = await mlHandlers(deps)['forecast-daily']({}, job('daily-1'));
    // AAA's three horizons and SPLITS' 1D; the rest skipped.
    expect(result).toMatchObject({ detail: expect.stringMatching(/^4 forecasts; skipped GAPPY 1D: open quality gap/) });

    const f = (await latestForecast(db(), ids.get('AAA')!, '1W'))!;
    expect(f).toMatchObject({ timeframe: 'd1', lastBarTs: marketClock.session('2024-07-10')!.open, calibrated: false, bandMethod: 'volatility' });
    // One point per session after the last bar: Thu 11, Fri 12, Mon 15, Tue 16, Wed 17 July.
    expect(f.points.map((p) => nyDate(new Date(p.ts)))).toEqual(['2024-07-11', '2024-07-12', '2024-07-15', '2024-07-16', '2024-07-17']);
    expect(f.points.map((p) => p.ts)).toEqual(marketClock.sessionsBetween('2024-07-11', '2024-07-17').map((s) => s.open.toISOString()));
    expect(f.confidence).toBe(f.probabilities[f.label]);
    expect((await latestForecast(db(), ids.get('AAA')!, '1M'))!.points).toHaveLength(21);

    const runs = new Map((await forecastRunsOf(db(), [...ids.values()])).map((r) => [`${r.symbolId}|${r.horizon}`, r]));
    const reason = (s: string, h: string) => runs.get(`${ids.get(s)}|${h}`)?.reason;
    expect(reason('SHORT', '1D')).toMatch(/^too few bars: 120 d1 bars stored/);
    expect(reason('STALE', '1W')).toMatch(/^stale bars: the newest d1 bar/);
    expect(reason('GAPPY', '1M')).toBe('open quality gap: 1 open gap finding in the d1 bars');
    expect(runs.get(`${ids.get('SPLITS')}|1D`)).toMatchObject({ status: 'ok' });
    expect(reason('SPLITS', '1W')).toBe('pending split: forward_split 2 on 2024-07-12, inside the 1W horizon');
    expect(await latestForecast(db(), ids.get('SHORT')!, '1D')).toBeNull();

    // Symbols without a calibration get one queued.
    const queued = await producer.queue(QueueName.Ml).getJobs(['waiting', 'prioritized']);
    expect(queued.filter((j) => j.name === forecastCalibration.name).length).toBeGreaterThan(0);
  });

  test('a rerun on the same bars adds nothing', async () => {
    const before = await t.database.sql<{ n: number }[]>`select count(*)::int as n from forecasts`;
    await mlHandlers(deps)['forecast-daily']({}, job('daily-2'));
    const after = await t.database.sql<{ n: number }[]>`select count(*)::int as n from forecasts`;
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  test('calibration fits on a walk-forward and the next forecast applies it', async () => {
    const result = await mlHandlers(deps)['forecast-calibration']({ symbols: ['AAA'], horizons: ['1D'] }, job('cal-1'));
    expect(result).toMatchObject({ detail: expect.stringMatching(/^AAA 1D: \d+ forecasts, hit [\d.]+ %, (no skill|skill)$/) });
    const cal = (await getCalibration(db(), ids.get('AAA')!, '1D'))!;
    expect(cal.samples).toBeGreaterThan(300);
    expect(cal.calibration?.conformal).not.toBeNull();
    // A later run (the next session's bar arrived) is calibrated with conformal bands.
    const next = marketClock.session('2024-07-11')!;
    await upsertBars(db(), storedBars(ids.get('AAA')!, 'd1', [next.open], () => 101));
    await mlHandlers({ ...deps, now: () => new Date(next.close.getTime() + 3600_000) })['forecast-daily']({ symbols: ['AAA'], horizons: ['1D'] }, job('daily-3'));
    expect(await latestForecast(db(), ids.get('AAA')!, '1D')).toMatchObject({ calibrated: true, bandMethod: 'conformal', lastBarTs: next.open });
  });

  test('intraday forecasts wait for the market to open; an unknown symbol is a recorded skip', async () => {
    expect(await mlHandlers(deps)['forecast-intraday']({}, job('intra-1'))).toEqual({ status: 'skipped', detail: 'the market is closed' });
    const r = await mlHandlers(deps)['forecast-daily']({ symbols: ['NOPE'] }, job('daily-4'));
    expect(r).toEqual({ status: 'skipped', detail: expect.stringContaining('NOPE 1D: unknown symbol NOPE') });
  });
});
