import { backfillChunkStatuses, backfillProgress, listBackfills, type BackfillProgress } from '@marketfleet/db';
import type { Context } from '../context';

const line = (p: BackfillProgress) =>
  `${p.backfill.id}  ${p.status.padEnd(7)} ${String(p.percent).padStart(5)}%  ` +
  `chunks ${p.done} done, ${p.running} running, ${p.queued} queued, ${p.failed} failed of ${p.total}  ` +
  `bars ${p.barsWritten}/${p.backfill.expectedBars}  ${p.backfill.kind} ${p.backfill.symbols.length} symbols ` +
  `${p.backfill.timeframes.join(',')} ${p.backfill.rangeFrom}..${p.backfill.rangeTo}`;

/** `backfill-status [ID]`: recent backfills with progress, or one with its unfinished and failed chunks. */
export async function backfillStatus(ctx: Context, argv: string[]): Promise<number> {
  const { db } = await ctx.database();
  const [id] = argv;
  if (!id) {
    const all = await listBackfills(db, 20);
    if (all.length === 0) console.log('no backfills yet');
    for (const p of all) console.log(line(p));
    return 0;
  }
  const progress = await backfillProgress(db, id);
  if (!progress) {
    console.error(`no backfill ${id}`);
    return 1;
  }
  console.log(line(progress));
  for (const c of await backfillChunkStatuses(db, id)) {
    if (c.status === 'success' || c.status === 'skipped') continue;
    const what = `${c.symbols.join(',')} ${c.timeframes.join(',')} ${c.rangeFrom}..${c.rangeTo}`;
    console.log(`  ${c.status.padEnd(7)} ${what} (${c.jobId}, attempt ${c.attempts})${c.error ? `: ${c.error}` : ''}`);
  }
  return progress.failed > 0 ? 1 : 0;
}
