// Compares outputs with the golden vectors written by fixtures/reference.py. Numbers agree
// within 1e-9 relative, or 1e-9 absolute below magnitude 1; JSON null stands for NaN (and for
// a missing value); a {head, tail} pair stands for the first and last values of a long series.
import bars from '../fixtures/bars.json';
import { type Ohlc } from '../src/series';

export const sp500: Ohlc[] = bars.sp500;
export const synthetic: Ohlc[] = bars.synthetic;
export const ranging: Ohlc[] = bars.ranging;

const TOLERANCE = 1e-9;

const isClip = (x: object): x is { head: unknown[]; tail: unknown[] } =>
  'head' in x && 'tail' in x && Object.keys(x).length === 2;

function compare(actual: unknown, expected: unknown, path: string, out: string[]): void {
  if (expected === null) {
    const missing = actual === null || actual === undefined || (typeof actual === 'number' && Number.isNaN(actual));
    if (!missing) out.push(`${path}: expected NaN/null, got ${String(actual)}`);
  } else if (typeof expected === 'number') {
    const ok = typeof actual === 'number' && Math.abs(actual - expected) <= TOLERANCE * Math.max(Math.abs(expected), 1);
    if (!ok) out.push(`${path}: expected ${expected}, got ${String(actual)}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${path}: expected ${expected.length} items, got ${Array.isArray(actual) ? actual.length : String(actual)}`);
      return;
    }
    expected.forEach((e, i) => compare(actual[i], e, `${path}[${i}]`, out));
  } else if (typeof expected === 'object') {
    if (Array.isArray(actual) && isClip(expected)) {
      compare(actual.slice(0, expected.head.length), expected.head, `${path}.head`, out);
      compare(actual.slice(actual.length - expected.tail.length), expected.tail, `${path}.tail`, out);
      return;
    }
    if (typeof actual !== 'object' || actual === null) {
      out.push(`${path}: expected an object, got ${String(actual)}`);
      return;
    }
    for (const [key, value] of Object.entries(expected)) compare((actual as Record<string, unknown>)[key], value, `${path}.${key}`, out);
  } else if (actual !== expected) {
    out.push(`${path}: expected ${String(expected)}, got ${String(actual)}`);
  }
}

/** Every key of `expected` must match in `actual` (extra keys in `actual` are ignored). */
export function expectGolden(actual: unknown, expected: unknown, path = '$'): void {
  const mismatches: string[] = [];
  compare(actual, expected, path, mismatches);
  expect(mismatches.slice(0, 20)).toEqual([]);
}
