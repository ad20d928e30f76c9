import { backfillChunkStatuses, backfillProgress, getJobRun } from '@marketfleet/db';
import { QueueName, type Worker } from '@marketfleet/jobs';
import { marketClock } from '@marketfleet/market';
import { type Harness, ingestHarness, until } from '@marketfleet/testing';
import { Priority, startBackfill } from '../backfill';
import { planBackfill } from '../planning/plan-backfill';
import { startIngestWorker } from '../start';

describe('a backfill chunk that runs twice', () => {
  let h: Harness;
  let worker: Worker | undefined;
  beforeAll(async () => {
    h = await ingestHarness();
  });
  afterAll(async () => {
    await worker?.close();
    await h.close();
  });
  const db = () => h.t.database.db;

  // A worker can run a finished job again: its completion was lost with a queue-store restart,
  // so the job stalled and was taken over. The second run finds every bar stored and writes none.
  test('keeps its bars written, and the backfill’s progress never goes backwards', async () => {
    const req = { kind: 'manual' as const, symbols: ['MSFT'], timeframes: ['d1' as const], from: '2024-06-03', to: '2024-06-28', priority: Priority.Manual };
    const plan = planBackfill(req, { clock: marketClock });
    expect(plan).toHaveLength(1);
    const started = await startBackfill(h.producer, db(), req, plan);
    worker = startIngestWorker(h.deps(new Date('2024-08-01T00:00:00Z')), { backend: h.backend });
    const { jobId } = (await backfillChunkStatuses(db(), started.id))[0]!;
    await until('the chunk to succeed', () => getJobRun(db(), jobId), (r) => r?.status === 'success', 30_000);
    const done = await backfillProgress(db(), started.id);
    expect(done).toMatchObject({ done: 1, percent: 100, barsWritten: 19, status: 'done' });

    // The same job runs again (not a new request: nothing queued it through the producer).
    h.fake.configure({ latencyMs: 1_500 });
    const requests = h.fake.stats.requests;
    await (await h.producer.queue(QueueName.Ingest).getJob(jobId))!.retry('completed');
    await until('the second run to ask the provider', async () => h.fake.stats.requests, (n) => n > requests, 30_000, 20);
    expect(await backfillProgress(db(), started.id)).toMatchObject({ done: 1, running: 0, percent: 100, barsWritten: 19, status: 'done' });

    const job = await h.producer.queue(QueueName.Ingest).getJob(jobId);
    await until('the second run to finish', () => job!.getState(), (s) => s === 'completed', 30_000);
    expect(await getJobRun(db(), jobId)).toMatchObject({ status: 'success', barsWritten: 19 });
    expect(await backfillProgress(db(), started.id)).toMatchObject({ done: 1, barsWritten: 19, status: 'done' });
  });
});
