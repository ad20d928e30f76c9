import { chainOf, ensureSymbols, listSnapshotPartitions, optionChainStatuses } from '@marketfleet/db';
import { DEFAULT_OPTIONS_SETTINGS } from '@marketfleet/jobs';
import {
  createOptionChainRouter,
  createSimOptionChainProvider,
  ProviderUnavailableError,
  type OptionChainProvider,
  type OptionChainRequest,
  type OptionSnapshot,
} from '@marketfleet/providers';
import { ingestHarness, type Harness } from '@marketfleet/testing';
import { sql } from 'drizzle-orm';
import { scrapeChain } from '../options/scrape-chain';
import { handleOptionsPartitions } from './options';

/** A provider that serves the snapshots it is given, as a provider would, and counts its calls. */
function servingProvider(name: string, snapshots: (req: OptionChainRequest) => OptionSnapshot[]): OptionChainProvider & { calls: number } {
  const p = {
    name,
    calls: 0,
    async fetchChain(req: OptionChainRequest) {
      p.calls++;
      return { provider: name, underlying: req.underlying, snapshots: snapshots(req), quarantined: [], requests: 1 };
    },
  };
  return p;
}

const snap = (contract: string, over: Partial<OptionSnapshot> = {}): OptionSnapshot => ({
  contract, underlying: 'QQQ', root: 'QQQ', expiry: '2024-02-16', strike: 400, side: 'call', bid: 5, ask: 5.2, volume: 10,
  openInterest: 100, iv: 0.2, ...over,
});

let h: Harness;
beforeAll(async () => {
  h = await ingestHarness();
});
afterAll(() => h.close());

describe('option scrapes', () => {
  test('crossed and negative quotes are quarantined with the reason, the rest stored in the same write', async () => {
    const provider = servingProvider('given', () => [
      snap('QQQ240216C00400000'),
      snap('QQQ240216C00405000', { strike: 405, bid: 3, ask: 2 }),
      snap('QQQ240216P00400000', { side: 'put', last: -1 }),
      snap('QQQ240216P00405000', { side: 'put', strike: 405, bid: undefined, ask: undefined }),
    ]);
    const deps = { ...h.deps(new Date('2024-01-10T15:00:00Z')), optionChains: provider };
    const out = await scrapeChain(deps, { symbol: 'QQQ', expirations: 4, session: '2024-01-10' });
    expect(out).toMatchObject({ provider: 'given', received: 4, stored: 2, quarantined: 2 });
    const id = (await ensureSymbols(h.t.database.db, ['QQQ'])).get('QQQ')!;
    expect((await chainOf(h.t.database.db, id, '2024-02-16')).map((q) => q.contract)).toEqual(['QQQ240216C00400000', 'QQQ240216P00405000']);
    const bad = await h.t.database.db.execute<{ contract: string; reason: string }>(sql`select contract, reason from quarantined_options order by contract`);
    expect(bad.map((b) => [b.contract, b.reason])).toEqual([
      ['QQQ240216C00405000', 'crossed quote: bid 3 > ask 2'],
      ['QQQ240216P00400000', 'negative last: -1'],
    ]);
    expect((await optionChainStatuses(h.t.database.db, [id]))[0]).toMatchObject({ lastContracts: 2, lastQuarantined: 2 });
  });

  test('a provider outage falls back to the next provider', async () => {
    const down: OptionChainProvider = {
      name: 'down',
      fetchChain: async () => {
        throw new ProviderUnavailableError('down', 'connection refused', { lastStatus: 'network' });
      },
    };
    const now = new Date('2024-01-10T15:00:00Z');
    const router = createOptionChainRouter([down, createSimOptionChainProvider({ seed: 1, now: () => now })]);
    const out = await scrapeChain({ ...h.deps(now), optionChains: router }, { symbol: 'SPY', expirations: 2, session: '2024-01-10' });
    expect(out.provider).toBe('sim');
    expect(out.stored).toBeGreaterThan(0);
  });
});

describe('options-partitions job', () => {
  test('creates partitions months ahead and drops only whole partitions past the retention', async () => {
    const db = h.t.database.db;
    for (const m of ['01', '02', '03', '04']) {
      await db.execute(sql.raw(`create table if not exists option_snapshots_2024${m} partition of option_snapshots
        for values from ('2024-${m}-01') to ('2024-${String(Number(m) + 1).padStart(2, '0')}-01')`));
    }
    await db.execute(sql`insert into option_snapshots (session_date, symbol_id, contract, expiry, strike, side, provider, fetched_at)
      values ('2024-03-28', 1, 'OLD', '2024-06-21', 1, 'call', 'sim', now()), ('2024-04-20', 1, 'KEPT', '2024-06-21', 1, 'call', 'sim', now())`);
    const deps = { ...h.deps(new Date('2024-06-15T12:00:00Z')), options: { ...DEFAULT_OPTIONS_SETTINGS, snapshotRetentionDays: 60 } };
    await handleOptionsPartitions(deps)({}, {} as never);
    const names = (await listSnapshotPartitions(db)).map((p) => p.name);
    // 2024-06-15 − 60 days = 2024-04-16: January to March end before it; April straddles it and stays whole.
    expect(names.filter((n) => n < 'option_snapshots_202405')).toEqual(['option_snapshots_202404']);
    expect(names).toEqual(expect.arrayContaining(['option_snapshots_202406', 'option_snapshots_202407', 'option_snapshots_202408', 'option_snapshots_202409']));
    const left = await db.execute<{ contract: string }>(sql`select contract from option_snapshots where contract in ('OLD', 'KEPT')`);
    expect(left.map((r) => r.contract)).toEqual(['KEPT']);
  });
});
