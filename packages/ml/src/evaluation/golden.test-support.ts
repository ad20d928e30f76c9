// Test support: compares TypeScript results with golden vectors from
// fixtures/evaluation_reference.py. Numbers match at relative tolerance 1e-9 (plus 1e-15
// absolute, for values that cancel to about zero); everything else must be equal.

export const RELATIVE_TOLERANCE = 1e-9;

/** Path of every mismatch between actual and expected, for a readable failure message. */
export function goldenMismatches(actual: unknown, expected: unknown, path = '$'): string[] {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return [`${path}: expected ${expected}, got ${String(actual)}`];
    const ok = Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.abs(expected) + 1e-15;
    return ok ? [] : [`${path}: expected ${expected}, got ${actual}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: expected array of ${expected.length}`];
    return expected.flatMap((e: unknown, i) => goldenMismatches(actual[i] as unknown, e, `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return [`${path}: expected an object`];
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = new Set([...Object.keys(a).filter((k) => a[k] !== undefined), ...Object.keys(e)]);
    return [...keys].flatMap((k) => goldenMismatches(a[k], e[k], `${path}.${k}`));
  }
  return Object.is(actual, expected) ? [] : [`${path}: expected ${String(expected)}, got ${String(actual)}`];
}
