// Loads the golden vectors written by fixtures/options_reference.py (plain Python, standard library).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', name), 'utf8')) as T;
}

/** |got − want| ≤ rel · max(1, |want|): relative for large scores, absolute near zero. */
export function expectClose(got: number, want: number, rel = 1e-9, what = ''): void {
  const tol = rel * Math.max(1, Math.abs(want));
  if (!(Math.abs(got - want) <= tol)) throw new Error(`${what}: got ${got}, want ${want} (tolerance ${tol})`);
}
