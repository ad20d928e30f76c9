import { markJobQueued, type Executor } from '@marketfleet/db';
import type { JobsOptions, Queue } from 'bullmq';
import type { QueueBackend } from './backend';
import type { AnyJob, PayloadOf } from './define-job';
import { ALL_QUEUES, type QueueName } from './queues';

export interface EnqueueOptions extends Pick<JobsOptions, 'priority' | 'delay' | 'jobId'> {
  triggeredBy?: string;
}

export interface Enqueued {
  jobId: string;
  /** The same job id was already waiting or running: nothing new was added. */
  duplicate: boolean;
}

/** States in which an existing job with the same id still stands for the work. */
const PENDING_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children', 'active']);

/**
 * How apps enqueue: payloads are validated before they reach the queue, ids come from
 * the job definition, and every enqueue is recorded in job_runs.
 */
export class Producer {
  private readonly queues = new Map<QueueName, Queue>();

  /**
   * @param log told when a queue's connection fails. Without a listener such an 'error' event
   * would crash the process; the failed command also rejects, so callers still see it.
   */
  constructor(
    private readonly backend: QueueBackend,
    private readonly db: Executor,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = this.backend.queue(name);
      q.on('error', (err) => this.log?.warn({ err, queue: name }, 'queue connection error'));
      this.queues.set(name, q);
    }
    return q;
  }

  allQueues(): Queue[] {
    return ALL_QUEUES.map((n) => this.queue(n));
  }

  async enqueue<J extends AnyJob>(job: J, payload: PayloadOf<J>, opts: EnqueueOptions = {}): Promise<Enqueued> {
    const data = job.payload.parse(payload);
    const jobId = opts.jobId ?? job.jobId?.(data);
    const queue = this.queue(job.queue);
    const existing = jobId ? await queue.getJob(jobId) : undefined;
    if (existing) {
      const state = await existing.getState();
      if (PENDING_STATES.has(state)) return { jobId: existing.id!, duplicate: true };
      // A finished job keeps its id until it is removed; make room for the new run.
      await existing.remove().catch(() => undefined);
    }
    const added = await queue.add(job.name, data, {
      ...job.options,
      ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
      ...(opts.delay !== undefined ? { delay: opts.delay } : {}),
      jobId,
    });
    const scope = job.scope?.(data) ?? { symbols: [], timeframes: [] };
    await markJobQueued(this.db, {
      jobId: added.id!,
      queue: job.queue,
      name: job.name,
      ...scope,
      triggeredBy: opts.triggeredBy,
      payload: data,
      priority: opts.priority ?? null,
    });
    return { jobId: added.id!, duplicate: false };
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
