import { createTestDatabase, exitWithin, type FakeAlpaca, killAll, signal, startApp, startFakeAlpaca, type TestDatabase, until } from '@marketfleet/testing';
import { allSucceeded, enqueueBackfill, expectCompleteAndConsistent, jobRuns, uniquePrefix, workerEnv } from './scenario';

// SIGTERM (a rollout, a scale-down) stops a worker within its budget and loses no job:
// a chunk that can finish in time finishes; one that cannot is handed back at once.
describe('SIGTERM mid-chunk', () => {
  let t: TestDatabase;
  let fake: FakeAlpaca;

  beforeEach(async () => {
    t = await createTestDatabase();
    fake = await startFakeAlpaca({ seed: 12, latencyMs: 1_500 });
  });
  afterEach(async () => {
    await killAll();
    await fake?.close();
    await t?.drop();
  });

  const runningChunks = (jobIds: string[]) =>
    until('a chunk running', () => jobRuns(t.database.db, jobIds), (runs) => runs.some((r) => r.status === 'running'), 30_000, 50);

  test('a chunk that can finish in time finishes; the worker exits 0 within SHUTDOWN_TIMEOUT_MS', async () => {
    const queue = { databaseUrl: t.url, prefix: uniquePrefix('term') };
    const { jobIds } = await enqueueBackfill(t.database.db, queue);
    const env = workerEnv({ ...queue, alpacaUrl: fake.url, extra: { SHUTDOWN_TIMEOUT_MS: '10000' } });

    const worker = startApp('worker-ingest', 'worker-1', env);
    const victims = (await runningChunks(jobIds)).filter((r) => r.status === 'running').map((r) => r.job_id);
    const signalled = Date.now();
    signal(worker, 'SIGTERM');
    expect((await exitWithin(worker, 10_000)).code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);

    // What it was running finished before it left, and it left nothing claimed behind.
    const after = await jobRuns(t.database.db, jobIds);
    for (const id of victims) expect(after.find((r) => r.job_id === id)?.status).toBe('success');
    expect(after.filter((r) => r.status === 'running')).toEqual([]);

    startApp('worker-ingest', 'worker-2', env);
    await until('every chunk to succeed', () => jobRuns(t.database.db, jobIds), (r) => allSucceeded(r, jobIds.length), 60_000);
    await expectCompleteAndConsistent(t.database.db, jobIds);
  }, 90_000);

  test('a chunk slower than the budget is handed back and taken by the next worker without waiting for its lock', async () => {
    const queue = { databaseUrl: t.url, prefix: uniquePrefix('term') };
    const { jobIds } = await enqueueBackfill(t.database.db, queue);
    // A long lock: a takeover within seconds can then only come from the hand-back.
    const env = workerEnv({ ...queue, alpacaUrl: fake.url, extra: { SHUTDOWN_TIMEOUT_MS: '5000', LOCK_DURATION_MS: '60000' } });
    // Longer than the 5 s budget leaves running jobs (about 3.3 s, see jobGraceMs).
    fake.configure({ latencyMs: 6_000 });

    const worker = startApp('worker-ingest', 'worker-1', env);
    const victims = (await runningChunks(jobIds)).filter((r) => r.status === 'running').map((r) => r.job_id);
    const signalled = Date.now();
    signal(worker, 'SIGTERM');
    expect((await exitWithin(worker, 8_000)).code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5_000);
    expect(worker.printed('job handed back at shutdown')).toBe(true);
    const after = await jobRuns(t.database.db, jobIds);
    for (const id of victims) expect(after.find((r) => r.job_id === id)).toMatchObject({ status: 'queued', error: expect.stringMatching(/handed back/) });

    fake.configure({ latencyMs: 200 });
    startApp('worker-ingest', 'worker-2', env);
    // Well inside the 60 s lock: the handed-back chunks do not wait for it to expire.
    await until('every chunk to succeed', () => jobRuns(t.database.db, jobIds), (r) => allSucceeded(r, jobIds.length), 30_000);
    await expectCompleteAndConsistent(t.database.db, jobIds);
  }, 90_000);
});
