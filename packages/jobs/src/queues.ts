/**
 * Queue names are keys in the queue store: renaming one strands the jobs already in it,
 * so a rename needs a drain plan.
 */
export const QueueName = {
  /** Bars, option chains, corporate actions, calendar, data quality. */
  Ingest: 'ingest',
  /** Forecasts, evaluations, rankings. */
  Ml: 'ml',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const ALL_QUEUES: readonly QueueName[] = [QueueName.Ingest, QueueName.Ml];
