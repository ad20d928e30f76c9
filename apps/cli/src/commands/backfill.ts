import { backfillChunkStatuses, ensureSymbols } from '@marketfleet/db';
import { QueueName } from '@marketfleet/jobs';
import { marketClock, marketPolicy } from '@marketfleet/market';
import { createProvider, createReferenceProvider, providerConfig } from '@marketfleet/providers';
import { date, parse, required, tickers, timeframes, UsageError } from '../args';
import type { Context } from '../context';
import { planBackfill, Priority, startBackfill, startIngestWorker } from '@marketfleet/ingest';
import { waitForChunks } from './backfill-wait';

/**
 * `backfill --symbols A,B --timeframes m15,h1,d1 --from --to [--inline]`: plans and
 * enqueues the chunk jobs, then waits with a progress bar, through database and queue-store
 * restarts. Exits non-zero naming every chunk that failed once its retries were spent.
 */
export async function backfill(ctx: Context, argv: string[]): Promise<number> {
  const v = parse(argv, {
    symbols: { type: 'string' },
    timeframes: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    inline: { type: 'boolean' },
  });
  const symbols = tickers(required(v.symbols, 'symbols'));
  const tfs = timeframes(required(v.timeframes, 'timeframes'));
  const from = date(required(v.from, 'from'), 'from');
  const to = date(required(v.to, 'to'), 'to');
  if (from > to) throw new UsageError('--from must not be after --to');

  const { db } = await ctx.database();
  await ensureSymbols(db, symbols);
  const plan = planBackfill({ symbols, timeframes: tfs, from, to }, { clock: marketClock });
  if (plan.length === 0) {
    console.log('nothing to fetch: the range holds no session that has opened');
    return 0;
  }
  const producer = await ctx.producer();
  const started = await startBackfill(
    producer, db, { kind: 'manual', symbols, timeframes: tfs, from, to, priority: Priority.Manual, createdBy: 'cli' }, plan,
  );
  const chunks = new Map((await backfillChunkStatuses(db, started.id)).map((c) => [c.jobId, c]));
  console.log(`backfill ${started.id}: ${started.chunks} chunks (${started.expectedBars} bars expected), ${started.newlyQueued} newly queued`);

  const worker = v.inline
    ? startIngestWorker(
        {
          db, producer, clock: marketClock, logger: ctx.logger, now: () => new Date(),
          provider: createProvider({ ...providerConfig(ctx.env), clock: marketClock }),
          reference: createReferenceProvider({ ...providerConfig(ctx.env), clock: marketClock }),
          policy: marketPolicy(ctx.env),
        },
        { backend: await ctx.backend(), concurrency: 2 },
      )
    : undefined;
  try {
    const runs = await waitForChunks(db, [...chunks.keys()], producer.queue(QueueName.Ingest));
    const failed = runs.filter((r) => r.status === 'failed');
    for (const r of failed) {
      const c = chunks.get(r.jobId)!;
      console.error(`failed: ${c.symbols.join(',')} ${c.timeframes.join(',')} ${c.rangeFrom}..${c.rangeTo} (${r.jobId}): ${r.error ?? 'unknown error'}`);
    }
    const bars = runs.reduce((n, r) => n + r.barsWritten, 0);
    console.log(`${runs.length - failed.length}/${runs.length} chunks done, ${bars} bars written`);
    return failed.length > 0 ? 1 : 0;
  } finally {
    await worker?.close();
  }
}
