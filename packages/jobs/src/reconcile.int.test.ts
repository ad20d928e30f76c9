import { randomBytes } from 'node:crypto';
import { getJobRun, markJobQueued } from '@marketfleet/db';
import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { createQueueBackend } from './backend';
import { backfillChunk } from './definitions/ingest';
import { calendarSync } from './definitions/reference';
import { Producer } from './producer';
import { QueueName } from './queues';
import { requeueLostJobs } from './reconcile';

describe('queueing lost jobs again from job_runs', () => {
  let t: TestDatabase;
  let producer: Producer;
  beforeAll(async () => {
    t = await createTestDatabase();
    const backend = createQueueBackend({
      databaseUrl: t.url,
      redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      prefix: `mf-reconcile-${randomBytes(4).toString('hex')}`,
    });
    producer = new Producer(backend, t.database.db);
  });
  afterAll(async () => {
    await producer.queue(QueueName.Ingest).obliterate({ force: true });
    await producer.close();
    await t.drop();
  });
  const db = () => t.database.db;

  test('a lost job comes back with its id, payload and priority; one the store numbered gets a new number; one without a payload is closed', async () => {
    const queue = producer.queue(QueueName.Ingest);
    const chunk = { symbols: ['AAPL'], timeframes: ['d1' as const], from: '2024-06-03', to: '2024-06-28' };
    const { jobId } = await producer.enqueue(backfillChunk, chunk, { priority: 5, triggeredBy: 'backfill:x' });
    const calendar = await producer.enqueue(calendarSync, {});
    await markJobQueued(db(), { jobId: 'repeat-of-a-schedule', queue: QueueName.Ingest, name: 'bars-intraday', symbols: [], timeframes: ['m15'] });
    // Nothing was lost yet: nothing to do.
    expect(await requeueLostJobs(producer, db())).toEqual({ requeued: 0, closed: 1, errors: 0 });
    expect(await getJobRun(db(), 'repeat-of-a-schedule')).toMatchObject({ status: 'failed', error: expect.stringMatching(/^lost:/) });

    await queue.obliterate({ force: true });
    expect(await requeueLostJobs(producer, db())).toEqual({ requeued: 2, closed: 0, errors: 0 });
    const job = await queue.getJob(jobId);
    expect(job).toMatchObject({ name: backfillChunk.name, data: chunk, opts: expect.objectContaining({ priority: 5 }) });
    expect(await getJobRun(db(), jobId)).toMatchObject({ status: 'queued', payload: chunk, priority: 5, triggeredBy: 'backfill:x' });
    const old = await getJobRun(db(), calendar.jobId);
    expect(old).toMatchObject({ status: 'failed', error: expect.stringMatching(/^lost: .* queued again as \d+$/) });
    const renumbered = /as (\d+)$/.exec(old!.error!)![1]!;
    expect(await queue.getJob(renumbered)).toMatchObject({ name: calendarSync.name });
    // Healed: the next check finds nothing lost.
    expect(await requeueLostJobs(producer, db())).toEqual({ requeued: 0, closed: 0, errors: 0 });
  });
});
