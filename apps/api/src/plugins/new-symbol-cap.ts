import type { Redis } from '@marketfleet/jobs';
import { addDays, nyDate, nyWallTime } from '@marketfleet/market';

/** Where the symbols each key added today are counted: Redis (shared by replicas) or this process. */
export interface NewSymbolStore {
  /**
   * Adds `symbol` to the set named `bucket` unless the set already holds `limit` other symbols.
   * Whether the symbol is in the set afterwards (one already counted is admitted again).
   */
  admit(bucket: string, symbol: string, limit: number, ttlMs: number): Promise<boolean>;
}

/**
 * One bucket per key: a new day replaces the old one. Only configured keys reach user-refresh
 * (anything else is a 401 before it), so the map holds at most one entry per configured key.
 */
export function memoryNewSymbolStore(): NewSymbolStore {
  const buckets = new Map<string, { bucket: string; symbols: Set<string> }>();
  return {
    async admit(bucket, symbol, limit) {
      const owner = bucket.slice(0, bucket.lastIndexOf(':'));
      let b = buckets.get(owner);
      if (b?.bucket !== bucket) buckets.set(owner, (b = { bucket, symbols: new Set() }));
      if (b.symbols.has(symbol)) return true;
      if (b.symbols.size >= limit) return false;
      b.symbols.add(symbol);
      return true;
    },
  };
}

// Atomic, so two replicas admitting at once cannot both take the last place.
const ADMIT = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

export function redisNewSymbolStore(redis: Redis, prefix: string): NewSymbolStore {
  return {
    async admit(bucket, symbol, limit, ttlMs) {
      const admitted = await redis.eval(ADMIT, 1, `${prefix}:user-refresh-new-symbols:${bucket}`, symbol, limit, ttlMs);
      return admitted === 1;
    },
  };
}

export type CapVerdict = { admitted: true } | { admitted: false; limit: number; retryAt: Date };

/** The setting that sets the cap, named in the refusal so an operator knows what to change. */
export const NEW_SYMBOLS_SETTING = 'USER_REFRESH_NEW_SYMBOLS_PER_DAY';
export const DEFAULT_NEW_SYMBOLS_PER_DAY = 10;

/** Buckets outlive their day by a day, so a clock skew between replicas never reopens one. */
const BUCKET_TTL_MS = 2 * 86_400_000;

/**
 * How many symbols not yet on the watchlist one key may add through user-refresh in a New York
 * day. Each one costs a deep backfill of every timeframe, so without a cap one app key could
 * grow the watchlist, and the provider quota it spends, without bound.
 */
export class NewSymbolCap {
  constructor(
    private readonly store: NewSymbolStore,
    readonly perDay: number,
  ) {}

  async admit(keyId: string, symbol: string, now: Date): Promise<CapVerdict> {
    const day = nyDate(now);
    if (await this.store.admit(`${keyId}:${day}`, symbol, this.perDay, BUCKET_TTL_MS)) return { admitted: true };
    return { admitted: false, limit: this.perDay, retryAt: nyWallTime(addDays(day, 1), '00:00') };
  }
}
