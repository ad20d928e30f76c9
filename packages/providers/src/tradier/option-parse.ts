// Tradier's option endpoints, in their XML-to-JSON shape: a list of one is a bare object, and no
// data is `null` (`{"expirations": null}`, `{"options": null}`).

import { parseDate } from '@marketfleet/market';
import { z } from 'zod';
import { isRecord, parseJson } from '../bars/parse-bar';
import { MalformedBodyError } from '../http/attempt';
import type { RawOptionFields } from '../options/snapshot-check';

const OneOrMany = z.union([z.array(z.unknown()), z.string(), z.record(z.string(), z.unknown())]).nullable().optional();
const Expirations = z.looseObject({ expirations: z.looseObject({ date: OneOrMany }).nullable() });
const Chain = z.looseObject({ options: z.looseObject({ option: OneOrMany }).nullable() });

function envelope<T extends z.ZodType>(schema: T, text: string): z.infer<T> {
  const env = schema.safeParse(parseJson(text, (m) => new MalformedBodyError(m)));
  if (!env.success) throw new MalformedBodyError(`unexpected body shape: ${env.error.issues[0]?.message ?? ''}`);
  return env.data;
}

function list(x: unknown): unknown[] {
  if (x === null || x === undefined) return [];
  return Array.isArray(x) ? x : [x];
}

/** `/v1/markets/options/expirations` dates, ascending; an unknown symbol has none. */
export function parseExpirations(text: string): string[] {
  const dates = list(envelope(Expirations, text).expirations?.date);
  for (const d of dates) {
    if (typeof d !== 'string' || parseDate(d) === null) throw new MalformedBodyError(`expiration is not a date: ${JSON.stringify(d)}`);
  }
  return [...new Set(dates as string[])].sort();
}

/** `/v1/markets/options/chains` rows as sent. */
export function parseChain(text: string): unknown[] {
  return list(envelope(Chain, text).options?.option);
}

/** Epoch milliseconds, where 0 means "never" (no trade yet). */
const epoch = (x: unknown): unknown => (x === 0 ? undefined : x);

/** The latest of the bid and ask times, or the trade's when the quote has none. */
function latest(...xs: unknown[]): unknown {
  const nums = xs.map(epoch).filter((x) => x !== undefined && x !== null);
  if (nums.some((x) => typeof x !== 'number')) return nums.find((x) => typeof x !== 'number');
  return nums.length === 0 ? undefined : Math.max(...(nums as number[]));
}

/** One chain row's fields in our terms, or why it cannot be read. */
export function tradierOptionFields(row: unknown): { contract: unknown; fields: RawOptionFields } | string {
  if (!isRecord(row)) return 'option is not an object';
  const g = row.greeks;
  if (g !== undefined && g !== null && !isRecord(g)) return 'greeks is not an object';
  const greeks = (g ?? undefined) as Record<string, unknown> | undefined;
  return {
    contract: row.symbol,
    fields: {
      bid: row.bid,
      ask: row.ask,
      bidSize: row.bidsize,
      askSize: row.asksize,
      last: row.last,
      volume: row.volume,
      openInterest: row.open_interest,
      iv: greeks?.mid_iv,
      delta: greeks?.delta,
      gamma: greeks?.gamma,
      theta: greeks?.theta,
      vega: greeks?.vega,
      quotedAt: latest(row.bid_date, row.ask_date) ?? epoch(row.trade_date),
    },
  };
}
