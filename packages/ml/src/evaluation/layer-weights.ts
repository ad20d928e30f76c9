// Per-symbol layer weights (`symbol_weight_training_job.py`, §2.4), generalised from the
// seed's three components (SuperTrend, S/R, ML) to N. Nothing is fitted: each simplex-grid
// candidate is scored on the rows that have enough embargoed history, and the lowest mean
// absolute error wins. Ported from the seed's code, including its float arithmetic order.

export interface LayerWeightRow {
  /** When the forecast was made, UTC ms. */
  forecastMs: number;
  /** The layer components (the seed's st, sr, ml prices), in a fixed order. */
  components: readonly number[];
  realized: number;
}

export type LayerWeightMethod = 'seed_default' | 'walk_forward_grid' | 'heuristic_inverse_mae';

/** Stored as-is in jsonb, so keys follow the seed's `diagnostics` column. */
export interface LayerWeightDiagnostics {
  n_samples: number;
  method: LayerWeightMethod;
  oos_mae?: number;
  n_folds?: number;
  embargo_days?: number;
  grid_step?: number;
  fallback?: number;
}

export interface LayerWeightFit {
  weights: number[];
  diagnostics: LayerWeightDiagnostics;
}

export interface LayerWeightOptions {
  /** Weights when nothing can be learned; their length fixes N. The seed's 0.35/0.35/0.30. */
  defaults?: readonly number[];
  /** Rows needed before the grid is tried (the seed's WEIGHT_TRAIN_MIN_SAMPLES, 30). */
  minSamples?: number;
  /** Earlier rows a test row needs; the seed uses max(3, minSamples // 2) = 15. */
  minTrain?: number;
  embargoDays?: number;
  step?: number;
}

const DAY_MS = 86_400_000;

/**
 * Simplex candidates in the seed's order: the first N−1 weights walk i·step (numpy arange up to
 * 1 + 1e-9), the last is 1 − Σ, candidates with last < −1e-9 are skipped, and each is clamped
 * at 0 and divided by its sum. 231 candidates for N = 3 at step 0.05.
 */
export function simplexGrid(components: number, step = 0.05): number[][] {
  if (!Number.isInteger(components) || components < 1) throw new RangeError(`simplexGrid: components must be a positive integer, got ${components}`);
  if (!(step > 0 && step <= 1)) throw new RangeError(`simplexGrid: step must be in (0, 1], got ${step}`);
  const grid = Array.from({ length: Math.ceil((1 + 1e-9) / step) }, (_, i) => i * step);
  const out: number[][] = [];
  const walk = (prefix: number[]): void => {
    if (prefix.length === components - 1) {
      const last = prefix.reduce((rest, w) => rest - w, 1);
      if (last < -1e-9) return;
      const clamped = [...prefix, last].map((w) => Math.max(0, w));
      const sum = clamped.reduce((a, b) => a + b, 0);
      if (sum > 0) out.push(clamped.map((w) => w / sum));
      return;
    }
    for (const g of grid) walk([...prefix, g]);
  };
  walk([]);
  return out;
}

export function fitLayerWeights(rows: readonly LayerWeightRow[], options: LayerWeightOptions = {}): LayerWeightFit {
  const defaults = [...(options.defaults ?? [0.35, 0.35, 0.3])];
  const minSamples = options.minSamples ?? 30;
  const minTrain = options.minTrain ?? Math.max(3, Math.floor(minSamples / 2));
  const embargoDays = options.embargoDays ?? 5;
  const step = options.step ?? 0.05;
  const n = defaults.length;
  rows.forEach((r, i) => {
    if (r.components.length !== n) throw new RangeError(`fitLayerWeights: row ${i} has ${r.components.length} components, expected ${n}`);
  });
  if (rows.length === 0) return { weights: defaults, diagnostics: { n_samples: 0, method: 'seed_default' } };

  // The seed drops rows with any missing value (pandas dropna) before either method.
  const valid = rows.filter((r) => [r.forecastMs, r.realized, ...r.components].every((v) => !Number.isNaN(v)));
  if (rows.length >= minSamples) {
    const grid = walkForwardGrid(valid, minTrain, embargoDays, step, n);
    if (grid !== null) {
      return {
        weights: grid.weights,
        diagnostics: { n_samples: rows.length, method: 'walk_forward_grid', oos_mae: grid.mae, n_folds: grid.folds, embargo_days: embargoDays, grid_step: step },
      };
    }
  }
  return {
    weights: inverseMaeWeights(valid) ?? defaults,
    diagnostics: { n_samples: rows.length, method: 'heuristic_inverse_mae', fallback: 1 },
  };
}

function walkForwardGrid(
  valid: readonly LayerWeightRow[],
  minTrain: number,
  embargoDays: number,
  step: number,
  n: number,
): { weights: number[]; mae: number; folds: number } | null {
  if (valid.length < minTrain + 1) return null;
  // Stable sort: rows sharing a forecast time keep their input order (pandas' default
  // quicksort gives no such promise, so ties are the one place the seed is not reproducible).
  const sorted = [...valid].sort((a, b) => a.forecastMs - b.forecastMs);
  const embargoMs = Math.trunc(Math.max(0, embargoDays)) * DAY_MS;
  const tests: LayerWeightRow[] = [];
  for (let i = minTrain; i < sorted.length; i++) {
    const cutoff = (sorted[i] as LayerWeightRow).forecastMs - embargoMs;
    let train = 0;
    for (const r of sorted) if (r.forecastMs < cutoff) train++;
    if (train >= minTrain) tests.push(sorted[i] as LayerWeightRow);
  }
  if (tests.length === 0) return null;
  let best: { weights: number[]; mae: number } | null = null;
  for (const w of simplexGrid(n, step)) {
    let sum = 0;
    for (const t of tests) {
      let pred = 0;
      for (let c = 0; c < n; c++) pred += (t.components[c] as number) * (w[c] as number);
      sum += Math.abs(t.realized - pred);
    }
    const mae = sum / tests.length;
    // Strictly lower wins, so ties keep the first candidate, as Python's min() does.
    if (best === null || mae < best.mae) best = { weights: w, mae };
  }
  return best === null ? null : { ...best, folds: tests.length };
}

/** w ∝ 1 / (MAE + 1e-9) per component over all rows; null when there are no rows. */
function inverseMaeWeights(valid: readonly LayerWeightRow[]): number[] | null {
  if (valid.length === 0) return null;
  const n = (valid[0] as LayerWeightRow).components.length;
  const raw = Array.from({ length: n }, (_, c) => {
    let sum = 0;
    for (const r of valid) sum += Math.abs((r.components[c] as number) - r.realized);
    return 1 / (sum / valid.length + 1e-9);
  });
  const total = raw.reduce((a, b) => a + b, 0);
  return total > 0 ? raw.map((v) => v / total) : raw.map(() => 1 / n);
}
