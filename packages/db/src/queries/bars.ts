import type { BarStatus, Timeframe } from '@marketfleet/market';
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import type * as schema from '../schema';
import { notifyDataChanged } from './notify';
import { pgArray } from './pg-array';
import { toDate } from './pg-time';

/** A stored bar, as the schema types it. */
export type BarRow = typeof schema.bars.$inferSelect;

export type StoredBar = Omit<BarRow, 'symbolId' | 'timeframe'>;

/** What every bar of one provider answer for one timeframe shares. */
export interface BatchKey {
  timeframe: Timeframe;
  provider: string;
  fetchedAt: Date;
}

export type SeriesBar = Omit<BarRow, 'symbolId' | 'status' | keyof BatchKey>;

export interface SymbolSeries<B extends SeriesBar = SeriesBar> {
  symbolId: number;
  bars: readonly B[];
  /** Computed while the batch is encoded, so callers need not copy every bar to add it. */
  status: (bar: B) => BarStatus;
}

/** Decoded by a CASE in the statement: per row, it costs a seventh of `enum_range(...)[s]`. */
const STATUS_CODE: Record<BarStatus, number> = { live: 1, provisional: 2, verified: 3 };

/** A series not strictly ascending may hold a ts twice: the last bar wins (ON CONFLICT touches a row once). */
function unique<B extends SeriesBar>(bars: readonly B[]): readonly B[] {
  for (let i = 1; i < bars.length; i++) {
    if (bars[i]!.ts.getTime() <= bars[i - 1]!.ts.getTime()) return [...new Map(bars.map((b) => [b.ts.getTime(), b])).values()];
  }
  return bars;
}

/**
 * The batch as one PostgreSQL array literal per column, gathered in one pass, each column in
 * the fewest digits that are exact (see `times` and `decimals`). Statuses travel as 1-based codes.
 */
function columns<B extends SeriesBar>(series: readonly SymbolSeries<B>[]) {
  const symbol: number[] = [], ts: number[] = [], open: number[] = [], high: number[] = [], low: number[] = [];
  const close: number[] = [], volume: number[] = [], status: number[] = [];
  const vwap: Array<number | null> = [], trades: Array<number | null> = [];
  /** Rows, first and last start per symbol: the series_stats of a batch that only inserts. */
  const perSymbol = new Map<number, { n: number; lo: number; hi: number }>();
  for (const s of series) {
    const bars = unique(s.bars);
    if (bars.length > 0) {
      const seen = perSymbol.get(s.symbolId) ?? { n: 0, lo: Infinity, hi: -Infinity };
      perSymbol.set(s.symbolId, seen);
      seen.n += bars.length;
      for (const b of bars) {
        const t = b.ts.getTime();
        if (t < seen.lo) seen.lo = t;
        if (t > seen.hi) seen.hi = t;
      }
    }
    for (const b of bars) {
      symbol.push(s.symbolId);
      ts.push(b.ts.getTime());
      open.push(b.open);
      high.push(b.high);
      low.push(b.low);
      close.push(b.close);
      volume.push(b.volume);
      vwap.push(b.vwap);
      trades.push(b.tradeCount);
      status.push(STATUS_CODE[s.status(b)]);
    }
  }
  for (const c of [ts, open, high, low, close, volume]) assertFinite(c);
  let min = Infinity;
  let max = -Infinity;
  for (const { lo, hi } of perSymbol.values()) {
    if (lo < min) min = lo;
    if (hi > max) max = hi;
  }
  return {
    rows: ts.length, tsRange: [min, max] as [number, number], perSymbol, symbol: literal(symbol), ts: times(ts, min),
    open: decimals(open, 'o'), high: decimals(high, 'h'), low: decimals(low, 'l'), close: decimals(close, 'c'),
    volume: decimals(volume, 'v'), vwap: decimals(vwap, 'vw'), trades: literal(trades), status: literal(status),
  };
}

/** A column of the batch: the array that carries it, and the value of one row (`u.<name>`) it yields. */
interface Column {
  array: SQL;
  value: SQL;
}

/** A PostgreSQL array literal of numbers (the engine's join formats them fastest) and nulls. */
function literal(values: ReadonlyArray<number | null>): string {
  return `{${(values.includes(null) ? values.map((v) => v ?? 'NULL') : values).join(',')}}`;
}

/** Units tried for bar starts after the batch's first: minutes (every bar grid), then seconds. */
const TIME_UNITS_MS = [60_000, 1_000];

/**
 * Bar starts as epoch milliseconds, travelling as whole units after the batch's first start (a
 * year of m15 in minutes is 6 digits, not 13): exact by construction, and less to format, send
 * and parse. Divided in float8, which is exact to the microsecond for any epoch millisecond.
 */
