// What a benchmark run spent, resource by resource, so each benchmark can name the bound it hit
// rather than leave the reader to guess: CPU seconds of a process (from /proc, Linux), CPU seconds
// of the PostgreSQL backends serving one database, and the busiest resource of a run.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type postgres from 'postgres';
import { fmt } from './support';

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a live process has used so far (0 once it is gone). */
export function processCpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing paren).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Busy and total CPU time of the whole machine so far, in ticks (every process, others' included). */
export function machineTicks(): { busy: number; total: number } {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const v = cpu!.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  // idle and iowait are the time no process wanted a core.
  return { busy: total - v[3]! - v[4]!, total };
}

/** Share of the machine's CPU busy between two readings. */
export const busyBetween = (a: ReturnType<typeof machineTicks>, b: ReturnType<typeof machineTicks>) => (b.busy - a.busy) / (b.total - a.total);

/** CPU seconds of every PostgreSQL backend now connected to `database` (by pid, so each is read once). */
export async function backendCpuSeconds(sql: postgres.Sql, database: string): Promise<Map<number, number>> {
  const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`;
  return new Map(rows.map((r) => [r.pid, processCpuSeconds(r.pid)]));
}

/** Backend CPU used between two readings; a backend that appeared in between counts from 0. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, s] of after) total += s - (before.get(pid) ?? 0);
  return total;
}

/** Milliseconds the database's backends spent executing statements (PostgreSQL 14+). */
export async function activeMs(sql: postgres.Sql, database: string): Promise<number> {
  const [row] = await sql<{ ms: number }[]>`select coalesce(active_time, 0)::float8 as ms from pg_stat_database where datname = ${database}`;
  return row?.ms ?? 0;
}

/** A value of a Prometheus text exposition, summed over its label sets (0 when absent). */
export function metricSum(exposition: string, name: string): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

export interface Use {
  /** What was measured, e.g. 'worker CPU'. */
  name: string;
  /** Share of that resource's capacity used over the run, 0..1. */
  share: number;
  /** How it was measured, for the printout. */
  detail: string;
}

/** Below this share of its capacity, the busiest resource is not what holds a run back on its own. */
const UNSATURATED = 0.85;

/**
 * The resource the run used most of its capacity: that is where more throughput would have to
 * come from. When the processes together used nearly all cores, the machine is the bound (its
 * largest consumer named), whatever each one used alone; when nothing came near its capacity, no
 * one resource is.
 */
export function boundOf(uses: Use[], cpuSeconds: number, wallSeconds: number, machineBusy: number): { bound: string; lines: string[] } {
  const cores = cpus().length;
  const ours = cpuSeconds / (wallSeconds * cores);
  const top = [...uses].sort((a, b) => b.share - a.share)[0]!;
  const lines = uses.map((u) => `  ${u.name}: ${fmt(u.share * 100)} % (${u.detail})`);
  lines.push(
    `  machine CPU: ${fmt(machineBusy * 100)} % of ${cores} cores busy, ${fmt(ours * 100)} % by the benchmark's processes; ` +
      `load average ${loadavg().map((l) => fmt(l, 1)).join(' ')}`,
  );
  let bound = top.name;
  if (machineBusy >= 0.9 && top.share < 0.9) {
    bound = ours >= 0.8 * machineBusy ? `the machine's CPU (${cores} cores; its largest user: ${top.name})` : `the machine's CPU, shared with other work (its largest user here: ${top.name})`;
  } else if (top.share < UNSATURATED) {
    // Nothing ran flat out: the figure is set by how the parts wait on one another, not by one of them.
    bound = `no single resource (the busiest, ${top.name}, at ${fmt(top.share * 100)} %, the machine at ${fmt(machineBusy * 100)} %): the parts wait on one another`;
  }
  return { bound, lines };
}
