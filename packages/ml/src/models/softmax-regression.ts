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
  // Rows with a trailing 1 so the intercept is just one more coefficient; flat typed arrays
  // because a walk-forward refits this model many times.
  const m = d + 1;
  const xs = new Float64Array(n * m);
  X.forEach((row, i) => {
    xs.set(row, i * m);
    xs[i * m + d] = 1;
  });
  const W = new Float64Array(P * m);
  if (P > 1) {
    const step = 1 / (0.5 * secondMomentBound(xs, w, m) + l2);
    const targets = y.map((c) => slot.get(c) as number);
    descend(xs, targets, w, W, { m, step, l2, iterations });
  }
  const coefficients = present.map((_, s) => Array.from(W.subarray(s * m, (s + 1) * m)));

  const absent = classes - P;
  const share = 1 - floor * absent;
  const predictProba = (row: readonly number[]): number[] => {
    if (row.length !== d) throw new RangeError(`predictProba: expected ${d} features, got ${row.length}`);
    const x = [...row, 1];
    const p = P > 1 ? softmax(coefficients.map((coef) => dot(coef, x))) : [1];
    const out = new Array<number>(classes).fill(floor);
    present.forEach((k, s) => {
      out[k] = share * (p[s] as number);
    });
    return out;
  };
  return { classes, present, coefficients, predictProba };
}

/**
 * Full-batch gradient descent on the weighted cross-entropy plus ½·l2·‖W‖², with the
 * intercept (last coefficient of each class) unpenalised. W is P×m, row-major.
 */
function descend(
  xs: Float64Array,
  targets: readonly number[],
  w: readonly number[],
  W: Float64Array,
  { m, step, l2, iterations }: { m: number; step: number; l2: number; iterations: number },
): void {
  // Bound once: this loop runs millions of times, and under jest's sandbox each Math lookup is slow.
  const { exp } = Math;
  const n = targets.length;
  const P = W.length / m;
  const grad = new Float64Array(W.length);
  const p = new Float64Array(P);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * m;
      let top = -Infinity;
      for (let s = 0; s < P; s++) {
        let z = 0;
        for (let j = 0; j < m; j++) z += (W[s * m + j] as number) * (xs[o + j] as number);
        p[s] = z;
        if (z > top) top = z;
      }
      let total = 0;
      for (let s = 0; s < P; s++) {
        p[s] = exp((p[s] as number) - top);
        total += p[s] as number;
      }
      for (let s = 0; s < P; s++) {
        const r = (w[i] as number) * ((p[s] as number) / total - (s === targets[i] ? 1 : 0));
        for (let j = 0; j < m; j++) grad[s * m + j] = (grad[s * m + j] as number) + r * (xs[o + j] as number);
      }
    }
    for (let k = 0; k < W.length; k++) {
      const penalty = k % m < m - 1 ? l2 * (W[k] as number) : 0;
      W[k] = (W[k] as number) - step * ((grad[k] as number) + penalty);
    }
  }
}

/**
 * Upper bound on the largest eigenvalue of Σ wᵢ xᵢxᵢᵀ: the smaller of its trace and its
 * Gershgorin row bound. With the softmax Hessian bounded by ½, step 1 / (½·bound + l2) can
 * never overshoot, so no line search (and no tuning) is needed.
 */
function secondMomentBound(xs: Float64Array, w: readonly number[], m: number): number {
  const M = new Float64Array(m * m);
  w.forEach((wi, i) => {
    const o = i * m;
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) M[a * m + b] = (M[a * m + b] as number) + wi * (xs[o + a] as number) * (xs[o + b] as number);
    }
  });
  let trace = 0;
  let gershgorin = 0;
  for (let a = 0; a < m; a++) {
    trace += M[a * m + a] as number;
    let row = 0;
    for (let b = 0; b < m; b++) row += Math.abs(M[a * m + b] as number);
    gershgorin = Math.max(gershgorin, row);
  }
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
