import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from './database';
import { createQueueBackend, Producer, type QueueBackend } from '@marketfleet/jobs';
import { DEFAULT_POLICY, marketClock } from '@marketfleet/market';
import { createAlpacaProvider, createAlpacaReferenceProvider, createSimOptionChainProvider } from '@marketfleet/providers';
import { startFakeAlpaca, type FakeAlpaca, type FakeAlpacaOptions } from './fakes/fakes';
import type { IngestDeps } from '@marketfleet/ingest';
import { createLogger } from '@marketfleet/runtime';

export interface Harness {
  t: TestDatabase;
  fake: FakeAlpaca;
  backend: QueueBackend;
  producer: Producer;
  deps(now?: Date): IngestDeps;
  close(): Promise<void>;
}

/** A test database, a fake Alpaca server and ingest deps wired to them (queues on PostgreSQL). */
export async function ingestHarness(fakeOpts: FakeAlpacaOptions = {}): Promise<Harness> {
  const t = await createTestDatabase();
  const fake = await startFakeAlpaca({ seed: 7, ...fakeOpts });
  const backend = createQueueBackend({ databaseUrl: t.url, prefix: `mf-test-${randomBytes(4).toString('hex')}` });
  const producer = new Producer(backend, t.database.db);
  const provider = createAlpacaProvider({
    dataUrl: fake.url, keyId: 'test-key', secret: 'test-secret', maxRetries: 2,
    retryBaseDelayMs: 1, retryMaxDelayMs: 5, timeoutMs: 2_000,
  });
  const reference = createAlpacaReferenceProvider({
    dataUrl: fake.url, tradingUrl: fake.url, keyId: 'test-key', secret: 'test-secret', maxRetries: 2,
    retryBaseDelayMs: 1, retryMaxDelayMs: 5, timeoutMs: 2_000,
  });
  return {
    t, fake, backend, producer,
    deps: (now = new Date()) => ({
      db: t.database.db, provider, reference, clock: marketClock, producer, now: () => now,
      optionChains: createSimOptionChainProvider({ seed: 7, now: () => now }),
      policy: { ...DEFAULT_POLICY, historyDays: { m15: 10, h1: 20, h4: 20, d1: 60, w1: 60 } },
      logger: createLogger('test', 'silent'),
    }),
    async close() {
      await producer.close();
      await fake.close();
      await t.drop();
    },
  };
}
