import { formatOcc, inMarketDateRange, parseDate, parseOcc, type OccContract } from '@marketfleet/market';
import { z } from 'zod';
import { OUT_OF_RANGE, QueryTicker, BodyTicker } from './params';

/** The most contracts one options-quotes request may name (the old app's limit, now refused rather than cut). */
export const MAX_QUOTE_CONTRACTS = 120;
/** The ranking modes stored; the old system's exit and monitor modes are not ranked. */
export const RANK_MODES = ['entry'] as const;
export type RankModeParam = (typeof RANK_MODES)[number];
/** How many of a run's ranked contracts a request may read (runs store their top 100). */
export const MAX_RANKS = 100;

/** A contract as asked for: the caller's spelling (echoed back) and what it parses to. */
export interface RequestedContract {
  asked: string;
  /** The compact OCC symbol, as contracts are stored. */
  occ: string;
  contract: OccContract;
}

/** Long garbage is named by its start: an error message need not repeat 10 kB back. */
const shown = (s: string) => (s.length > 32 ? `'${s.slice(0, 24)}…' (${s.length} characters)` : `'${s}'`);

/**
 * The contracts of an options-quotes request: trimmed and upper-cased as the old app sent them,
 * duplicates asked once. Too many is refused whole, naming the limit (the old app cut the list
 * silently); so is any symbol that is not OCC, naming it and what is wrong.
 */
