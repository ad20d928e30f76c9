import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { ensureSnapshotPartitions } from './option-partitions';
import { pgArray } from './pg-array';
import { toDate } from './pg-time';

/** One contract's quote as a provider sent it; every quote field may be missing. */
export interface OptionQuoteInput {
  contract: string;
  root: string;
  expiry: string;
  strike: number;
  side: 'call' | 'put';
  bid?: number | null;
  ask?: number | null;
  last?: number | null;
  volume?: number | null;
  openInterest?: number | null;
  iv?: number | null;
  delta?: number | null;
  gamma?: number | null;
  theta?: number | null;
  vega?: number | null;
  quotedAt?: Date | null;
}

/** A stored quote; missing values are null. */
export interface StoredOptionQuote {
  contract: string;
  symbolId: number;
  /** The underlying's ticker. */
  underlying: string;
  root: string;
  expiry: string;
  strike: number;
  side: 'call' | 'put';
  bid: number | null;
  ask: number | null;
  last: number | null;
  volume: number | null;
  openInterest: number | null;
  iv: number | null;
  delta: number | null;
  gamma: number | null;
  theta: number | null;
  vega: number | null;
  quotedAt: Date | null;
  provider: string;
  fetchedAt: Date;
}

export interface ScrapeKey {
  symbolId: number;
  provider: string;
  fetchedAt: Date;
  /** Contracts the provider sent that were quarantined, for the chain's status row. */
  quarantined: number;
}

const QUOTE_FIELDS = ['bid', 'ask', 'last', 'volume', 'openInterest', 'iv', 'delta', 'gamma', 'theta', 'vega'] as const;

const finiteOrNull = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** The batch as one array literal per column; a contract sent twice keeps its last quote. */
function quoteColumns(quotes: readonly OptionQuoteInput[]) {
  const unique = [...new Map(quotes.map((q) => [q.contract, q])).values()];
  const col = <T>(f: (q: OptionQuoteInput) => T) => unique.map(f);
  return {
    rows: unique.length,
    expirations: new Set(unique.map((q) => q.expiry)).size,
    contract: pgArray(col((q) => q.contract)),
    root: pgArray(col((q) => q.root)),
    expiry: pgArray(col((q) => q.expiry)),
    strike: pgArray(col((q) => q.strike)),
    side: pgArray(col((q) => q.side)),
    quoted: pgArray(col((q) => (q.quotedAt ? q.quotedAt.getTime() : null))),
    ...(Object.fromEntries(QUOTE_FIELDS.map((f) => [f, pgArray(col((q) => finiteOrNull(q[f])))])) as Record<
      (typeof QUOTE_FIELDS)[number],
      string
    >),
  };
}

/**
 * Set-based upsert of one scrape of one underlying in one statement (columns as arrays expanded
 * by `unnest`), with the chain's status row kept in the same statement. A quote older than the
 * stored one (a late retry of an earlier scrape) leaves the stored one alone. Returns the rows
 * inserted or rewritten.
 */
export async function upsertOptionQuotes(db: Executor, key: ScrapeKey, quotes: readonly OptionQuoteInput[]): Promise<number> {
  const c = quoteColumns(quotes);
  const fetchedAt = key.fetchedAt.toISOString();
  const [row] = await db.execute<{ n: number }>(sql`
    with u as (
      select * from unnest(${c.contract}::text[], ${c.root}::text[], ${c.expiry}::date[], ${c.strike}::float8[],
        ${c.side}::text[], ${c.bid}::float8[], ${c.ask}::float8[], ${c.last}::float8[], ${c.volume}::float8[],
        ${c.openInterest}::float8[], ${c.iv}::float8[], ${c.delta}::float8[], ${c.gamma}::float8[], ${c.theta}::float8[],
        ${c.vega}::float8[], ${c.quoted}::int8[])
        as u(contract, root, expiry, strike, side, bid, ask, last, volume, oi, iv, delta, gamma, theta, vega, quoted)
    ),
    written as (
      insert into option_quotes as q (contract, symbol_id, root, expiry, strike, side, bid, ask, last, volume,
        open_interest, iv, delta, gamma, theta, vega, quoted_at, provider, fetched_at)
      select contract, ${key.symbolId}::int, root, expiry, strike, side, bid, ask, last, volume, oi, iv, delta, gamma,
             theta, vega, to_timestamp(quoted / 1000.0), ${key.provider}::text, ${fetchedAt}::timestamptz
      from u
      on conflict (contract) do update set
        symbol_id = excluded.symbol_id, root = excluded.root, expiry = excluded.expiry, strike = excluded.strike,
        side = excluded.side, bid = excluded.bid, ask = excluded.ask, last = excluded.last, volume = excluded.volume,
        open_interest = excluded.open_interest, iv = excluded.iv, delta = excluded.delta, gamma = excluded.gamma,
        theta = excluded.theta, vega = excluded.vega, quoted_at = excluded.quoted_at, provider = excluded.provider,
        fetched_at = excluded.fetched_at
      where q.fetched_at <= excluded.fetched_at
      returning 1
    ),
    status as (
      insert into option_chain_status as s (symbol_id, last_scraped_at, last_provider, last_contracts,
        last_quarantined, last_expirations)
      values (${key.symbolId}, ${fetchedAt}::timestamptz, ${key.provider}, ${c.rows}, ${key.quarantined}, ${c.expirations})
      on conflict (symbol_id) do update set
        last_scraped_at = excluded.last_scraped_at, last_provider = excluded.last_provider,
        last_contracts = excluded.last_contracts, last_quarantined = excluded.last_quarantined,
        last_expirations = excluded.last_expirations
      where s.last_scraped_at is null or s.last_scraped_at <= excluded.last_scraped_at
    )
    select count(*)::int as n from written`);
  return row?.n ?? 0;
}

