import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { addToWatchlist, ensureSymbols, getCalibration, upsertBars } from '@marketfleet/db';
import { createQueueBackend, forecastCalibration, Producer } from '@marketfleet/jobs';
import { marketClock } from '@marketfleet/market';
import {
  ar1Closes,
  createTestDatabase,
  exitWithin,
  expectAlive,
  freePort,
  killAll,
  signal,
  startApp,
  storedBars,
  type TestDatabase,
  until,
} from '@marketfleet/testing';

const SYMBOLS = ['WA', 'WB', 'WC', 'WD'];

/** Milliseconds /healthz takes to answer, or Infinity when it does not within a second. */
function healthz(port: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 1_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? Date.now() - started : Infinity));
    });
    req.on('timeout', () => (req.destroy(), resolve(Infinity)));
    req.on('error', () => resolve(Infinity));
    req.end();
  });
}

// worker-ml as it runs in production (its own process, fits in a worker thread): a long batch
// leaves /healthz answering, and a batch whose worker is killed is taken over and finishes.
describe('worker-ml processes', () => {
  let t: TestDatabase;
  let producer: Producer;
  const prefix = `mf-ml-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    t = await createTestDatabase();
    const ids = await ensureSymbols(t.database.db, SYMBOLS);
    await addToWatchlist(t.database.db, SYMBOLS);
    const sessions = marketClock.sessionsBetween('2013-01-01', '2024-07-10').map((s) => s.open);
    for (const [i, s] of SYMBOLS.entries()) {
      const closes = ar1Closes(sessions.length, 0.1, 40 + i);
      await upsertBars(t.database.db, storedBars(ids.get(s)!, 'd1', sessions, (k) => closes[k]!));
    }
    producer = new Producer(createQueueBackend({ databaseUrl: t.url, prefix }), t.database.db);
  });
  afterAll(async () => {
    await killAll();
    await producer?.close();
    await t?.drop();
  });

  const env = (port: number) => ({ DATABASE_URL: t.url, QUEUE_PREFIX: prefix, METRICS_PORT: String(port), LOCK_DURATION_MS: '4000', ML_THREADS: '1', LOG_LEVEL: 'info' });
  const calibrated = async () => (await Promise.all(SYMBOLS.map(async (s) => (await t.database.sql`select 1 from forecast_calibrations c join symbols y on y.id = c.symbol_id where y.ticker = ${s}`).length))).every((n) => n > 0);

  test('a long batch keeps /healthz answering; a killed worker’s batch is taken over and finishes', async () => {
    // Ten years of d1 × 4 symbols of walk-forwards: seconds of CPU in one job.
    await producer.enqueue(forecastCalibration, { symbols: SYMBOLS, horizons: ['1D'] });
    const port1 = await freePort();
    const first = startApp('worker-ml', 'ml-1', env(port1));
    await until('worker-ml-1 running the batch', async () => (await t.database.sql`select status from job_runs where name = 'forecast-calibration'`)[0]?.status, (s) => s === 'running', 30_000, 50);
    const latencies: number[] = [];
    for (let i = 0; i < 8; i++) {
      latencies.push(await healthz(port1));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(Math.max(...latencies)).toBeLessThan(1_000);
    expect(await calibrated()).toBe(false);

    signal(first, 'SIGKILL');
    expect((await exitWithin(first, 5_000)).signal).toBe('SIGKILL');
    const second = startApp('worker-ml', 'ml-2', env(await freePort()));
    await until('the batch to finish on worker-ml-2', async () => (await t.database.sql`select status from job_runs where name = 'forecast-calibration'`)[0]?.status, (s) => s === 'success', 90_000);
    expectAlive(second);
    expect(second.printed('job stalled')).toBe(true);
    expect(await calibrated()).toBe(true);
    const [wa] = await ensureSymbols(t.database.db, ['WA']).then((m) => [...m.values()]);
    expect((await getCalibration(t.database.db, wa!, '1D'))!.samples).toBeGreaterThan(2000);
  }, 150_000);
});
