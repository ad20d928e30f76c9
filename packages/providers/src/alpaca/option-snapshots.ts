// `/v1beta1/options/snapshots/{underlying}` pages: `{snapshots: {OCC: Snapshot}, next_page_token}`,
// every snapshot key optional, `{}` for a contract nobody has quoted.

import { nyDate } from '@marketfleet/market';
import { isRecord, parseJson } from '../bars/parse-bar';
import { MalformedBodyError } from '../http/attempt';
import type { RawOptionFields } from '../options/snapshot-check';

export interface OptionSnapshotsPage {
  /** [OCC symbol, snapshot as sent], in the page's order. */
  entries: Array<[string, unknown]>;
  nextPageToken: string | null;
}

export function parseOptionSnapshotsPage(text: string): OptionSnapshotsPage {
  const body = parseJson(text, (m) => new MalformedBodyError(m));
  if (!isRecord(body)) throw new MalformedBodyError('option snapshots body is not an object');
  const { snapshots, next_page_token: token } = body;
  // An underlying without contracts may come back as null rather than {}.
  if (snapshots !== null && !isRecord(snapshots)) throw new MalformedBodyError('`snapshots` is not an object');
  if (token !== undefined && token !== null && typeof token !== 'string') throw new MalformedBodyError('`next_page_token` is not a string');
  return { entries: snapshots === null ? [] : Object.entries(snapshots), nextPageToken: token ?? null };
}

/** A nested object of the snapshot: absent when missing or null, a reason when it is something else. */
function part(snap: Record<string, unknown>, key: string): Record<string, unknown> | undefined | string {
  const v = snap[key];
  if (v === undefined || v === null) return undefined;
  return isRecord(v) ? v : `${key} is not an object`;
}

/**
 * One snapshot's fields in our terms, or why it cannot be read. Volume is the daily bar's when
 * that bar is the scrape's session; an older daily bar means no trades today.
 */
export function alpacaOptionFields(snap: unknown, asOf: string): RawOptionFields | string {
  if (!isRecord(snap)) return 'snapshot is not an object';
  const quote = part(snap, 'latestQuote');
  const trade = part(snap, 'latestTrade');
  const greeks = part(snap, 'greeks');
  const daily = part(snap, 'dailyBar');
  for (const p of [quote, trade, greeks, daily]) if (typeof p === 'string') return p;
  const q = quote as Record<string, unknown> | undefined;
  const t = trade as Record<string, unknown> | undefined;
  const g = greeks as Record<string, unknown> | undefined;
  const d = daily as Record<string, unknown> | undefined;
  let volume: unknown;
  if (d !== undefined) {
    const at = typeof d.t === 'string' ? Date.parse(d.t) : Number.NaN;
    if (!Number.isFinite(at)) return `dailyBar.t is not a timestamp: ${JSON.stringify(d.t)}`;
    volume = nyDate(new Date(at)) === asOf ? d.v : 0;
  }
  return {
    bid: q?.bp,
    ask: q?.ap,
    bidSize: q?.bs,
    askSize: q?.as,
    last: t?.p,
    volume,
    iv: snap.impliedVolatility,
    delta: g?.delta,
    gamma: g?.gamma,
    theta: g?.theta,
    vega: g?.vega,
    quotedAt: q?.t ?? t?.t,
  };
}
