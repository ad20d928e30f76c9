// The one gate every provider's option data passes: a contract we store has a well-formed OCC
// symbol and a quote that could have traded. Anything else is quarantined with the reason, since
// a crossed or negative quote would poison the ranking's history without ever looking wrong.

import { parseOcc } from '@marketfleet/market';
import type { OptionSnapshot, QuarantinedOption } from '../types';

/** The provider's values, not yet trusted: numbers may be strings, NaN or missing. */
export interface RawOptionFields {
  bid?: unknown;
  ask?: unknown;
  bidSize?: unknown;
  askSize?: unknown;
  last?: unknown;
  volume?: unknown;
  openInterest?: unknown;
  iv?: unknown;
  delta?: unknown;
  gamma?: unknown;
  theta?: unknown;
  vega?: unknown;
  /** RFC-3339 text or epoch milliseconds. */
  quotedAt?: unknown;
}

type NumberField = Exclude<keyof RawOptionFields, 'quotedAt'>;

/** Values that can be negative only by mistake. Theta is negative by nature; delta has its own bound. */
const NON_NEGATIVE: readonly NumberField[] = ['bid', 'ask', 'bidSize', 'askSize', 'last', 'volume', 'openInterest', 'iv', 'gamma', 'vega'];
const SIGNED: readonly NumberField[] = ['delta', 'theta'];
// Providers round their greeks; a delta of 1.0000001 is rounding, 1.2 is garbage.
const DELTA_SLACK = 1e-6;

export type SnapshotCheck = { ok: true; snapshot: OptionSnapshot } | { ok: false; rejection: QuarantinedOption };

function timestamp(x: unknown): Date | null {
  const ms = typeof x === 'number' ? x : typeof x === 'string' ? Date.parse(x) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms) : null;
}

/**
 * One contract of a chain, checked. `raw` is what the provider sent for it, kept with a rejection
 * for the fetch ledger. Missing (or null) fields are fine: Alpaca sends `{}` for contracts
 * nobody has quoted, and they are still contracts of the chain.
 */
export function checkSnapshot(contract: unknown, underlying: string, fields: RawOptionFields, raw: unknown): SnapshotCheck {
  const reject = (reason: string): SnapshotCheck => ({
    ok: false,
    rejection: { contract: typeof contract === 'string' ? contract : null, raw, reason },
  });
  if (typeof contract !== 'string') return reject('contract symbol is not a string');
  const occ = parseOcc(contract);
  if (!occ.ok) return reject(`malformed OCC symbol: ${occ.error}`);
  if (contract.includes(' ')) return reject(`OCC symbol must be compact (no padding): '${contract}'`);

  const snapshot: OptionSnapshot = { contract, underlying, ...occ.value };
  for (const key of [...NON_NEGATIVE, ...SIGNED]) {
    const v = fields[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return reject(`${key} is not a finite number: ${JSON.stringify(v) ?? String(v)}`);
    if (v < 0 && NON_NEGATIVE.includes(key)) return reject(`negative ${key}: ${v}`);
    snapshot[key] = v;
  }
  if (snapshot.delta !== undefined && Math.abs(snapshot.delta) > 1 + DELTA_SLACK) return reject(`delta outside [-1, 1]: ${snapshot.delta}`);
  if (snapshot.bid !== undefined && snapshot.ask !== undefined && snapshot.bid > snapshot.ask) {
    return reject(`crossed quote: bid ${snapshot.bid} > ask ${snapshot.ask}`);
  }
  if (fields.quotedAt !== undefined && fields.quotedAt !== null) {
    const at = timestamp(fields.quotedAt);
    if (at === null) return reject(`quote time is not a timestamp: ${JSON.stringify(fields.quotedAt)}`);
    snapshot.quotedAt = at;
  }
  return { ok: true, snapshot };
}

/**
 * Keeps the `n` nearest expirations on or after `asOf` (a provider may send more than asked, e.g.
 * daily expirations inside a window sized for weeklies), ascending by expiry, then strike, then side.
 */
export function nearestChain(snapshots: OptionSnapshot[], asOf: string, n: number): OptionSnapshot[] {
  const expiries = [...new Set(snapshots.map((s) => s.expiry).filter((e) => e >= asOf))].sort().slice(0, n);
  const keep = new Set(expiries);
  return snapshots
    .filter((s) => keep.has(s.expiry))
    .sort((a, b) => (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : a.strike - b.strike || (a.side < b.side ? -1 : a.side > b.side ? 1 : a.root < b.root ? -1 : a.root > b.root ? 1 : 0)));
}
