import { nyDate } from '@marketfleet/market';
import type { OptionSnapshot } from '@marketfleet/providers';
import { hash32, simOptionChain, type SimListing, type SimMarket } from '@marketfleet/providers/sim';

/** Every listed expiration: the fakes serve whole chains and filter them like the APIs do. */
const ALL_EXPIRATIONS = 60;
const CACHED_CHAINS = 32;

/**
 * The simulated chain of an underlying as of `now`, shared by the option routes of the fakes, so
 * the sim provider, the fake Alpaca and the fake Tradier all quote the same contracts. Chains are
 * cached per (underlying, quote time): paging through one costs one pricing, not one per page.
 */
export class FakeOptionData {
  private readonly cache = new Map<string, OptionSnapshot[]>();

  constructor(
    private readonly market: SimMarket,
    /** The listing the chains follow; default the sim's ordinary one (what the sim provider serves). */
    private readonly listing?: SimListing,
  ) {}

  chain(underlying: string, nowMs: number): OptionSnapshot[] {
    const now = new Date(nowMs);
    // Quotes move per 15-minute bar, so the minute is fine-grained enough for a cache key.
    const key = `${underlying}|${Math.floor(nowMs / 60_000)}`;
    let snaps = this.cache.get(key);
    if (snaps === undefined) {
      snaps = simOptionChain({ market: this.market, underlying, asOf: nyDate(now), expirations: ALL_EXPIRATIONS, now, listing: this.listing }).snapshots;
      snaps.sort((a, b) => (a.contract < b.contract ? -1 : a.contract > b.contract ? 1 : 0));
      if (this.cache.size >= CACHED_CHAINS) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, snaps);
    }
    return snaps;
  }

  /** Displayed size at the bid or ask, stable per contract and day. */
  size(contract: string, side: 'bid' | 'ask', nowMs: number): number {
    return 1 + (hash32(contract, side, nyDate(new Date(nowMs))) % 250);
  }
}
