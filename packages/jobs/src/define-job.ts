import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { QueueName } from './queues';

/** What a job covers: recorded in job_runs, and how the chart knows data is `updating`. */
export interface JobScope {
  symbols: string[];
  timeframes: string[];
}

export interface JobDefinition<N extends string = string, S extends z.ZodType = z.ZodType> {
  queue: QueueName;
  /** Stored with every job: never rename without a drain plan. */
  name: N;
  payload: S;
  options: JobsOptions;
  /** Deterministic id, so enqueueing the same work twice while it waits is a no-op. */
  jobId?: (payload: z.output<S>) => string;
  scope?: (payload: z.output<S>) => JobScope;
}

export type AnyJob = JobDefinition<string, z.ZodType>;
export type PayloadOf<J extends AnyJob> = z.input<J['payload']>;
export type ParsedPayloadOf<J extends AnyJob> = z.output<J['payload']>;

export function defineJob<N extends string, S extends z.ZodType>(def: JobDefinition<N, S>): JobDefinition<N, S> {
  return def;
}

/**
 * Builds a job id from parts. BullMQ ids must not contain ':' nor be all digits; long
 * ids (many symbols) are shortened to a stable hash.
 */
export function jobIdFrom(prefix: string, ...parts: Array<string | number>): string {
  const joined = parts.map(String).join('-').replace(/[^A-Za-z0-9._-]/g, '_');
  if (joined.length <= 120) return `${prefix}-${joined}`;
  return `${prefix}-${createHash('sha1').update(joined).digest('hex').slice(0, 20)}`;
}
