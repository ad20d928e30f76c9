import { QueueName } from '@marketfleet/jobs';
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from '../testing/test-app';

describe.each(['postgres', 'redis'] as const)('Bull Board on the %s queue backend', (kind) => {
  let t: TestDatabase;
  let h: TestApp;
  let ingest: ReturnType<TestApp['backend']['queue']>;

  beforeAll(async () => {
    t = await createTestDatabase();
    h = await startTestApp({ db: t, kind });
    ingest = h.backend.queue(QueueName.Ingest);
    await ingest.add('bars-daily', { symbols: ['AAPL'] }, { jobId: 'board-waiting' });
    await ingest.add('bars-daily', { symbols: ['MSFT'] }, { jobId: 'board-delayed', delay: 3_600_000 });
  });
  afterAll(async () => {
    await ingest?.obliterate({ force: true }).catch(() => undefined);
    await ingest?.close();
    await h?.close();
    await t?.drop();
  });

  test('serves the UI and its assets', async () => {
    const res = await h.app.inject('/admin/queues');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Marketfleet queues');
    // Assets are relative to <base>, which must point at the board's mount path.
    expect(res.body).toContain('<base href="/admin/queues/" />');
    const scripts = [...res.body.matchAll(/src="(static\/js\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const js = await h.app.inject(`/admin/queues/${src}`);
      expect(js.statusCode).toBe(200);
      expect(js.headers['content-type']).toMatch(/javascript/);
    }
    // The client-side routes are served by the same page.
    expect((await h.app.inject('/admin/queues/queue/ingest')).statusCode).toBe(200);
  });

  test('its JSON API lists every queue with job counts', async () => {
    const res = await h.app.inject('/admin/queues/api/queues?activeQueue=ingest&status=latest&page=1&jobsPerPage=10');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const byName = Object.fromEntries(body.queues.map((q: { name: string }) => [q.name, q]));
    expect(Object.keys(byName).sort()).toEqual(['ingest', 'ml']);
    expect(byName.ingest.counts).toMatchObject({ waiting: 1, delayed: 1, active: 0, failed: 0 });
    expect(byName.ml.counts).toMatchObject({ waiting: 0 });
    expect(byName.ingest.jobs.map((j: { id: string }) => j.id).sort()).toEqual(['board-delayed', 'board-waiting']);
  });

  test('reports on the datastore the queues live in', async () => {
    const res = await h.app.inject('/admin/queues/api/redis/stats');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ backend: kind, version: expect.any(String) });
  });

  test('acts on jobs: promote a delayed job, then see it waiting', async () => {
    const res = await h.app.inject({ method: 'PUT', url: '/admin/queues/api/queues/ingest/board-delayed/promote' });
    expect(res.statusCode).toBeLessThan(300);
    expect(await ingest.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 2, delayed: 0 });
  });

  test('an unknown queue is a 404', async () => {
    const res = await h.app.inject('/admin/queues/api/queues/nope/board-waiting');
    expect(res.statusCode).toBe(404);
  });
});
