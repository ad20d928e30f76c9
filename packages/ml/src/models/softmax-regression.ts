// Multinomial logistic regression: the plain-TS stand-in for the seed's random forest (§7.2).
// Deterministic by construction: zero start, full-batch gradient descent, fixed iterations, a
// step size derived from the data. Classes are indices 0..K−1; callers map their labels.

export interface SoftmaxRegressionOptions {
  /** L2 penalty on the feature weights (not the intercepts). */
  l2?: number;
  iterations?: number;
  /**
   * 'balanced' weights each sample by n / (P·n_class), P the number of classes present — the
   * seed balanced classes with SMOTE; reweighting does the same job without synthetic rows.
   * Probabilities then reflect a balanced prior; calibrate them afterwards if base rates matter.
   */
  classWeight?: 'balanced' | 'none';
  /** Probability given to each class absent from training; the rest share 1 − floor·absent. */
  floor?: number;
}

export interface SoftmaxRegression {
  readonly classes: number;
  /** Classes seen in training, ascending; only these have coefficients. */
  readonly present: readonly number[];
  /** Per present class: feature weights then the intercept. */
  readonly coefficients: readonly (readonly number[])[];
  predictProba(row: readonly number[]): number[];
}

/** X should already be scaled (see fitRobustScaler); the step size adapts to its magnitude. */
export function fitSoftmaxRegression(
  X: readonly (readonly number[])[],
  y: readonly number[],
  classes: number,
  options: SoftmaxRegressionOptions = {},
): SoftmaxRegression {
  const l2 = options.l2 ?? 1e-2;
  const iterations = options.iterations ?? 1000;
  const floor = options.floor ?? 1e-3;
  const n = X.length;
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`fitSoftmaxRegression: need at least 2 classes, got ${classes}`);
  if (n === 0) throw new RangeError('fitSoftmaxRegression: no rows');
  if (y.length !== n) throw new RangeError(`fitSoftmaxRegression: ${n} rows but ${y.length} labels`);
  if (!(l2 >= 0) || !(floor > 0 && floor * classes < 1)) throw new RangeError('fitSoftmaxRegression: l2 must be ≥ 0 and floor in (0, 1/K)');
  const d = (X[0] as readonly number[]).length;
  const counts = new Array<number>(classes).fill(0);
  X.forEach((row, i) => {
    if (row.length !== d) throw new RangeError(`fitSoftmaxRegression: row ${i} has ${row.length} features, expected ${d}`);
    if (!row.every(Number.isFinite)) throw new RangeError(`fitSoftmaxRegression: row ${i} is not finite`);
    const c = y[i] as number;
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new RangeError(`fitSoftmaxRegression: label ${i} is ${c}`);
    counts[c] = (counts[c] as number) + 1;
  });
  const present = counts.flatMap((c, k) => (c > 0 ? [k] : []));
  const slot = new Map(present.map((k, s) => [k, s]));
  const P = present.length;
  const raw = y.map((c) => (options.classWeight === 'none' ? 1 : n / (P * (counts[c] as number))));
  const total = raw.reduce((a, b) => a + b, 0);
  const w = raw.map((v) => v / total);
  // Rows with a trailing 1 so the intercept is just one more coefficient.
  const rows = X.map((r) => [...r, 1]);
  const W = present.map(() => new Array<number>(d + 1).fill(0));

  if (P > 1) {
    const step = 1 / (0.5 * secondMomentBound(rows, w) + l2);
    const grad = present.map(() => new Array<number>(d + 1).fill(0));
    for (let it = 0; it < iterations; it++) {
      for (const g of grad) g.fill(0);
      rows.forEach((x, i) => {
        const p = softmax(W.map((coef) => dot(coef, x)));
        const target = slot.get(y[i] as number) as number;
        for (let s = 0; s < P; s++) {
          const r = (w[i] as number) * ((p[s] as number) - (s === target ? 1 : 0));
          const g = grad[s] as number[];
          for (let j = 0; j <= d; j++) g[j] = (g[j] as number) + r * (x[j] as number);
        }
      });
      for (let s = 0; s < P; s++) {
        const coef = W[s] as number[];
        const g = grad[s] as number[];
        for (let j = 0; j <= d; j++) {
          const penalty = j < d ? l2 * (coef[j] as number) : 0;
          coef[j] = (coef[j] as number) - step * ((g[j] as number) + penalty);
        }
      }
    }
  }

  const absent = classes - P;
  const share = 1 - floor * absent;
  const predictProba = (row: readonly number[]): number[] => {
    if (row.length !== d) throw new RangeError(`predictProba: expected ${d} features, got ${row.length}`);
    const x = [...row, 1];
    const p = P > 1 ? softmax(W.map((coef) => dot(coef, x))) : [1];
    const out = new Array<number>(classes).fill(floor);
    present.forEach((k, s) => {
      out[k] = share * (p[s] as number);
    });
    return out;
  };
  return { classes, present, coefficients: W, predictProba };
}

/**
 * Upper bound on the largest eigenvalue of Σ wᵢ xᵢxᵢᵀ: the smaller of its trace and its
 * Gershgorin row bound. With the softmax Hessian bounded by ½, step 1 / (½·bound + l2) can
 * never overshoot, so no line search (and no tuning) is needed.
 */
function secondMomentBound(rows: readonly (readonly number[])[], w: readonly number[]): number {
  const m = (rows[0] as readonly number[]).length;
  const M = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  rows.forEach((x, i) => {
    const wi = w[i] as number;
    for (let a = 0; a < m; a++) {
      const row = M[a] as number[];
      for (let b = 0; b < m; b++) row[b] = (row[b] as number) + wi * (x[a] as number) * (x[b] as number);
    }
  });
  const trace = M.reduce((s, row, a) => s + (row[a] as number), 0);
  const gershgorin = Math.max(...M.map((row) => row.reduce((s, v) => s + Math.abs(v), 0)));
  return Math.max(Math.min(trace, gershgorin), 1e-12);
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** Softmax shifted by the max logit, so large logits cannot overflow to Infinity/NaN. */
function softmax(logits: readonly number[]): number[] {
  const top = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - top));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
