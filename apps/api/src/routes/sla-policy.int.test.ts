import { addToWatchlist, ensureSymbols, listFindings, upsertBars } from '@marketfleet/db';
import { ingestHandlers } from '@marketfleet/ingest';
import type { Job } from '@marketfleet/jobs';
import { marketClock, marketPolicy, PolicyEnv } from '@marketfleet/market';
import { ingestHarness, type Harness } from '@marketfleet/testing';
import { appConfig, loadEnv } from '../env';
import { startTestApp, TEST_KEYS } from '../testing/test-app';

// Wednesday 2024-07-10, 11:07 New York. AAA's m15 bars stop at 09:45: the 10:00 bar has been
// missing since 10:15, 52 minutes ago. Stale under the default 30-minute SLA, fresh under 60.
const now = new Date('2024-07-10T15:07:00Z');

/**
 * One environment variable, two processes: the api's data-health and the worker's stale check
 * both read SLA_MINUTES_M15 through the market's PolicyEnv (worker-ingest's env.ts spreads the
 * same fragment and its main.ts passes marketPolicy(env) to the handlers).
 */
describe('SLA_MINUTES_M15 moves data-health and the stale alerts together', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await ingestHarness();
    const db = h.t.database.db;
    await addToWatchlist(db, ['AAA']);
    const id = (await ensureSymbols(db, ['AAA'])).get('AAA')!;
    const session = marketClock.session('2024-07-10')!;
    await upsertBars(
      db,
      marketClock.expectedBars('m15', session.open, new Date('2024-07-10T13:46:00Z')).map((ts) => ({
        symbolId: id, timeframe: 'm15' as const, ts, open: 10, high: 11, low: 9, close: 10, volume: 100, vwap: 10,
        tradeCount: 5, provider: 'test', status: 'provisional' as const, fetchedAt: now,
      })),
    );
  });
  afterAll(() => h.close());

  async function judge(sla: string | undefined) {
    const env = { DATABASE_URL: h.t.url, APP_API_KEYS: TEST_KEYS.app, ...(sla ? { SLA_MINUTES_M15: sla } : {}) };
    const api = await startTestApp({ db: h.t, kind: 'postgres', now, config: { policy: appConfig(loadEnv(env)).policy } });
    try {
      const health = (await api.app.inject({ url: '/v1/data-health?symbol=AAA&timeframe=m15' })).json();
      const deps = { ...h.deps(now), policy: marketPolicy(PolicyEnv.parse(env)) };
      await ingestHandlers(deps)['quality-check']({ symbols: ['AAA'], timeframes: ['m15'] }, { job: { id: `check-${sla}` } as Job, log: undefined as never });
      const stale = (await listFindings(h.t.database.db, { kind: 'stale', limit: 10 })).length > 0;
      return { apiStale: health.healthStatuses[0].freshness.isStale as boolean, workerStale: stale };
    } finally {
      await api.close();
    }
  }

  test('the default SLA: both call the series stale', async () => {
    expect(await judge(undefined)).toEqual({ apiStale: true, workerStale: true });
  });

  test('SLA_MINUTES_M15=60: both call it fresh, and the stale finding resolves', async () => {
    expect(await judge('60')).toEqual({ apiStale: false, workerStale: false });
  });
});
