import { getJobRun, hasActiveJob } from '@marketfleet/db';
import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { randomBytes } from 'node:crypto';
import { UnrecoverableError, type Worker } from 'bullmq';
import { backfillChunk, createQueueBackend, INGEST_JOBS, Producer, QueueName, type QueueBackend } from '@marketfleet/jobs';
import { createLogger } from './logger';
import { assertHandlers, startWorker, type HandlerMap } from './worker';

const logger = createLogger('test', 'silent');
const chunk = { symbols: ['AAPL'], timeframes: ['m15' as const], from: '2024-01-02', to: '2024-01-05' };

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(['postgres', 'redis'] as const)('jobs on the %s queue backend', (kind) => {
  let t: TestDatabase;
  let backend: QueueBackend;
  let producer: Producer;
  let worker: Worker | undefined;

  beforeAll(async () => {
    t = await createTestDatabase();
    backend = createQueueBackend({
      databaseUrl: t.url,
      redisUrl: kind === 'redis' ? (process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined,
      prefix: `mf-test-${randomBytes(4).toString('hex')}`,
    });
    producer = new Producer(backend, t.database.db);
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await producer.queue(QueueName.Ingest).obliterate({ force: true });
  });
  afterAll(async () => {
    await producer.close();
    await t.drop();
  });

  const run = (jobId: string) => getJobRun(t.database.db, jobId);

  const handlers = (chunkHandler: HandlerMap<typeof INGEST_JOBS>['backfill-chunk']): HandlerMap<typeof INGEST_JOBS> => ({
    'bars-intraday': async () => ({ status: 'skipped' }),
    'bars-daily': async () => ({ status: 'skipped' }),
    'coverage-sweep': async () => undefined,
    'backfill-chunk': chunkHandler,
    'quality-check': async () => undefined,
    'repair-gap': async () => undefined,
    'calendar-sync': async () => undefined,
    'corporate-actions-sync': async () => undefined,
    'options-tick': async () => ({ status: 'skipped' }),
    'options-scrape': async () => undefined,
    'options-snapshot': async () => undefined,
    'options-partitions': async () => undefined,
  });

  test('the same work enqueued twice while waiting is one job, recorded as queued', async () => {
    const first = await producer.enqueue(backfillChunk, chunk);
    const second = await producer.enqueue(backfillChunk, chunk);
    expect(second).toEqual({ jobId: first.jobId, duplicate: true });
    expect(await producer.queue(QueueName.Ingest).getJobCounts('waiting', 'prioritized')).toMatchObject({ waiting: 1 });
    expect(await run(first.jobId)).toMatchObject({ status: 'queued', symbols: ['AAPL'], timeframes: ['m15'] });
    expect(await hasActiveJob(t.database.db, 'AAPL', 'm15')).toBe(true);
    expect(await hasActiveJob(t.database.db, 'AAPL', 'd1')).toBe(false);
  });

  test('a worker runs the handler and records the outcome', async () => {
    const { jobId } = await producer.enqueue(backfillChunk, chunk);
    const seen: string[][] = [];
    worker = startWorker({
      backend, db: t.database.db, queue: QueueName.Ingest, jobs: INGEST_JOBS, logger,
      handlers: handlers(async (p) => {
        seen.push(p.symbols);
        return { barsWritten: 7, provider: 'sim' };
      }),
    });
    const done = await until(() => run(jobId), (r) => r?.status === 'success');
    expect(done).toMatchObject({ status: 'success', barsWritten: 7, provider: 'sim', attempts: 1 });
    expect(seen).toEqual([['AAPL']]);
    expect(await hasActiveJob(t.database.db, 'AAPL', 'm15')).toBe(false);
    // Finished, so the same work may be enqueued again (e.g. a retry from an operator). The run is
    // recorded before the queue moves the job to completed: wait for the queue too.
    const job = await producer.queue(QueueName.Ingest).getJob(jobId);
    await until(() => job!.getState(), (s) => s === 'completed');
    expect((await producer.enqueue(backfillChunk, chunk)).duplicate).toBe(false);
  });

  test('a job that keeps failing is retried, then recorded as failed with its cause', async () => {
    // Same job, with a short backoff so the test does not wait out the production one.
    const jobId = 'flaky-chunk';
    await producer.queue(QueueName.Ingest).add('backfill-chunk', chunk, { jobId, attempts: 3, backoff: 10 });
    let calls = 0;
    worker = startWorker({
      backend, db: t.database.db, queue: QueueName.Ingest, jobs: INGEST_JOBS, logger,
      handlers: handlers(async () => {
        calls++;
        throw calls < 2 ? new Error('provider down') : new UnrecoverableError('provider refused: bad key');
      }),
    });
    const failed = await until(() => run(jobId), (r) => r?.status === 'failed');
    expect(failed).toMatchObject({ status: 'failed', error: 'provider refused: bad key', attempts: 2 });
    expect(calls).toBe(2);
  });

  test('a payload that does not match its schema fails without running the handler', async () => {
    await producer.queue(QueueName.Ingest).add('backfill-chunk', { symbols: ['bad symbol'] }, { jobId: 'bad-payload' });
    let called = false;
    worker = startWorker({
      backend, db: t.database.db, queue: QueueName.Ingest, jobs: INGEST_JOBS, logger,
      handlers: handlers(async () => {
        called = true;
      }),
    });
    const job = await until(
      () => producer.queue(QueueName.Ingest).getJob('bad-payload').then((j) => j?.getState()),
      (s) => s === 'failed',
    );
    expect(job).toBe('failed');
    expect(called).toBe(false);
  });
});

test('a worker refuses to start when a job of its queue has no handler', () => {
  expect(() => assertHandlers(QueueName.Ingest, INGEST_JOBS, { 'bars-intraday': async () => undefined })).toThrow(
    /handlers missing for \[bars-daily, backfill-chunk, coverage-sweep, quality-check, repair-gap, calendar-sync, corporate-actions-sync, options-tick, options-scrape, options-snapshot, options-partitions\]/,
  );
});
