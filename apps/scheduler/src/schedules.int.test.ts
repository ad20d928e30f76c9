import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { barsIntraday, createQueueBackend, QueueName, type Queue } from '@marketfleet/jobs';
import { applySchedules, SCHEDULES } from './schedules';

describe('applySchedules', () => {
  let t: TestDatabase;
  let queue: Queue;
  beforeAll(async () => {
    t = await createTestDatabase();
    queue = createQueueBackend({ databaseUrl: t.url, prefix: `mf-test-${randomBytes(4).toString('hex')}` }).queue(QueueName.Ingest);
  });
  afterAll(async () => {
    await queue.close();
    await t.drop();
  });

  test('registers every schedule in New York time, removes retired ones, and is idempotent', async () => {
    await queue.upsertJobScheduler('retired-schedule', { every: 60_000 }, { name: barsIntraday.name, data: {} });
    expect(await applySchedules(queue)).toBe(SCHEDULES.length);
    const registered = await queue.getJobSchedulers(0, -1);
    expect(registered.map((s) => s.key).sort()).toEqual(SCHEDULES.map((s) => s.id).sort());
    for (const s of registered) {
      expect(s.tz).toBe('America/New_York');
      expect(s.pattern).toBe(SCHEDULES.find((d) => d.id === s.key)!.pattern);
    }
    // Nothing missing the second time: a restart re-applies without queueing a sweep.
    expect(await applySchedules(queue)).toBe(0);
    // Each schedule already has its next run waiting as a delayed job.
    expect((await queue.getDelayed()).map((j) => j.name).sort()).toEqual(SCHEDULES.map((s) => s.job.name).sort());
  });

  test('a schedule that was lost (the queue store restarted empty) is counted as missing', async () => {
    await queue.removeJobScheduler('bars-daily');
    expect(await applySchedules(queue)).toBe(1);
  });
});
