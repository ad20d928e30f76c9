import { sql } from 'drizzle-orm';
import type { Executor } from '../client';

/**
 * Reserves the next request slot of a fleet-wide pace (GCRA): each call moves the key's
 * theoretical arrival time one interval on and returns how long the caller must wait
 * for its slot, which may come up to `burstMs` early. Atomic in one statement, on the
 * server's clock, so every process agrees.
 */
export async function reserveQuotaSlot(db: Executor, key: string, intervalMs: number, burstMs = 0): Promise<number> {
  const [row] = await db.execute<{ wait_ms: number }>(sql`
    insert into provider_quota as q (key, tat)
    values (${key}, clock_timestamp() + make_interval(secs => ${intervalMs / 1000}))
    on conflict (key) do update
      set tat = greatest(q.tat, clock_timestamp()) + make_interval(secs => ${intervalMs / 1000})
    returning greatest(0, extract(epoch from (q.tat - clock_timestamp())) * 1000 - ${intervalMs} - ${burstMs})::float8 as wait_ms`);
  return row?.wait_ms ?? 0;
}
