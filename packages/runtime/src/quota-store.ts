import { reserveQuotaSlot, type Executor } from '@marketfleet/db';
import { Redis } from 'ioredis';
import type { QueueBackendConfig } from '@marketfleet/jobs';

export interface FleetQuotaStore {
  reserve(key: string, intervalMs: number, burstMs?: number): Promise<number>;
  close(): Promise<void>;
}

// GCRA on the Redis server's clock, so every process reserves from the same timeline.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
redis.call('SET', KEYS[1], tostring(tat + interval), 'PX', math.floor(tat + interval - now) + 60000)
return tostring(math.max(0, tat - burst - now))`;

/**
 * The fleet's request pace lives where its queues live: on Redis when REDIS_URL is set,
 * otherwise in PostgreSQL (table provider_quota).
 */
export function createQuotaStore(cfg: QueueBackendConfig, db: Executor): FleetQuotaStore {
  if (!cfg.redisUrl) {
    return { reserve: (key, intervalMs, burstMs = 0) => reserveQuotaSlot(db, key, intervalMs, burstMs), close: async () => {} };
  }
  const redis = new Redis(cfg.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: true });
  // A Redis restart is reported by the failing reserve(); the client reconnects on its own.
  redis.on('error', () => {});
  const prefix = `${cfg.prefix ?? 'marketfleet'}:`;
  return {
    async reserve(key, intervalMs, burstMs = 0) {
      const wait = (await redis.eval(RESERVE, 1, prefix + key, String(intervalMs), String(burstMs))) as string;
      return Number(wait);
    },
    async close() {
      redis.disconnect();
    },
  };
}
