import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { ALL_QUEUES, barsIntraday, createQueueBackend, QueueName, type Queue } from '@marketfleet/jobs';
import { applySchedules, SCHEDULES } from './schedules';

describe('applySchedules', () => {
  let t: TestDatabase;
  let queues: Map<QueueName, Queue>;
  const queueOf = (name: QueueName) => queues.get(name)!;
  beforeAll(async () => {
    t = await createTestDatabase();
    const backend = createQueueBackend({ databaseUrl: t.url, prefix: `mf-test-${randomBytes(4).toString('hex')}` });
    queues = new Map(ALL_QUEUES.map((n) => [n, backend.queue(n)]));
  });
  afterAll(async () => {
    await Promise.all([...queues.values()].map((q) => q.close()));
    await t.drop();
  });

  test('registers every schedule in New York time, removes retired ones, and is idempotent', async () => {
    await queueOf(QueueName.Ingest).upsertJobScheduler('retired-schedule', { every: 60_000 }, { name: barsIntraday.name, data: {} });
    expect(await applySchedules(queueOf)).toBe(SCHEDULES.length);
    const registered = (await Promise.all(ALL_QUEUES.map(async (n) => (await queueOf(n).getJobSchedulers(0, -1)).map((s) => ({ ...s, queue: n }))))).flat();
    expect(registered.map((s) => s.key).sort()).toEqual(SCHEDULES.map((s) => s.id).sort());
    for (const s of registered) {
      const def = SCHEDULES.find((d) => d.id === s.key)!;
      expect(s.queue).toBe(def.job.queue);
      expect(s.tz).toBe(def.tz ?? 'America/New_York');
      expect(s.pattern).toBe(def.pattern);
    }
    // Nothing missing the second time: a restart re-applies without queueing a sweep.
    expect(await applySchedules(queueOf)).toBe(0);
    // Each schedule already has its next run waiting as a delayed job on its own queue.
    const delayed = (await Promise.all(ALL_QUEUES.map((n) => queueOf(n).getDelayed()))).flat();
    expect(delayed.map((j) => j.name).sort()).toEqual(SCHEDULES.map((s) => s.job.name).sort());
  });

  test('a schedule that was lost (the queue store restarted empty) is counted as missing', async () => {
    await queueOf(QueueName.Ingest).removeJobScheduler('bars-daily');
    await queueOf(QueueName.Ml).removeJobScheduler('forecast-calibration-nightly');
    expect(await applySchedules(queueOf)).toBe(2);
  });
});
