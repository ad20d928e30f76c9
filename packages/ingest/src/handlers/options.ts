import {
  deleteExpiredQuotes,
  dropSnapshotPartitionsBefore,
  ensureSnapshotPartitions,
  listWatchlist,
  optionChainStatuses,
  pruneRankRuns,
  writeOptionSnapshot,
} from '@marketfleet/db';
import {
  DEFAULT_OPTIONS_SETTINGS,
  optionsIvStats,
  optionsRank,
  optionsScrape,
  type optionsPartitions,
  type optionsSnapshot,
  type optionsTick,
} from '@marketfleet/jobs';
import { addDays, nyDate, type Session } from '@marketfleet/market';
import type { Handler } from '@marketfleet/runtime';
import type { IngestDeps } from '../deps';
import { marketSessionOpen, optionsOldestScrape, optionsOldestSnapshot } from '../metrics';
import { scrapeChain } from '../options/scrape-chain';
import { optionsScrapePlan } from '../options/scrape-plan';
import { asJobError } from './job-errors';

/** The snapshot waits this long after the close, so the wider after-close scrape is in. */
export const SNAPSHOT_AFTER_CLOSE_MS = 60 * 60_000;
/** Underlyings per snapshot statement: bounded transactions however long the watchlist. */
const SNAPSHOT_BATCH = 10;

const settingsOf = (deps: IngestDeps) => deps.options ?? DEFAULT_OPTIONS_SETTINGS;

/** Chain and snapshot age by underlying group (watchlist or other), for the stale-chain alert. */
export async function refreshOptionGauges(deps: IngestDeps): Promise<void> {
  const watch = new Set((await listWatchlist(deps.db)).map((s) => s.id));
  const oldest = new Map<string, { scrape: number; snapshot: number }>();
  for (const s of await optionChainStatuses(deps.db)) {
    const group = watch.has(s.symbolId) ? 'watchlist' : 'other';
    const o = oldest.get(group) ?? { scrape: Infinity, snapshot: Infinity };
    // Never scraped counts as the epoch: the oldest possible.
    o.scrape = Math.min(o.scrape, (s.lastScrapedAt?.getTime() ?? 0) / 1000);
    o.snapshot = Math.min(o.snapshot, (s.lastSnapshotAt?.getTime() ?? 0) / 1000);
    oldest.set(group, o);
  }
  const scraped = new Set((await optionChainStatuses(deps.db, [...watch])).map((s) => s.symbolId));
  if ([...watch].some((id) => !scraped.has(id))) oldest.set('watchlist', { scrape: 0, snapshot: 0 });
  for (const [group, o] of oldest) {
    optionsOldestScrape.set({ group }, o.scrape);
    optionsOldestSnapshot.set({ group }, o.snapshot);
  }
}

/** Every 15 minutes: a near scrape per watchlist underlying while open, a wide one after the close. */
export const handleOptionsTick =
  (deps: IngestDeps): Handler<typeof optionsTick> =>
  async () => {
    const now = deps.now();
    marketSessionOpen.set(deps.clock.isOpen(now) ? 1 : 0);
    await refreshOptionGauges(deps).catch((err: unknown) => deps.logger.warn({ err }, 'option gauges not refreshed'));
    const plan = optionsScrapePlan(deps.clock, now, settingsOf(deps));
    if (!plan) return { status: 'skipped', detail: 'market closed' };
    const symbols = (await listWatchlist(deps.db)).map((s) => s.ticker);
    if (symbols.length === 0) return { status: 'skipped', detail: 'the watchlist is empty' };
    let queued = 0;
    for (const symbol of symbols) {
      const r = await deps.producer.enqueue(optionsScrape, { symbol, ...plan }, { triggeredBy: 'options-tick' });
      if (!r.duplicate) queued++;
    }
    return { detail: `session ${plan.session}: ${queued} ${plan.reason} scrapes of ${plan.expirations} expirations queued, ${symbols.length - queued} already running` };
  };

/** One underlying's chain stored, then its ranking queued. */
export const handleOptionsScrape =
  (deps: IngestDeps): Handler<typeof optionsScrape> =>
  async (p) => {
    const outcome = await scrapeChain(deps, { symbol: p.symbol, expirations: p.expirations, session: p.session }).catch(asJobError);
    if (outcome.stored + outcome.quarantined === 0 && outcome.received === 0) {
      return { status: 'skipped', detail: `${p.symbol}: the provider listed no contracts` };
    }
    try {
      await deps.producer.enqueue(optionsRank, { symbol: p.symbol, trigger: 'scrape', session: p.session }, { triggeredBy: 'options-scrape' });
    } catch (err) {
      deps.logger.warn({ err, symbol: p.symbol }, 'queueing the ranking failed; the next scrape queues it again');
    }
    return {
      provider: outcome.provider,
      detail: `${p.symbol} ${p.session}: ${outcome.stored} quotes written, ${outcome.quarantined} quarantined, ${outcome.requests} requests`,
    };
  };

function snapshotSession(deps: IngestDeps, requested: string | undefined, now: Date): Session | null {
  if (requested !== undefined) return deps.clock.session(requested);
  const today = deps.clock.session(nyDate(now));
  return today && now.getTime() >= today.close.getTime() + SNAPSHOT_AFTER_CLOSE_MS ? today : null;
}

/** Nightly: the session's snapshot of every underlying with quotes, expired quotes removed, IV statistics queued. */
export const handleOptionsSnapshot =
  (deps: IngestDeps): Handler<typeof optionsSnapshot> =>
  async (p) => {
    const session = snapshotSession(deps, p.session, deps.now());
    if (!session) return { status: 'skipped', detail: p.session ? `${p.session} is not a session` : 'no closed session today' };
    const ids = (await optionChainStatuses(deps.db)).map((s) => s.symbolId).sort((a, b) => a - b);
    let rows = 0;
    for (let i = 0; i < ids.length; i += SNAPSHOT_BATCH) {
      const written = await writeOptionSnapshot(deps.db, session.date, ids.slice(i, i + SNAPSHOT_BATCH), session.open);
      for (const n of written.values()) rows += n;
    }
    const expired = await deleteExpiredQuotes(deps.db, session.date);
    await refreshOptionGauges(deps).catch((err: unknown) => deps.logger.warn({ err }, 'option gauges not refreshed'));
    if (rows > 0) await deps.producer.enqueue(optionsIvStats, { session: session.date }, { triggeredBy: 'options-snapshot' });
    return { detail: `session ${session.date}: ${rows} snapshot rows for ${ids.length} underlyings, ${expired} expired quotes removed` };
  };

/** Daily: partitions created ahead, whole partitions past the retention dropped (never rows). */
export const handleOptionsPartitions =
  (deps: IngestDeps): Handler<typeof optionsPartitions> =>
  async () => {
    const s = settingsOf(deps);
    const today = nyDate(deps.now());
    const ahead = addDays(`${today.slice(0, 7)}-01`, 31 * s.partitionsAheadMonths);
    const created = await ensureSnapshotPartitions(deps.db, today, ahead);
    const dropped = await dropSnapshotPartitionsBefore(deps.db, addDays(today, -s.snapshotRetentionDays));
    const pruned = await pruneRankRuns(deps.db, new Date(deps.now().getTime() - s.rankRetentionDays * 86_400_000));
    return {
      detail: `partitions created ${created.join(', ') || 'none'}, dropped ${dropped.map((d) => d.name).join(', ') || 'none'}; ${pruned} old rank runs pruned`,
    };
  };
