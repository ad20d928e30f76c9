// OCC option symbols (OSI): ROOT + yymmdd + C|P + strike × 1000 as 8 digits, e.g.
// AAPL240119C00190000 = AAPL 2024-01-19 call 190. Providers (Alpaca among them) send the compact
// form; OCC's own files left-justify the root in 6 columns ("AAPL  240119C00190000"), so both parse.
// Parsing is anchored at the end because the root's length varies; yy is read as 20yy, since
// OCC symbols of this form date from the 2010 symbology change.

import { daysInMonth, parseDate } from '../timezone';

export type OptionSide = 'call' | 'put';

/**
 * One contract's quote fields as providers send them, every one optional (Alpaca sends `{}`
 * snapshots for contracts nobody quoted).
 */
export interface OptionQuote {
  bid?: number;
  ask?: number;
  last?: number;
  volume?: number;
  openInterest?: number;
  /** Implied volatility as a decimal (0.25). */
  iv?: number;
  delta?: number;
  gamma?: number;
  /** Per calendar day, in dollars per share (vendor convention). */
  theta?: number;
  /** Per volatility point, in dollars per share (vendor convention). */
  vega?: number;
}

export interface OccContract {
  /** 1–6 characters: a letter, then letters or digits (adjusted roots such as AAPL1). */
  root: string;
  /** Expiration date, YYYY-MM-DD. */
  expiry: string;
  side: OptionSide;
  /** In dollars; a multiple of 0.001. */
  strike: number;
}

export type OccResult = { ok: true; value: OccContract } | { ok: false; error: string };

const TAIL = 15; // yymmdd + C|P + 8 strike digits
const ROOT_RE = /^[A-Z][A-Z0-9]{0,5}$/;
const SIX_DIGITS = /^\d{6}$/;
const EIGHT_DIGITS = /^\d{8}$/;
const MAX_STRIKE_MILLI = 99_999_999;

const fail = (error: string): OccResult => ({ ok: false, error });

/** Parses an OCC symbol; never throws, and a failure names what is wrong. */
export function parseOcc(symbol: string): OccResult {
  if (typeof symbol !== 'string') return fail(`OCC symbol must be a string, got ${typeof symbol}`);
  const n = symbol.length;
  if (n < TAIL + 1 || n > TAIL + 6) {
    return fail(`OCC symbol must be 16–21 characters (root 1–6, yymmdd, C or P, 8-digit strike), got ${n}: '${symbol}'`);
  }
  if (symbol !== symbol.toUpperCase()) return fail(`OCC symbol must be upper case: '${symbol}'`);

  // Checked from the end: a strike with a digit missing shows up as a bad strike, not a bad date.
  const strikeField = symbol.slice(n - 8);
  if (!EIGHT_DIGITS.test(strikeField)) {
    return fail(`strike must be 8 digits (strike × 1000), got '${strikeField}' in '${symbol}'`);
  }
  const milli = Number(strikeField);
  if (milli === 0) return fail(`strike must be positive, got '${strikeField}' in '${symbol}'`);

  const type = symbol.charAt(n - 9);
  if (type !== 'C' && type !== 'P') return fail(`option type must be C or P, got '${type}' in '${symbol}'`);

  const ymd = symbol.slice(n - TAIL, n - TAIL + 6);
  if (!SIX_DIGITS.test(ymd)) return fail(`expiry must be 6 digits yymmdd, got '${ymd}' in '${symbol}'`);
  const year = 2000 + Number(ymd.slice(0, 2));
  const month = Number(ymd.slice(2, 4));
  const day = Number(ymd.slice(4, 6));
  if (month < 1 || month > 12) return fail(`expiry month ${ymd.slice(2, 4)} is not 01–12 in '${symbol}'`);
  if (day < 1 || day > daysInMonth(year, month)) {
    return fail(`expiry day ${ymd.slice(4, 6)} does not exist in ${year}-${ymd.slice(2, 4)} ('${symbol}')`);
  }

  const rootField = symbol.slice(0, n - TAIL);
  const root = rootField.replace(/ +$/, '');
  if (root !== rootField && rootField.length !== 6) {
    return fail(`a space-padded root must fill 6 columns, got '${rootField}' in '${symbol}'`);
  }
  if (!ROOT_RE.test(root)) {
    return fail(`root '${root}' must be 1–6 characters: a letter, then letters or digits ('${symbol}')`);
  }

  return {
    ok: true,
    value: {
      root,
      expiry: `${year}-${ymd.slice(2, 4)}-${ymd.slice(4, 6)}`,
      side: type === 'C' ? 'call' : 'put',
      strike: milli / 1000,
    },
  };
}

/** parseOcc for symbols that are known to be valid (our own output, fixtures); throws RangeError otherwise. */
export function assertOcc(symbol: string): OccContract {
  const r = parseOcc(symbol);
  if (!r.ok) throw new RangeError(`invalid OCC symbol: ${r.error}`);
  return r.value;
}

/** Strike in thousandths of a dollar, or null when it is not representable in 8 OCC digits. */
export function strikeMilli(strike: number): number | null {
  if (!Number.isFinite(strike)) return null;
  const milli = Math.round(strike * 1000);
  // 1e-6 of a thousandth absorbs binary noise such as 0.1 + 0.2 while rejecting real fractions.
  if (Math.abs(milli - strike * 1000) > 1e-6 || milli < 1 || milli > MAX_STRIKE_MILLI) return null;
  return milli;
}

/**
 * The OCC symbol of a contract: compact by default, or OCC's fixed 21-column form with `padded`.
 * Contracts come from code, so an invalid one is a programming error and throws RangeError.
 */
export function formatOcc(c: OccContract, opts?: { padded?: boolean }): string {
  if (!ROOT_RE.test(c.root)) throw new RangeError(`invalid OCC root: '${c.root}'`);
  if (parseDate(c.expiry) === null || !c.expiry.startsWith('20')) {
    throw new RangeError(`OCC expiry must be a real date in 2000–2099, got '${c.expiry}'`);
  }
  if (c.side !== 'call' && c.side !== 'put') throw new RangeError(`invalid option side: '${String(c.side)}'`);
  const milli = strikeMilli(c.strike);
  if (milli === null) throw new RangeError(`strike ${c.strike} does not fit OCC's 8 digits of thousandths`);
  const root = opts?.padded ? c.root.padEnd(6, ' ') : c.root;
  const ymd = c.expiry.slice(2, 4) + c.expiry.slice(5, 7) + c.expiry.slice(8, 10);
  return `${root}${ymd}${c.side === 'call' ? 'C' : 'P'}${String(milli).padStart(8, '0')}`;
}
