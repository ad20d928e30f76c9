import { SingleBar } from 'cli-progress';
import { getJobRuns, type Db, type JobRun } from '@marketfleet/db';
import type { Queue } from '@marketfleet/jobs';
import { errorLine } from '../errors';

const FINAL = new Set(['success', 'failed', 'skipped']);
const POLL_MS = 500;
/** How often queued chunks are looked for in the queue store (one read per queued chunk). */
const LOST_CHECK_MS = 5_000;
/** A queue store that does not answer within this is treated as down for this check. */
const STORE_TIMEOUT_MS = 3_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The progress bar on a terminal, a line per change elsewhere; notes go to stderr without breaking either. */
function progressView(total: number) {
  const tty = process.stdout.isTTY === true;
  const bar = new SingleBar({
    format: ' {bar} {percentage}% | {value}/{total} chunks | {bars} bars written | {failed} failed',
    hideCursor: true,
  });
  if (tty) bar.start(total, 0, { bars: 0, failed: 0 });
  let lastLine = '';
  return {
    update(done: number, bars: number, failed: number) {
      if (tty) return bar.update(done, { bars, failed });
      const line = `${done}/${total} chunks, ${bars} bars written, ${failed} failed`;
      if (line !== lastLine) console.log(line);
      lastLine = line;
    },
    note(text: string) {
      console.error(tty ? `\n${text}` : text);
    },
    stop() {
      if (tty) bar.stop();
    },
  };
}

/** Queued chunks whose job the queue store does not have: it lost them (a Redis restart without persistence). */
async function lostChunks(queue: Queue, runs: readonly JobRun[]): Promise<number | null> {
  const queued = runs.filter((r) => r.status === 'queued');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), STORE_TIMEOUT_MS)));
  const count = (async () => {
    let lost = 0;
    for (const r of queued) if (!(await queue.getJob(r.jobId))) lost++;
    return lost;
  })();
  try {
    return await Promise.race([count.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits until every chunk is final, with a progress bar. Through a database restart it keeps
 * the bar, says the database is away and reads again once it answers; the outcome is whatever
 * the chunks end with, not whether the database blinked. Chunks left queued with no job in the
 * queue store (it lost them) are named, with what brings them back.
 */
export async function waitForChunks(db: Db, jobIds: string[], queue: Queue): Promise<JobRun[]> {
  const view = progressView(jobIds.length);
  const started = Date.now();
  let hinted = false;
  let down: string | null = null;
  let lost = 0;
  let lostCheckedAt = 0;
  for (;;) {
    let runs: JobRun[];
    try {
      runs = await getJobRuns(db, jobIds);
    } catch (err) {
      if (down === null) view.note(`the database is unreachable (${errorLine(err)}); waiting for it`);
      down = errorLine(err);
      await sleep(1_000);
      continue;
    }
    if (down !== null) view.note('the database answers again');
    down = null;
    const done = runs.filter((r) => FINAL.has(r.status));
    const failed = runs.filter((r) => r.status === 'failed').length;
    view.update(done.length, runs.reduce((n, r) => n + r.barsWritten, 0), failed);
    if (done.length === jobIds.length) {
      view.stop();
      return runs;
    }
    if (!hinted && Date.now() - started > 15_000 && runs.every((r) => r.status === 'queued')) {
      hinted = true;
      view.note('no worker has taken a chunk yet: start the fleet (npm start) or pass --inline');
    }
    if (Date.now() - lostCheckedAt > LOST_CHECK_MS) {
      lostCheckedAt = Date.now();
      const now = await lostChunks(queue, runs);
      if (now !== null && now > lost) {
        view.note(
          `${now} queued chunks have no job in the queue store (it lost them: a Redis restart without persistence?); ` +
            'the scheduler queues them again at its next check (SCHEDULE_CHECK_MS), or run this command again',
        );
      } else if (now === 0 && lost > 0) view.note('the lost chunks are queued again');
      if (now !== null) lost = now;
    }
    await sleep(POLL_MS);
  }
}
