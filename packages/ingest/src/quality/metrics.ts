import { counter } from '@marketfleet/runtime';

/** A finding seen by several checks counts once per check: the rate is "how much is wrong, how often". */
export const findingsSeen = counter('marketfleet_quality_findings_total', 'Findings per quality check, by kind.', ['kind']);

export const repairsDone = counter(
  'marketfleet_quality_repairs_total',
  'Gap repairs by outcome: filled, still_missing, provider_gap, nothing_missing.',
  ['outcome'],
);
