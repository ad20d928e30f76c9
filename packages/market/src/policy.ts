import { z } from 'zod';
import type { Timeframe } from './timeframes';

/**
 * The fleet's data policy: how fresh each timeframe must be and how much history is kept
 * complete. One environment fragment that every process reads, so the api's data-health, the
 * workers' stale alerts, the planners and the forecasts agree on what "stale" and "complete" mean.
 */
export interface MarketPolicy {
  /** How long the oldest missing bar may have been closed before a series is stale. */
  slaMinutes: Record<Timeframe, number>;
  /** Calendar days of history kept complete. */
  historyDays: Record<Timeframe, number>;
  /** How old an underlying's newest option snapshot may be while the market is open (see options/freshness). */
  optionsSlaMinutes: number;
}

export const DEFAULT_POLICY: MarketPolicy = Object.freeze({
  slaMinutes: Object.freeze({ m15: 30, h1: 120, h4: 480, d1: 1440, w1: 10_080 }),
  historyDays: Object.freeze({ m15: 60, h1: 730, h4: 730, d1: 3650, w1: 3650 }),
  // The old system's rule: four hours during the session (scrapes run every 15 minutes).
  optionsSlaMinutes: 240,
});

const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const { slaMinutes: sla, historyDays: days } = DEFAULT_POLICY;

export const PolicyEnv = z.object({
  SLA_MINUTES_M15: positive(sla.m15),
  SLA_MINUTES_H1: positive(sla.h1),
  SLA_MINUTES_H4: positive(sla.h4),
  SLA_MINUTES_D1: positive(sla.d1),
  SLA_MINUTES_W1: positive(sla.w1),
  HISTORY_DAYS_M15: positive(days.m15),
  HISTORY_DAYS_H1: positive(days.h1),
  HISTORY_DAYS_H4: positive(days.h4),
  HISTORY_DAYS_D1: positive(days.d1),
  HISTORY_DAYS_W1: positive(days.w1),
  SLA_MINUTES_OPTIONS: positive(DEFAULT_POLICY.optionsSlaMinutes),
});
export type PolicyEnv = z.infer<typeof PolicyEnv>;

export function marketPolicy(env: PolicyEnv): MarketPolicy {
  return {
    slaMinutes: { m15: env.SLA_MINUTES_M15, h1: env.SLA_MINUTES_H1, h4: env.SLA_MINUTES_H4, d1: env.SLA_MINUTES_D1, w1: env.SLA_MINUTES_W1 },
    historyDays: { m15: env.HISTORY_DAYS_M15, h1: env.HISTORY_DAYS_H1, h4: env.HISTORY_DAYS_H4, d1: env.HISTORY_DAYS_D1, w1: env.HISTORY_DAYS_W1 },
    optionsSlaMinutes: env.SLA_MINUTES_OPTIONS,
  };
}
