// The served side on what the real scrape stores: user-refresh queues the symbol's scrape, the ingest
// worker runs it against the simulated option chains, and the routes read what it wrote.
import { optionChainStatuses, findSymbol } from '@marketfleet/db';
import { startIngestWorker } from '@marketfleet/ingest';
import { QueueName, type Worker } from '@marketfleet/jobs';
import { DEFAULT_POLICY, formatOcc } from '@marketfleet/market';
import { contractValidator, ingestHarness, until, type Harness } from '@marketfleet/testing';
import { startTestApp, TEST_KEYS, type TestApp } from '../testing/test-app';

// Wednesday 10 Jan 2024, 12:00 in New York: the session is open, so the scrape takes the near expirations.
const NOW = new Date('2024-01-10T17:00:00Z');
const validateHealth = contractValidator('data-health');
const validateRefresh = contractValidator('user-refresh');

let h: Harness;
let api: TestApp;
let worker: Worker | undefined;

beforeAll(async () => {
  h = await ingestHarness();
  api = await startTestApp({
    db: h.t, kind: 'postgres', now: NOW, backend: h.backend,
    // Little history to backfill: the bars are not what this test is about.
    config: { userRefreshWaitMs: 0, policy: { ...DEFAULT_POLICY, historyDays: { m15: 3, h1: 3, h4: 3, d1: 10, w1: 10 } } },
  });
  worker = startIngestWorker(h.deps(NOW), { backend: h.backend });
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
  await h?.close();
});

test('a refresh scrapes the chain; quotes, the chain and data-health show what the scrape stored', async () => {
  const refresh = await api.app.inject({
    method: 'POST', url: '/functions/v1/user-refresh', payload: { symbol: 'OPX' }, headers: { authorization: `Bearer ${TEST_KEYS.app}` },
  });
  expect(refresh.statusCode).toBe(200);
  expect(validateRefresh(refresh.json()) ? [] : validateRefresh.errors).toEqual([]);
  expect(refresh.json().steps.find((s: { step: string }) => s.step === 'queue_options_ranking')).toMatchObject({
    status: 'completed', details: { jobIds: ['options-scrape-OPX', 'options-rank-OPX-2024-01-10'], session: '2024-01-10', expirations: 4 },
  });

  const id = (await findSymbol(h.t.database.db, 'OPX'))!.id;
  const [status] = await until('the scrape', () => optionChainStatuses(h.t.database.db, [id]), (s) => s[0]?.lastScrapedAt != null, 60_000, 100);
  expect(status).toMatchObject({ lastScrapedAt: NOW, lastExpirations: 4 });

  const chain = await api.app.inject({ url: '/v1/options/chain?symbol=OPX' });
  expect(chain.statusCode).toBe(200);
  const c = chain.json();
  expect(c.expirations).toHaveLength(4);
  expect(c).toMatchObject({ symbol: 'OPX', expiration: c.expirations[0], fetchedAt: NOW.toISOString(), ageSeconds: 0, isStale: false });
  expect(c.contracts.length).toBeGreaterThan(10);
  const strikes = c.contracts.map((x: { strike: number }) => x.strike);
  expect([...strikes].sort((a, b) => a - b)).toEqual(strikes);

  // Three contracts of the chain and one the listing never had.
  const picked = c.contracts.slice(0, 3);
  const never = formatOcc({ root: 'OPX', expiry: c.expirations[0], side: 'call', strike: 0.5 });
  const quotes = await api.app.inject({
    method: 'POST', url: '/v1/options-quotes', payload: { symbol: 'OPX', contracts: [...picked.map((x: { contract: string }) => x.contract), never] },
  });
  expect(quotes.statusCode).toBe(200);
  const q = quotes.json();
  expect(q).toMatchObject({ chain_timestamp: NOW.toISOString(), age_seconds: 0, is_stale: false, total_requested: 4, total_returned: 3, unknown_contracts: [never] });
  q.quotes.forEach((quote: Record<string, unknown>, i: number) => {
    expect(quote).toMatchObject({ contract_symbol: picked[i].contract, bid: picked[i].bid, ask: picked[i].ask, implied_vol: picked[i].impliedVol, open_interest: picked[i].openInterest });
  });

  const health = (await api.app.inject({ url: '/v1/data-health?symbol=OPX&timeframe=d1' })).json();
  expect(validateHealth(health) ? [] : validateHealth.errors).toEqual([]);
  expect(health.healthStatuses[0].options).toEqual({ latestSnapshotAt: NOW.toISOString(), isStale: false, ageHours: 0 });

  // The ranking waits on the ml queue (worker-ml ranks it): once, however many asked for it.
  const ml = h.backend.queue(QueueName.Ml);
  try {
    const ranks = (await ml.getJobs(['waiting', 'prioritized', 'delayed'])).filter((j) => j.name === 'options-rank');
    expect(ranks.map((j) => j.id)).toEqual(['options-rank-OPX-2024-01-10']);
  } finally {
    await ml.close();
  }
});