function parseContracts(list: readonly string[], ctx: z.RefinementCtx): RequestedContract[] {
  const asked = list.flatMap((s) => s.split(',')).map((s) => s.trim().toUpperCase()).filter((s) => s.length > 0);
  if (asked.length === 0) {
    ctx.addIssue({ code: 'custom', message: `No contracts specified: name 1 to ${MAX_QUOTE_CONTRACTS} OCC symbols` });
    return z.NEVER;
  }
  if (asked.length > MAX_QUOTE_CONTRACTS) {
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_QUOTE_CONTRACTS} contracts per request, got ${asked.length}; split the list` });
    return z.NEVER;
  }
  const out = new Map<string, RequestedContract>();
  for (const s of asked) {
    const parsed = parseOcc(s);
    if (!parsed.ok) {
      const why = s.length > 32 ? 'an OCC symbol is 16–21 characters' : parsed.error;
      ctx.addIssue({ code: 'custom', message: `${shown(s)} is not an OCC symbol (ROOT + yymmdd + C|P + 8-digit strike): ${why}` });
      return z.NEVER;
    }
    const occ = formatOcc(parsed.value);
    if (!out.has(occ)) out.set(occ, { asked: s, occ, contract: parsed.value });
  }
  return [...out.values()];
}

/** The old app's `expiration`: Unix seconds of the expiry date's midnight UTC, read as that date. */
function expirationDate(seconds: number, ctx: z.RefinementCtx): string {
  const date = new Date(seconds * 1000).toISOString().slice(0, 10);
  if (!inMarketDateRange(date)) {
    ctx.addIssue({ code: 'custom', message: OUT_OF_RANGE });
    return z.NEVER;
  }
  return date;
}

const EXPIRATION_RULE = 'must be Unix seconds (the expiry date at 00:00 UTC)';

export const QuotesQuery = z.object({
  symbol: QueryTicker,
  contracts: z
    .union([z.string(), z.array(z.string())], { error: 'is required: comma-separated OCC symbols' })
    .transform((v, ctx) => parseContracts(Array.isArray(v) ? v : [v], ctx))
    .describe(`comma-separated OCC symbols, at most ${MAX_QUOTE_CONTRACTS}`),
  expiration: z
    .string({ error: `${EXPIRATION_RULE}, given once` })
    .regex(/^\d{1,12}$/, { error: EXPIRATION_RULE })
    .transform((s, ctx) => expirationDate(Number(s), ctx))
    .optional()
    .describe('optional; every contract must expire on this date'),
});
export type QuotesRequest = z.infer<typeof QuotesQuery>;

export const QuotesBody = z.object({
  symbol: BodyTicker,
  contracts: z
    .array(z.string({ error: 'must be OCC symbol strings' }), { error: `must be a list of 1 to ${MAX_QUOTE_CONTRACTS} OCC symbols` })
    .transform((v, ctx) => parseContracts(v, ctx)),
  expiration: z
    .number({ error: EXPIRATION_RULE })
    .int({ error: EXPIRATION_RULE })
    .min(0, { error: EXPIRATION_RULE })
    .transform((n, ctx) => expirationDate(n, ctx))
    .optional(),
});

const nullableNumber = z.number().nullable();

export const QuotesResponse = z.object({
  symbol: z.string(),
  /** When this answer was made. */
  timestamp: z.string(),
  /** When the underlying's chain was last scraped: the snapshot the quotes come from (null: never). */
  chain_timestamp: z.string().nullable(),
  /** Seconds since chain_timestamp. */
  age_seconds: z.number().int().min(0).nullable(),
  /** Whether the chain is older than the options SLA while the market is open. */
  is_stale: z.boolean(),
  total_requested: z.number().int().min(0),
  total_returned: z.number().int().min(0),
  quotes: z.array(
    z.object({
      contract_symbol: z.string(),
      expiry: z.string(),
      strike: z.number(),
      side: z.enum(['call', 'put']),
      bid: nullableNumber,
      ask: nullableNumber,
      mark: nullableNumber,
      last: nullableNumber,
      volume: nullableNumber,
      open_interest: nullableNumber,
      implied_vol: nullableNumber,
      delta: nullableNumber,
      gamma: nullableNumber,
      theta: nullableNumber,
      vega: nullableNumber,
      /** The provider's quote time, else when it was scraped. */
      updated_at: z.string(),
      /** When this contract's quote was scraped (near expirations are scraped more often). */
      fetched_at: z.string(),
    }),
  ),
  /** Contracts asked for that no stored chain of this underlying holds (the old app left them out silently). */
  unknown_contracts: z.array(z.string()),
});
export type QuotesResponse = z.infer<typeof QuotesResponse>;

/** YYYY-MM-DD, a real day inside the supported range. */
const QueryDate = z
  .string({ error: 'must be a date as YYYY-MM-DD, given once' })
  .refine((s) => parseDate(s) !== null, { error: 'must be a date as YYYY-MM-DD', abort: true })
  .refine(inMarketDateRange, { error: OUT_OF_RANGE });

/** A contract's latest quote as the chain and the ranks show it (missing values null). */
const quoteFields = {
  bid: nullableNumber,
  ask: nullableNumber,
  mark: nullableNumber,
  last: nullableNumber,
  volume: nullableNumber,
  openInterest: nullableNumber,
  impliedVol: nullableNumber,
  delta: nullableNumber,
  gamma: nullableNumber,
  theta: nullableNumber,
  vega: nullableNumber,
};

export const ChainQuery = z.object({
  symbol: QueryTicker,
  expiration: QueryDate.optional().describe('YYYY-MM-DD; default: the nearest expiration stored'),
});

const ChainContractView = z.object({
  contract: z.string(),
  strike: z.number(),
  side: z.enum(['call', 'put']),
  ...quoteFields,
  quotedAt: z.string().nullable(),
  fetchedAt: z.string(),
});

export const ChainResponse = z.object({
  symbol: z.string(),
  expiration: z.string(),
  /** Every expiration stored for the underlying, ascending. */
  expirations: z.array(z.string()),
  /** The oldest scrape among the contracts shown, and its age: the chain is at least this current. */
  fetchedAt: z.string(),
  ageSeconds: z.number().int().min(0),
  isStale: z.boolean(),
  /** By strike, calls before puts at each strike. */
  contracts: z.array(ChainContractView),
});

export const RanksQuery = z.object({
  symbol: QueryTicker,
  mode: z.enum(RANK_MODES, { error: `must be one of ${RANK_MODES.join(', ')}` }).default('entry'),
  limit: z
    .string({ error: `must be an integer from 1 to ${MAX_RANKS}, given once` })
    .regex(/^\d{1,3}$/, { error: `must be an integer from 1 to ${MAX_RANKS}` })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: `must be an integer from 1 to ${MAX_RANKS}` }).max(MAX_RANKS, { error: `must be an integer from 1 to ${MAX_RANKS}` }))
    .default(MAX_RANKS),
});

export const RanksResponse = z.object({
  symbol: z.string(),
  mode: z.enum(RANK_MODES),
  /** The run the ranks come from (null: the chain was never ranked): one run, so the set is consistent. */
  run: z
    .object({
      runAt: z.string(),
      sessionDate: z.string(),
      trigger: z.string(),
      contractsScored: z.number().int(),
      contractsSkipped: z.number().int(),
      ivStale: z.boolean(),
      referenceDate: z.string().nullable(),
    })
    .nullable(),
  ranks: z.array(
    z.object({
      position: z.number().int(),
      contract: z.string(),
      expiry: z.string(),
      strike: z.number(),
      side: z.enum(['call', 'put']),
      dte: z.number().int(),
      mlScore: z.number(),
      composite: z.number(),
      momentum: z.number(),
      value: z.number(),
      greeks: z.number(),
      ivRank: z.number(),
      spreadPct: z.number(),
      stability: nullableNumber,
      signals: z.array(z.string()),
      ...quoteFields,
    }),
  ),
});
