import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { symbolRef } from './symbols';

/**
 * The quote columns every option table shares (a provider's snapshot of one contract). Every
 * quote field is nullable: providers send empty snapshots, and a missing value stays missing.
 */
const contractColumns = () => ({
  /** OCC symbol without padding (AAPL240119C00190000, adjusted roots such as AAPL1 included). */
  contract: text().notNull(),
  expiry: date({ mode: 'string' }).notNull(),
  strike: doublePrecision().notNull(),
  side: text().$type<'call' | 'put'>().notNull(),
  bid: doublePrecision(),
  ask: doublePrecision(),
  last: doublePrecision(),
  volume: doublePrecision(),
  openInterest: doublePrecision(),
  iv: doublePrecision(),
  delta: doublePrecision(),
  gamma: doublePrecision(),
  theta: doublePrecision(),
  vega: doublePrecision(),
  /** When the provider last quoted the contract; null when it did not say. */
  quotedAt: timestamp({ withTimezone: true }),
});

/**
 * The latest quote of each contract, upserted by every scrape (options-quotes and the chain read
 * it). A near-expiry scrape rewrites only its expirations; the others keep the quote of the last
 * wider scrape, with its own `fetched_at`. Expired contracts are deleted by the nightly snapshot.
 */
export const optionQuotes = pgTable(
  'option_quotes',
  {
    ...contractColumns(),
    symbolId: symbolRef().notNull(),
    /** The OCC root: differs from the underlying's ticker for adjusted contracts. */
    root: text().notNull(),
    provider: text().notNull(),
    fetchedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.contract] }), index('option_quotes_chain').on(t.symbolId, t.expiry, t.strike)],
);

/**
 * One row per contract per session: the history ranking (momentum five sessions back) and the
 * IV statistics read. Partitioned by RANGE on `session_date`, one partition per month
 * (option_snapshots_YYYYMM), created ahead and dropped whole by the partition job; the migration
 * adds `PARTITION BY`, which drizzle cannot express. No foreign key (a partitioned write path
 * like the bars'); deleting a symbol deletes its snapshots explicitly.
 */
export const optionSnapshots = pgTable(
  'option_snapshots',
  {
    sessionDate: date({ mode: 'string' }).notNull(),
    symbolId: integer().notNull(),
    ...contractColumns(),
    provider: text().notNull(),
    /** When the quote was scraped (the snapshot copies the latest quote of the session). */
    fetchedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionDate, t.contract] }),
    index('option_snapshots_underlying').on(t.symbolId, t.sessionDate),
  ],
);

/** Per underlying and session: the at-the-money implied volatility (the nearest monthly's ATM). */
export const optionAtmIv = pgTable(
  'option_atm_iv',
  {
    symbolId: symbolRef().notNull(),
    sessionDate: date({ mode: 'string' }).notNull(),
    atmIv: doublePrecision().notNull(),
    /** The expiry and strike the value came from, so a jump can be traced. */
    expiry: date({ mode: 'string' }).notNull(),
    strike: doublePrecision().notNull(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.symbolId, t.sessionDate] })],
);