export interface OptionQuarantineRecord {
  symbolId: number;
  contract: string | null;
  provider: string;
  reason: string;
  raw: unknown;
}

/** Keeps each bad contract once per reason; seeing it again bumps its counter. One statement. */
export async function quarantineOptions(db: Executor, records: readonly OptionQuarantineRecord[]): Promise<void> {
  if (records.length === 0) return;
  const payload = JSON.stringify(
    records.map((r) => ({ symbol_id: r.symbolId, contract: r.contract, provider: r.provider, reason: r.reason, raw: r.raw ?? null })),
  );
  await db.execute(sql`
    insert into quarantined_options as q (symbol_id, contract, provider, reason, raw)
    select distinct on (symbol_id, coalesce(contract, ''), provider, reason) symbol_id, contract, provider, reason, raw
    from jsonb_to_recordset(${payload}::jsonb) as x(symbol_id int, contract text, provider text, reason text, raw jsonb)
    on conflict (symbol_id, (coalesce(contract, '')), provider, reason) do update set
      raw = excluded.raw, last_seen_at = now(), times_seen = q.times_seen + 1`);
}

type QuoteRow = {
  contract: string; symbol_id: number; ticker: string; root: string; expiry: string; strike: number; side: 'call' | 'put';
  bid: number | null; ask: number | null; last: number | null; volume: number | null; open_interest: number | null;
  iv: number | null; delta: number | null; gamma: number | null; theta: number | null; vega: number | null;
  quoted_at: string | null; provider: string; fetched_at: string;
};

const toQuote = (r: QuoteRow): StoredOptionQuote => ({
  contract: r.contract, symbolId: r.symbol_id, underlying: r.ticker, root: r.root, expiry: r.expiry, strike: r.strike,
  side: r.side, bid: r.bid, ask: r.ask, last: r.last, volume: r.volume, openInterest: r.open_interest, iv: r.iv,
  delta: r.delta, gamma: r.gamma, theta: r.theta, vega: r.vega, quotedAt: toDate(r.quoted_at), provider: r.provider,
  fetchedAt: toDate(r.fetched_at),
});

const QUOTE_SELECT = sql`select q.*, s.ticker from option_quotes q join symbols s on s.id = q.symbol_id`;

/** The latest quotes of some contracts (OCC symbols); contracts never scraped are simply absent. */
export async function latestQuotes(db: Executor, contracts: readonly string[]): Promise<StoredOptionQuote[]> {
  if (contracts.length === 0) return [];
  const rows = await db.execute<QuoteRow>(sql`${QUOTE_SELECT} where q.contract = any(${pgArray(contracts)}::text[])`);
  return rows.map(toQuote);
}

/** One expiration of an underlying's chain, by strike then side (calls first). */
export async function chainOf(db: Executor, symbolId: number, expiration: string): Promise<StoredOptionQuote[]> {
  const rows = await db.execute<QuoteRow>(sql`
    ${QUOTE_SELECT} where q.symbol_id = ${symbolId} and q.expiry = ${expiration}::date order by q.strike, q.side, q.contract`);
  return rows.map(toQuote);
}

/** Every stored contract of an underlying expiring on or after `from` (what ranking scores). */
export async function chainFrom(db: Executor, symbolId: number, from: string): Promise<StoredOptionQuote[]> {
  const rows = await db.execute<QuoteRow>(sql`
    ${QUOTE_SELECT} where q.symbol_id = ${symbolId} and q.expiry >= ${from}::date order by q.expiry, q.strike, q.side`);
  return rows.map(toQuote);
}

/** The expirations stored for an underlying from `from` on, with their contract counts. */
export async function optionExpirations(db: Executor, symbolId: number, from: string): Promise<{ expiry: string; contracts: number }[]> {
  const rows = await db.execute<{ expiry: string; contracts: number }>(sql`
    select expiry::text, count(*)::int as contracts from option_quotes
    where symbol_id = ${symbolId} and expiry >= ${from}::date group by expiry order by expiry`);
  return [...rows];
}

