import { SingleBar } from 'cli-progress';
import { backfillChunkStatuses, ensureSymbols, getJobRuns, type Db, type JobRun } from '@marketfleet/db';
import { marketClock, marketPolicy } from '@marketfleet/market';
import { createProvider, createReferenceProvider, providerConfig } from '@marketfleet/providers';
import { date, parse, required, tickers, timeframes, UsageError } from '../args';
import type { Context } from '../context';
import { planBackfill, Priority, startBackfill, startIngestWorker } from '@marketfleet/ingest';

const FINAL = new Set(['success', 'failed', 'skipped']);

/**
 * `backfill --symbols A,B --timeframes m15,h1,d1 --from --to [--inline]`: plans and
 * enqueues the chunk jobs, then waits with a progress bar. Exits non-zero naming every
 * chunk that failed once its retries were spent.
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
    const runs = await waitForChunks(db, [...chunks.keys()]);
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

async function waitForChunks(db: Db, jobIds: string[]): Promise<JobRun[]> {
  const tty = process.stdout.isTTY;
  const bar = new SingleBar({
    format: ' {bar} {percentage}% | {value}/{total} chunks | {bars} bars written | {failed} failed',
    hideCursor: true,
  });
  if (tty) bar.start(jobIds.length, 0, { bars: 0, failed: 0 });
  let lastLine = '';
  const started = Date.now();
  let hinted = false;
  for (;;) {
    const runs = await getJobRuns(db, jobIds);
    const done = runs.filter((r) => FINAL.has(r.status));
    const payload = { bars: runs.reduce((n, r) => n + r.barsWritten, 0), failed: runs.filter((r) => r.status === 'failed').length };
    if (tty) bar.update(done.length, payload);
    else {
      const line = `${done.length}/${jobIds.length} chunks, ${payload.bars} bars written, ${payload.failed} failed`;
      if (line !== lastLine) console.log(line);
      lastLine = line;
    }
    if (!hinted && Date.now() - started > 15_000 && runs.every((r) => r.status === 'queued')) {
      hinted = true;
      console.error('\nno worker has taken a chunk yet: start the fleet (npm start) or pass --inline');
    }
    if (done.length === jobIds.length) {
      if (tty) bar.stop();
      return runs;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