function times(ts: readonly number[], first: number): Column {
  for (const unit of TIME_UNITS_MS) {
    const steps = new Array<number>(ts.length);
    let whole = true;
    for (let i = 0; i < ts.length && whole; i++) {
      steps[i] = (ts[i]! - first) / unit;
      whole = Number.isInteger(steps[i]);
    }
    if (whole) {
      return { array: sql`${literal(steps)}::int8[]`, value: sql`to_timestamp((${first}::int8 + u.t * ${sql.raw(`${unit}`)})::float8 / 1000)` };
    }
  }
  return { array: sql`${literal(ts)}::int8[]`, value: sql`to_timestamp(u.t::float8 / 1000)` };
}

/** Scales tried for a decimal column, fewest digits first: whole numbers (volumes), cents, then finer quotes. */
const SCALES = [1, 100, 10_000, 1_000_000];

/**
 * A decimal column (prices, volumes, vwap; nulls allowed). They have few places, and a whole
 * number formats (here) and parses (there) at about half the cost of a fraction, so a column whose
 * every value is k / scale for a whole k travels as the ks and is divided back in float8. That
 * gives the very same double: `k / scale` is one correctly rounded IEEE division on either side,
 * and it is checked here to equal the value sent. Any other column travels as it is.
 */
function decimals(values: ReadonlyArray<number | null>, name: string): Column {
  const col = sql.raw(`u.${name}`);
  for (const scale of SCALES) {
    const scaled = new Array<number | null>(values.length);
    let exact = true;
    for (let i = 0; i < values.length && exact; i++) {
      const v = values[i]!;
      if (v === null) {
        scaled[i] = null;
        continue;
      }
      const k = Math.round(v * scale);
      exact = Number.isSafeInteger(k) && k / scale === v;
      scaled[i] = k;
    }
    if (exact) return { array: sql`${literal(scaled)}::int8[]`, value: sql`${col}::float8 / ${sql.raw(`${scale}`)}` };
  }
  return { array: sql`${literal(values)}::float8[]`, value: col };
}

function assertFinite(values: readonly number[]) {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`non-finite value in a bar column at ${i}`);
  }
}

/**
 * Set-based idempotent upsert of a provider answer (any number of symbols, one
 * timeframe) in one statement: the varying columns travel as arrays expanded by
 * `unnest`, the shared ones as scalars, times as whole numbers (cheaper for the server to
 * parse than timestamps). A row is rewritten only when its values changed, or when it gained
 * a better status (a re-fetch after the provider finalised the
 * session turns `provisional` into `verified` without touching prices). Returns how
 * many rows were inserted or changed, per symbol id.
 */