/** Deletes the latest quotes of contracts that expired before `before`; returns how many. */
export async function deleteExpiredQuotes(db: Executor, before: string): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    with gone as (delete from option_quotes where expiry < ${before}::date returning 1) select count(*)::int as n from gone`);
  return row?.n ?? 0;
}

export interface OptionChainStatus {
  symbolId: number;
  lastScrapedAt: Date | null;
  lastProvider: string | null;
  lastContracts: number;
  lastQuarantined: number;
  lastExpirations: number;
  lastSnapshotDate: string | null;
  lastSnapshotAt: Date | null;
}

/**
 * Scrape and snapshot age per underlying (data-health, the chain's staleness); symbols never
 * scraped are absent. All underlyings when `symbolIds` is omitted.
 */
export async function optionChainStatuses(db: Executor, symbolIds?: readonly number[]): Promise<OptionChainStatus[]> {
  const where = symbolIds === undefined ? sql`` : sql`where symbol_id = any(${pgArray(symbolIds)}::int[])`;
  const rows = await db.execute<{
    symbol_id: number; last_scraped_at: string | null; last_provider: string | null; last_contracts: number;
    last_quarantined: number; last_expirations: number; last_snapshot_date: string | null; last_snapshot_at: string | null;
  }>(sql`select * from option_chain_status ${where}`);
  return rows.map((r) => ({
    symbolId: r.symbol_id, lastScrapedAt: toDate(r.last_scraped_at), lastProvider: r.last_provider,
    lastContracts: r.last_contracts, lastQuarantined: r.last_quarantined, lastExpirations: r.last_expirations,
    lastSnapshotDate: r.last_snapshot_date, lastSnapshotAt: toDate(r.last_snapshot_at),
  }));
}

/**
 * The session's snapshot of some underlyings: copies their latest quotes fetched since
 * `fetchedSince` (the session's own scrapes, not a week-old far expiry) into the session's
 * partition, one row per contract, in one statement. Idempotent: a rerun rewrites the same rows.
 * Returns rows written per symbol id.
 */
export async function writeOptionSnapshot(
  db: Executor,
  sessionDate: string,
  symbolIds: readonly number[],
  fetchedSince: Date,
): Promise<Map<number, number>> {
  const written = new Map<number, number>(symbolIds.map((id) => [id, 0]));
  if (symbolIds.length === 0) return written;
  await ensureSnapshotPartitions(db, sessionDate, sessionDate);
  const rows = await db.execute<{ symbol_id: number; n: number }>(sql`
    with written as (
      insert into option_snapshots as o (session_date, symbol_id, contract, expiry, strike, side, bid, ask, last, volume,
        open_interest, iv, delta, gamma, theta, vega, quoted_at, provider, fetched_at)
      select ${sessionDate}::date, symbol_id, contract, expiry, strike, side, bid, ask, last, volume, open_interest, iv,
             delta, gamma, theta, vega, quoted_at, provider, fetched_at
      from option_quotes
      where symbol_id = any(${pgArray(symbolIds)}::int[]) and expiry >= ${sessionDate}::date
        and fetched_at >= ${fetchedSince.toISOString()}::timestamptz
      on conflict (session_date, contract) do update set
        symbol_id = excluded.symbol_id, bid = excluded.bid, ask = excluded.ask, last = excluded.last,
        volume = excluded.volume, open_interest = excluded.open_interest, iv = excluded.iv, delta = excluded.delta,
        gamma = excluded.gamma, theta = excluded.theta, vega = excluded.vega, quoted_at = excluded.quoted_at,
        provider = excluded.provider, fetched_at = excluded.fetched_at
      returning symbol_id
    ),
    per as (select symbol_id, count(*)::int as n from written group by symbol_id),
    status as (
      update option_chain_status s set last_snapshot_date = ${sessionDate}::date, last_snapshot_at = now()
      from per where s.symbol_id = per.symbol_id
        and (s.last_snapshot_date is null or s.last_snapshot_date <= ${sessionDate}::date)
    )
    select symbol_id, n from per`);
  for (const r of rows) written.set(r.symbol_id, r.n);
  return written;
}

/** The latest session on or before `date` with a snapshot of the underlying; null without one. */
export async function snapshotSessionAtOrBefore(db: Executor, symbolId: number, date: string): Promise<string | null> {
  const [row] = await db.execute<{ d: string | null }>(sql`
    select max(session_date)::text as d from option_snapshots where symbol_id = ${symbolId} and session_date <= ${date}::date`);
  return row?.d ?? null;
}

export type SnapshotQuote = Pick<StoredOptionQuote, 'bid' | 'ask' | 'last' | 'volume' | 'openInterest' | 'iv'>;

/** One session's snapshot of an underlying, by contract (the reference ranking compares against). */
export async function snapshotOf(db: Executor, symbolId: number, sessionDate: string): Promise<Map<string, SnapshotQuote>> {
  const rows = await db.execute<{
    contract: string; bid: number | null; ask: number | null; last: number | null; volume: number | null;
    open_interest: number | null; iv: number | null;
  }>(sql`
    select contract, bid, ask, last, volume, open_interest, iv from option_snapshots
    where session_date = ${sessionDate}::date and symbol_id = ${symbolId}`);
  return new Map(
    rows.map((r) => [r.contract, { bid: r.bid, ask: r.ask, last: r.last, volume: r.volume, openInterest: r.open_interest, iv: r.iv }]),
  );
}
