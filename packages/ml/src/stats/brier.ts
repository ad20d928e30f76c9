// Brier scores for class probabilities. The skill score is measured against climatology, the
// class frequencies of the *training* outcomes, so a model only earns skill for knowing more
// than the base rates it was trained on.

function checkRow(name: string, row: readonly number[], k: number, i: number): void {
  if (row.length !== k) throw new RangeError(`${name}: row ${i} has ${row.length} probabilities, expected ${k}`);
}

function checkOutcome(name: string, y: number, k: number, i: number): void {
  if (!Number.isInteger(y) || y < 0 || y >= k) throw new RangeError(`${name}: outcome ${i} is ${y}, not a class in 0..${k - 1}`);
}

/**
 * Multiclass Brier score: mean over samples of Σ_k (p_k − 1[y = k])². Ranges over [0, 2];
 * 0 is perfect. `outcomes` are class indices 0..K−1 with K = probabilities[0].length.
 */
export function brierScore(probabilities: readonly (readonly number[])[], outcomes: readonly number[]): number {
  const n = probabilities.length;
  if (n === 0) throw new RangeError('brierScore: no samples');
  if (outcomes.length !== n) throw new RangeError(`brierScore: ${n} rows but ${outcomes.length} outcomes`);
  const k = (probabilities[0] as readonly number[]).length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const row = probabilities[i] as readonly number[];
    const y = outcomes[i] as number;
    checkRow('brierScore', row, k, i);
    checkOutcome('brierScore', y, k, i);
    for (let c = 0; c < k; c++) {
      const d = (row[c] as number) - (c === y ? 1 : 0);
      sum += d * d;
    }
  }
  return sum / n;
}

/** Relative class frequencies of training outcomes (the climatology forecast). */
export function classFrequencies(outcomes: readonly number[], k: number): number[] {
  if (outcomes.length === 0) throw new RangeError('classFrequencies: no outcomes');
  const counts = new Array<number>(k).fill(0);
  outcomes.forEach((y, i) => {
    checkOutcome('classFrequencies', y, k, i);
    counts[y] = (counts[y] as number) + 1;
  });
  return counts.map((c) => c / outcomes.length);
}

/**
 * Brier skill score 1 − BS / BS_clim, where BS_clim scores the constant `climatology` vector on
 * the same outcomes. Positive means better than base rates. When BS_clim is 0 (climatology is
 * already perfect on these outcomes) skill is undefined and NaN is returned.
 */
export function brierSkillScore(
  probabilities: readonly (readonly number[])[],
  outcomes: readonly number[],
  climatology: readonly number[],
): number {
  const reference = brierScore(
    outcomes.map(() => climatology),
    outcomes,
  );
  const score = brierScore(probabilities, outcomes);
  return reference === 0 ? Number.NaN : 1 - score / reference;
}

/** Binary Brier score: mean (p − y)² with y ∈ {0, 1}. Half the two-class multiclass score. */
export function binaryBrierScore(probabilities: readonly number[], outcomes: readonly number[]): number {
  const n = probabilities.length;
  if (n === 0) throw new RangeError('binaryBrierScore: no samples');
  if (outcomes.length !== n) throw new RangeError(`binaryBrierScore: ${n} probabilities but ${outcomes.length} outcomes`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const y = outcomes[i] as number;
    checkOutcome('binaryBrierScore', y, 2, i);
    const d = (probabilities[i] as number) - y;
    sum += d * d;
  }
  return sum / n;
}

/** Binary Brier skill against a base rate (the training frequency of y = 1). */
export function binaryBrierSkillScore(
  probabilities: readonly number[],
  outcomes: readonly number[],
  baseRate: number,
): number {
  const reference = binaryBrierScore(
    outcomes.map(() => baseRate),
    outcomes,
  );
  const score = binaryBrierScore(probabilities, outcomes);
  return reference === 0 ? Number.NaN : 1 - score / reference;
}
