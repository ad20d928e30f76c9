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

  test('symbol weight training fires at 08:45 Chicago on weekdays, on both sides of each DST change', async () => {
    const training = SCHEDULES.find((s) => s.id === 'model-weight-training')!;
    expect(training).toMatchObject({ tz: 'America/Chicago', pattern: '0 45 8 * * 1-5' });
    const queue = queueOf(training.job.queue);
    const nextFrom = async (startDate: string) => {
      await queue.upsertJobScheduler('dst-probe', { pattern: training.pattern, tz: training.tz, startDate: new Date(startDate) }, { name: training.job.name, data: {} });
      const next = (await queue.getJobScheduler('dst-probe'))!.next!;
      await queue.removeJobScheduler('dst-probe');
      return new Date(next).toISOString();
    };
    // 2027: CST (UTC−6) until Sunday 14 March, CDT (UTC−5) until Sunday 7 November.
    expect(await nextFrom('2027-03-12T00:00:00Z')).toBe('2027-03-12T14:45:00.000Z'); // Friday, CST
    expect(await nextFrom('2027-03-13T00:00:00Z')).toBe('2027-03-15T13:45:00.000Z'); // the weekend skipped; Monday, CDT
    expect(await nextFrom('2027-11-05T00:00:00Z')).toBe('2027-11-05T13:45:00.000Z'); // Friday, CDT
    expect(await nextFrom('2027-11-06T00:00:00Z')).toBe('2027-11-08T14:45:00.000Z'); // Monday, CST
  });
});