export async function upsertSeriesBatch<B extends SeriesBar>(
  db: Executor,
  key: BatchKey,
  series: readonly SymbolSeries<B>[],
): Promise<Map<number, number>> {
  const written = new Map<number, number>(series.map((s) => [s.symbolId, 0]));
  const c = columns(series);
  if (c.rows === 0) return written;
  const rows = sql`
    select u.sym, ${key.timeframe}::timeframe, ${c.ts.value}, ${c.open.value}, ${c.high.value}, ${c.low.value}, ${c.close.value},
           ${c.volume.value}, ${c.vwap.value}, u.n, ${key.provider}::text,
           case u.s when 3 then 'verified'::bar_status when 2 then 'provisional'::bar_status else 'live'::bar_status end,
           ${key.fetchedAt.toISOString()}::timestamptz
    from unnest(${c.symbol}::int[], ${c.ts.array}, ${c.open.array}, ${c.high.array}, ${c.low.array},
                ${c.close.array}, ${c.volume.array}, ${c.vwap.array}, ${c.trades}::int[], ${c.status}::int2[])
         as u(sym, t, o, h, l, c, v, vw, n, s)`;
  const insert = sql`insert into bars as b (symbol_id, timeframe, ts, open, high, low, close, volume, vwap,
                                           trade_count, provider, status, fetched_at) ${rows}`;
  const announce = async (on: Executor) => {
    const ids = [...written].filter(([, n]) => n > 0).map(([id]) => id);
    if (ids.length > 0) await notifyDataChanged(on, { symbolIds: ids, timeframes: [key.timeframe] });
    return written;
  };
  // A backfill mostly writes where nothing is stored yet; there the plain insert spares
  // each row the conflict check, and every row is new, so the counts and series_stats come
  // from the batch itself rather than from returning each row (a sixth of the statement's
  // cost). A concurrent writer that got there first makes it fail on the key, and the
  // savepoint lets the upsert below take over.
  if (await nothingStored(db, key.timeframe, [...written.keys()], c.tsRange)) {
    try {
      // On the transaction's own connection: from a pool, `db` would take another one.
      return await db.transaction(async (tx) => {
        await tx.execute(insert);
        const per = [...c.perSymbol];
        await tx.execute(keepSeriesStats(key, sql`
          select * from unnest(${pgArray(per.map(([id]) => id))}::int[], ${pgArray(per.map(([, p]) => p.n))}::int[],
                               ${pgArray(per.map(([, p]) => p.lo))}::int8[], ${pgArray(per.map(([, p]) => p.hi))}::int8[])
            as p(symbol_id, n, lo_ms, hi_ms)`, sql`select symbol_id, n, n as added, to_timestamp(lo_ms::float8 / 1000) as lo, to_timestamp(hi_ms::float8 / 1000) as hi from given`));
        for (const [id, p] of per) written.set(id, p.n);
        return announce(tx);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  // Counts per symbol, and series_stats kept in the same statement (xmax = 0: a new row).
  const counts = await db.execute<{ symbol_id: number; n: number }>(keepSeriesStats(key, sql`${insert}
    on conflict (symbol_id, timeframe, ts) do update set
      open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
      volume = excluded.volume, vwap = excluded.vwap, trade_count = excluded.trade_count,
      provider = excluded.provider, fetched_at = excluded.fetched_at,
      status = case
        when (b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trade_count, b.provider)
             is distinct from (excluded.open, excluded.high, excluded.low, excluded.close,
                               excluded.volume, excluded.vwap, excluded.trade_count, excluded.provider)
        then excluded.status
        else greatest(b.status, excluded.status) end
    where (b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trade_count, b.provider)
          is distinct from (excluded.open, excluded.high, excluded.low, excluded.close,
                            excluded.volume, excluded.vwap, excluded.trade_count, excluded.provider)
       or excluded.status > b.status
    returning b.symbol_id, b.ts, (b.xmax = 0) as added`, sql`
      select symbol_id, count(*)::int as n, count(*) filter (where added)::int as added, min(ts) as lo, max(ts) as hi
      from given group by symbol_id`));
  for (const r of counts) written.set(r.symbol_id, r.n);
  return announce(db);
}

/**
 * The one statement that keeps series_stats: `given` (a query or a data-modifying statement
 * with RETURNING) feeds `per`, which yields per symbol the rows written (`n`), those new
 * (`added`) and their first and last start (`lo`, `hi`); returns `per`.
 */
function keepSeriesStats(key: BatchKey, given: SQL, per: SQL): SQL {
  return sql`
    with given as (${given}),
    per as (${per}),
    stats as (
      insert into series_stats as s (symbol_id, timeframe, first_ts, last_ts, bar_count, last_written_at,
                                     last_rows_written, last_provider)
      select symbol_id, ${key.timeframe}::timeframe, lo, hi, added, now(), n, ${key.provider} from per
      on conflict (symbol_id, timeframe) do update set
        first_ts = least(s.first_ts, excluded.first_ts), last_ts = greatest(s.last_ts, excluded.last_ts),
        bar_count = s.bar_count + excluded.bar_count, last_written_at = excluded.last_written_at,
        last_rows_written = excluded.last_rows_written, last_provider = excluded.last_provider)
    select symbol_id, n from per`;
}

async function nothingStored(db: Executor, tf: Timeframe, symbolIds: readonly number[], [from, to]: [number, number]) {
  const [row] = await db.execute<{ found: boolean }>(sql`
    select exists (select 1 from bars where timeframe = ${tf}
      and symbol_id = any(${pgArray(symbolIds)}::int[])
      and ts between to_timestamp(${from} / 1000.0) and to_timestamp(${to} / 1000.0)) as found`);
  return row?.found === false;
}

function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

/** Upserts bars of any symbols and timeframes: one statement per timeframe, provider and fetch. */
export async function upsertBars(db: Executor, rows: readonly BarRow[]): Promise<number> {
  const batches = new Map<string, { key: BatchKey; series: Map<number, BarRow[]> }>();
  for (const row of rows) {
    const { symbolId, timeframe, provider, fetchedAt } = row;
    const id = `${timeframe}|${provider}|${fetchedAt.getTime()}`;
    let batch = batches.get(id);
    if (!batch) batches.set(id, (batch = { key: { timeframe, provider, fetchedAt }, series: new Map() }));
    let bars = batch.series.get(symbolId);
    if (!bars) batch.series.set(symbolId, (bars = []));
    bars.push(row);
  }
  let written = 0;
  for (const { key, series } of batches.values()) {
    const counts = await upsertSeriesBatch(db, key, [...series].map(([symbolId, bars]) => ({ symbolId, bars, status: (b: BarRow) => b.status })));
    for (const n of counts.values()) written += n;
  }
  return written;
}

export interface BarQuery {
  symbolId: number;
  timeframe: Timeframe;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  limit?: number;
  /** Only the newest this many bars of the range (still returned oldest first). */
  latest?: number;
}

export async function readBars(db: Executor, q: BarQuery): Promise<StoredBar[]> {
  const rows = await db.execute<{
    ts: string; open: number; high: number; low: number; close: number; volume: number;
    vwap: number | null; trade_count: number | null; provider: string; status: BarStatus; fetched_at: string;
  }>(sql`
    select ts, open, high, low, close, volume, vwap, trade_count, provider, status, fetched_at
    from bars
    where symbol_id = ${q.symbolId} and timeframe = ${q.timeframe}
      ${q.from ? sql`and ts >= ${q.from.toISOString()}::timestamptz` : sql``}
      ${q.to ? sql`and ts < ${q.to.toISOString()}::timestamptz` : sql``}
    order by ts ${q.latest !== undefined ? sql`desc limit ${q.latest}` : sql``}
    ${q.limit !== undefined ? sql`limit ${q.limit}` : sql``}`);
  if (q.latest !== undefined) rows.reverse();
  return rows.map((r) => ({
    ts: toDate(r.ts),
    open: r.open,
    high: r.high,
    low: r.low,
    close: r.close,
    volume: r.volume,
    vwap: r.vwap,
    tradeCount: r.trade_count,
    provider: r.provider,
    status: r.status,
    fetchedAt: toDate(r.fetched_at),
  }));
}

export async function latestBarTs(db: Executor, symbolId: number, timeframe: Timeframe): Promise<Date | null> {
  const [row] = await db.execute<{ ts: string }>(sql`
    select ts from bars where symbol_id = ${symbolId} and timeframe = ${timeframe}
    order by ts desc limit 1`);
  return row ? toDate(row.ts) : null;
}

export async function countBars(db: Executor, symbolId: number, timeframe: Timeframe, from?: Date, to?: Date): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from bars
    where symbol_id = ${symbolId} and timeframe = ${timeframe}
      ${from ? sql`and ts >= ${from.toISOString()}::timestamptz` : sql``}
      ${to ? sql`and ts < ${to.toISOString()}::timestamptz` : sql``}`);
  return row?.n ?? 0;
}

/** Start times (epoch ms) of the stored bars of some symbols since `from`, per symbol id. */
export async function storedBarTimes(
  db: Executor,
  timeframe: Timeframe,
  symbolIds: readonly number[],
  from: Date,
): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>(symbolIds.map((id) => [id, new Set<number>()]));
  if (symbolIds.length === 0) return out;
  const rows = await db.execute<{ symbol_id: number; ms: string }>(sql`
    select symbol_id, (extract(epoch from ts) * 1000)::bigint::text as ms from bars
    where timeframe = ${timeframe} and ts >= ${from.toISOString()}::timestamptz
      and symbol_id = any(${pgArray(symbolIds)}::int[])`);
  for (const r of rows) out.get(r.symbol_id)?.add(Number(r.ms));
  return out;
}

/**
 * Of some symbols, those whose stored bars hold every one of `expected` (epoch ms), counted where
 * the bars are: a complete watchlist's history never leaves the database (millions of times to
 * compare otherwise). The expected times are matched exactly, so bars stored outside them
 * (an unexpected time) cannot make up for a missing one.
 */
export async function seriesHoldingAll(
  db: Executor,
  timeframe: Timeframe,
  symbolIds: readonly number[],
  expected: readonly number[],
): Promise<Set<number>> {
  const times = [...new Set(expected)];
  if (times.length === 0) return new Set(symbolIds);
  if (symbolIds.length === 0) return new Set();
  let min = Infinity;
  let max = -Infinity;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const rows = await db.execute<{ symbol_id: number }>(sql`
    select b.symbol_id from bars b
    join unnest(${pgArray(times)}::int8[]) as e(ms) on b.ts = to_timestamp(e.ms::float8 / 1000)
    where b.timeframe = ${timeframe} and b.symbol_id = any(${pgArray(symbolIds)}::int[])
      and b.ts between to_timestamp(${min}::float8 / 1000) and to_timestamp(${max}::float8 / 1000)
    group by b.symbol_id having count(*) = ${times.length}`);
  return new Set(rows.map((r) => r.symbol_id));
}
