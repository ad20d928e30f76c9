import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@marketfleet/testing';
import { createQuotaStore, type FleetQuotaStore } from './quota-store';

describe.each(['postgres', 'redis'] as const)('the fleet quota store on %s', (kind) => {
  let t: TestDatabase;
  let store: FleetQuotaStore;
  beforeAll(async () => {
    t = await createTestDatabase();
    store = createQuotaStore(
      {
        databaseUrl: t.url,
        redisUrl: kind === 'redis' ? (process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined,
        prefix: `mf-test-${randomBytes(4).toString('hex')}`,
      },
      t.database.db,
    );
  });
  afterAll(async () => {
    await store.close();
    await t.drop();
  });

  test('concurrent reservations get distinct slots one interval apart, on one shared timeline', async () => {
    // A long interval, so the calls' own few milliseconds of latency cannot blur the spacing.
    const waits = await Promise.all(Array.from({ length: 20 }, () => store.reserve('quota:test', 10_000)));
    const sorted = [...waits].sort((a, b) => a - b);
    expect(sorted[0]).toBeLessThan(1_000);
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThan(9_000);
      expect(sorted[i]! - sorted[i - 1]!).toBeLessThan(11_000);
    }
  });

  test('an idle key starts again from now, without a debt of old slots', async () => {
    await new Promise((r) => setTimeout(r, 150));
    await store.reserve('quota:idle', 50);
    await new Promise((r) => setTimeout(r, 120));
    expect(await store.reserve('quota:idle', 50)).toBeLessThan(10);
    expect(await store.reserve('quota:other', 50)).toBeLessThan(10);
  });
});
