import type { UpsertedFinding } from '@marketfleet/db';
import { addDays } from '@marketfleet/market';

/** Days either side of a split-sized jump the provider is asked about (a week bar spans five sessions). */
export const JUMP_SYNC_DAYS = 7;

export interface JumpSync {
  symbols: string[];
  from: string;
  to: string;
}

interface JumpDetail {
  jumps?: Array<{ splitLike?: string }>;
}

/**
 * The corporate-action syncs that may explain new split-sized jumps: one per symbol and session,
 * for the days around it. Only a finding seen for the first time asks; one that stays open after
 * the provider was asked stays a finding, without asking again at every check.
 */
export function splitJumpSyncs(findings: readonly UpsertedFinding[], tickerOf: ReadonlyMap<number, string>): JumpSync[] {
  const out = new Map<string, JumpSync>();
  for (const f of findings) {
    if (f.kind !== 'price_jump' || f.repeated || f.sessionDate === null) continue;
    if (!((f.detail as JumpDetail).jumps ?? []).some((j) => j.splitLike)) continue;
    const ticker = tickerOf.get(f.symbolId);
    if (!ticker) continue;
    const sync = { symbols: [ticker], from: addDays(f.sessionDate, -JUMP_SYNC_DAYS), to: addDays(f.sessionDate, JUMP_SYNC_DAYS) };
    out.set(`${ticker}|${sync.from}`, sync);
  }
  return [...out.values()];
}
