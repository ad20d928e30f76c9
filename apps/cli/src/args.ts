import { parseArgs, type ParseArgsConfig } from 'node:util';
import { inMarketDateRange, isTimeframe, MARKET_DATE_RANGE, parseDate, type Timeframe } from '@marketfleet/market';
import { Ticker } from '@marketfleet/jobs';

/** A mistake in how the command was called: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/**
 * A problem the command explains in one line, without the usage: exit code 1 for what it was
 * given (a bad file), 2 when an option names nothing usable (no such file).
 */
export class CommandError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message);
  }
}

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function required(value: string | boolean | undefined, name: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** A date option: 'YYYY-MM-DD' inside the market's supported range (the one rule, MARKET_DATE_RANGE). */
export function date(value: string, name: string): string {
  const d = parseDate(value);
  if (!d) throw new UsageError(`--${name}: expected a date as YYYY-MM-DD, got "${value}"`);
  if (!inMarketDateRange(d)) {
    throw new UsageError(`--${name}: ${d} is outside the dates the market clock supports (${MARKET_DATE_RANGE.first}..${MARKET_DATE_RANGE.last})`);
  }
  return d;
}

export function ticker(value: string, name = 'symbol'): string {
  const t = value.trim().toUpperCase();
  if (!Ticker.safeParse(t).success) throw new UsageError(`--${name}: "${value}" is not a ticker like AAPL or BRK.B`);
  return t;
}

export function tickers(value: string, name = 'symbols'): string[] {
  const list = value.split(',').filter((s) => s.trim() !== '');
  if (list.length === 0) throw new UsageError(`--${name}: no symbols given`);
  return [...new Set(list.map((s) => ticker(s, name)))];
}

export function timeframe(value: string, name = 'timeframe'): Timeframe {
  if (!isTimeframe(value)) throw new UsageError(`--${name}: "${value}" is not one of m15, h1, h4, d1, w1`);
  return value;
}

export function timeframes(value: string): Timeframe[] {
  return [...new Set(value.split(',').map((v) => timeframe(v.trim(), 'timeframes')))];
}
