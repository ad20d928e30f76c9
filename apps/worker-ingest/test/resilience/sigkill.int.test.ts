import { createTestDatabase, exitWithin, expectAlive, type FakeAlpaca, killAll, type PrivateRedis, signal, startApp, startFakeAlpaca, startRedis, type TestDatabase, until } from '@marketfleet/testing';
import { allSucceeded, enqueueBackfill, expectCompleteAndConsistent, jobRuns, uniquePrefix, workerEnv } from './scenario';

// A worker killed with SIGKILL in the middle of a chunk: its lock lapses, another worker
// takes the chunk over, and the end state has every bar once and every chunk succeeded.
describe.each(['postgres', 'redis'] as const)('SIGKILL mid-chunk, queues on %s', (kind) => {
  let t: TestDatabase;
  let fake: FakeAlpaca;
  let redis: PrivateRedis | undefined;

  beforeAll(async () => {
    t = await createTestDatabase();
    // Each request takes 1.5 s, so a chunk is reliably in flight when the worker dies.
    fake = await startFakeAlpaca({ seed: 11, latencyMs: 1_500 });
    if (kind === 'redis') redis = await startRedis();
  });
  afterAll(async () => {
    await killAll();
    await fake?.close();
    await redis?.stop();
    await t?.drop();
  });

  test('the killed worker’s chunk is taken over after its lock expires; nothing is lost or stored twice', async () => {
    const queue = { databaseUrl: t.url, redisUrl: redis?.url, prefix: uniquePrefix('kill') };
    const { jobIds } = await enqueueBackfill(t.database.db, queue);
    const env = workerEnv({ ...queue, alpacaUrl: fake.url });

    const first = startApp('worker-ingest', 'worker-1', env);
    const running = await until(
      'a chunk running on worker-1',
      () => jobRuns(t.database.db, jobIds),
      (runs) => runs.some((r) => r.status === 'running'),
      30_000,
      50,
    );
    const victims = running.filter((r) => r.status === 'running').map((r) => r.job_id);
    const killedAt = Date.now();
    signal(first, 'SIGKILL');
    expect((await exitWithin(first, 5_000)).signal).toBe('SIGKILL');

    const second = startApp('worker-ingest', 'worker-2', env);
    const runs = await until('every chunk to succeed on worker-2', () => jobRuns(t.database.db, jobIds), (r) => allSucceeded(r, jobIds.length), 60_000);
    expectAlive(second);
    expect(second.printed('job stalled')).toBe(true);
    // The chunks that died with worker-1 ran again from the start on worker-2.
    for (const id of victims) expect(runs.find((r) => r.job_id === id)!.started_ms).toBeGreaterThan(killedAt);
    await expectCompleteAndConsistent(t.database.db, jobIds);
  }, 90_000);
});
