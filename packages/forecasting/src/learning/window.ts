import { performanceWindow } from '@marketfleet/db';
import { addSums, emptySums, type PerformanceSums } from '@marketfleet/ml';
import { addDays, nyDate } from '@marketfleet/market';

/** Sums per horizon × model over the last `days` calendar days, for a symbol (0: every symbol). */
export async function windowSums(db: Parameters<typeof performanceWindow>[0], now: Date, days: number, symbolId = 0): Promise<Map<string, Map<string, PerformanceSums>>> {
  const today = nyDate(now);
  const rows = await performanceWindow(db, { symbolId, fromDay: addDays(today, -days), toDay: addDays(today, 1) });
  const out = new Map<string, Map<string, PerformanceSums>>();
  for (const r of rows) {
    const byModel = out.get(r.horizon) ?? new Map<string, PerformanceSums>();
    out.set(r.horizon, byModel);
    byModel.set(r.model, addSums(byModel.get(r.model) ?? emptySums(), r));
  }
  return out;
}

/** Calendar days back to the start of the last `sessions` sessions (performance rows are filed by session date). */
export function sessionsBackDays(deps: { clock: { sessionsBetween(from: string, to: string): Array<{ date: string }> }; now: () => Date }, sessions: number): number {
  const today = nyDate(deps.now());
  const recent = deps.clock.sessionsBetween(addDays(today, -2 * sessions - 14), today).slice(-sessions);
  const first = recent[0]?.date ?? today;
  return Math.round((Date.parse(today) - Date.parse(first)) / 86_400_000);
}