/** 52-week statistics of the daily ATM IV per underlying; `as_of` dates them (IV freshness). */
export const optionIvStats = pgTable('option_iv_stats', {
  symbolId: symbolRef().primaryKey(),
  low: doublePrecision().notNull(),
  high: doublePrecision().notNull(),
  median: doublePrecision().notNull(),
  days: integer().notNull(),
  /** The latest daily observation behind the statistics. */
  asOf: date({ mode: 'string' }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Per underlying: the latest scrape and snapshot, so snapshot age is one row per symbol. */
export const optionChainStatus = pgTable('option_chain_status', {
  symbolId: symbolRef().primaryKey(),
  lastScrapedAt: timestamp({ withTimezone: true }),
  lastProvider: text(),
  /** Contracts stored and quarantined by the latest scrape. */
  lastContracts: integer().notNull().default(0),
  lastQuarantined: integer().notNull().default(0),
  lastExpirations: integer().notNull().default(0),
  lastSnapshotDate: date({ mode: 'string' }),
  lastSnapshotAt: timestamp({ withTimezone: true }),
});

/** Contracts a provider sent that failed validation: kept with the reason, never stored as quotes. */
export const quarantinedOptions = pgTable(
  'quarantined_options',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    symbolId: symbolRef().notNull(),
    /** Null when the provider's key could not be read as a contract at all. */
    contract: text(),
    provider: text().notNull(),
    reason: text().notNull(),
    raw: jsonb(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    timesSeen: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex('quarantined_options_key').on(t.symbolId, sql`coalesce(${t.contract}, '')`, t.provider, t.reason),
  ],
);

export type RankMode = 'entry';

/** One ranking of one underlying's chain. Ranks are read per run, so a reader sees one whole set. */
export const optionRankRuns = pgTable(
  'option_rank_runs',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    symbolId: symbolRef().notNull(),
    mode: text().$type<RankMode>().notNull(),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The session the run scored for (DTE counts from it). */
    sessionDate: date({ mode: 'string' }).notNull(),
    /** What the run is for (the job's key): a retry of the same key replaces its ranks. */
    runKey: text().notNull(),
    trigger: text().$type<'scrape' | 'nightly' | 'user'>().notNull(),
    contractsScored: integer().notNull(),
    contractsSkipped: integer().notNull(),
    ivStale: boolean().notNull(),
    /** The reference session momentum compared against (five sessions back); null without history. */
    referenceDate: date({ mode: 'string' }),
    /** The daily forecast that tilted the run, if one was fresh. */
    forecastId: integer(),
    durationMs: integer().notNull(),
  },
  (t) => [
    uniqueIndex('option_rank_runs_key').on(t.symbolId, t.mode, t.runKey),
    index('option_rank_runs_latest').on(t.symbolId, t.mode, t.runAt.desc()),
  ],
);

/** The selected contracts of a run (top 100 by expiry bucket) with every sub-score and signal. */
export const optionRanks = pgTable(
  'option_ranks',
  {
    runId: bigint({ mode: 'number' })
      .notNull()
      .references(() => optionRankRuns.id, { onDelete: 'cascade' }),
    /** 1 = best. */
    position: integer().notNull(),
    ...contractColumns(),
    mark: doublePrecision(),
    dte: integer().notNull(),
    composite: doublePrecision().notNull(),
    mlScore: doublePrecision().notNull(),
    momentum: doublePrecision().notNull(),
    value: doublePrecision().notNull(),
    greeks: doublePrecision().notNull(),
    ivRank: doublePrecision().notNull(),
    spreadPct: doublePrecision().notNull(),
    volOiRatio: doublePrecision().notNull(),
    liquidityConfidence: doublePrecision().notNull(),
    priceMomentum: doublePrecision().notNull(),
    oiGrowth: doublePrecision().notNull(),
    relativeValue: doublePrecision().notNull(),
    entryDifficulty: doublePrecision().notNull(),
    stability: doublePrecision(),
    ivCurveOk: boolean().notNull(),
    ivDataQuality: doublePrecision().notNull(),
    forecastTilt: doublePrecision().notNull().default(0),
    signals: text().array().notNull(),
    imputed: text().array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.contract] }), index('option_ranks_position').on(t.runId, t.position)],
);

/**
 * Every scored contract's latest momentum and composite (and the ones before them), which the
 * next run smooths against. Runs store only their selected contracts, so without this a contract
 * outside the previous top 100 would never be smoothed. A retried run (same run id) keeps the
 * `prev_*` values, so it smooths against the run before it, not against its own first attempt.
 */
export const optionScores = pgTable(
  'option_scores',
  {
    contract: text().notNull(),
    mode: text().$type<RankMode>().notNull(),
    symbolId: symbolRef().notNull(),
    runId: bigint({ mode: 'number' }).notNull(),
    momentum: doublePrecision().notNull(),
    composite: doublePrecision().notNull(),
    prevRunId: bigint({ mode: 'number' }),
    prevMomentum: doublePrecision(),
    prevComposite: doublePrecision(),
  },
  (t) => [primaryKey({ columns: [t.contract, t.mode] }), index('option_scores_underlying').on(t.symbolId, t.mode)],
);
