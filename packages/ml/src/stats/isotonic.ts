// Weighted isotonic (non-decreasing) regression by pool-adjacent-violators, used to map raw
// class scores to calibrated probabilities without assuming a parametric shape.

export type IsotonicPredictMode = 'interpolate' | 'step';

export interface IsotonicModel {
  /** Knot abscissae, non-decreasing; each pooled block contributes its first and last x. */
  readonly xs: readonly number[];
  /** Fitted values at the knots, non-decreasing. */
  readonly ys: readonly number[];
  predict(x: number): number;
}

interface Block {
  sumWY: number;
  sumW: number;
  xFirst: number;
  xLast: number;
}

/**
 * Fits a non-decreasing step function to (x, y) with optional non-negative weights.
 * Points with equal x are pooled first (weighted mean), as sklearn does, so ties in x can never
 * produce two different fitted values. Zero-weight points are ignored.
 *
 * Predict modes:
 * - 'interpolate' (default, sklearn's behaviour): linear between knots, flat beyond the end
 *   knots. Inside a pooled block the two knots carry the same value, so the function is flat
 *   there and ramps only across the gap between blocks.
 * - 'step': the value of the last knot at or left of x (flat beyond the ends), i.e. a
 *   right-continuous step function.
 * Both are monotone because the knot values are.
 */
export function fitIsotonic(
  x: readonly number[],
  y: readonly number[],
  weights?: readonly number[],
  mode: IsotonicPredictMode = 'interpolate',
): IsotonicModel {
  if (x.length !== y.length) throw new RangeError(`fitIsotonic: ${x.length} x but ${y.length} y`);
  if (weights !== undefined && weights.length !== x.length) {
    throw new RangeError(`fitIsotonic: ${x.length} points but ${weights.length} weights`);
  }
  const order: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const w = weights?.[i] ?? 1;
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`fitIsotonic: weight ${i} is ${w}`);
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) throw new RangeError(`fitIsotonic: point ${i} is not finite`);
    if (w > 0) order.push(i);
  }
  if (order.length === 0) throw new RangeError('fitIsotonic: no points with positive weight');
  order.sort((a, b) => (x[a] as number) - (x[b] as number) || a - b);

  // Ties in x are pooled into one point before PAV; pooling them during PAV would let an
  // earlier merged block absorb them with the wrong weight.
  const points: Block[] = [];
  for (const i of order) {
    const xi = x[i] as number;
    const w = weights?.[i] ?? 1;
    const last = points[points.length - 1];
    if (last !== undefined && last.xFirst === xi) {
      last.sumWY += w * (y[i] as number);
      last.sumW += w;
    } else {
      points.push({ sumWY: w * (y[i] as number), sumW: w, xFirst: xi, xLast: xi });
    }
  }
  const stack: Block[] = [];
  for (const p of points) {
    stack.push(p);
    poolViolators(stack);
  }
  return buildModel(stack, mode);
}

/** Merges the top blocks while their means decrease: the PAV step. */
function poolViolators(stack: Block[]): void {
  while (stack.length >= 2) {
    const top = stack[stack.length - 1] as Block;
    const prev = stack[stack.length - 2] as Block;
    if (prev.sumWY / prev.sumW <= top.sumWY / top.sumW) return;
    prev.sumWY += top.sumWY;
    prev.sumW += top.sumW;
    prev.xLast = top.xLast;
    stack.pop();
  }
}

function buildModel(blocks: readonly Block[], mode: IsotonicPredictMode): IsotonicModel {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const b of blocks) {
    const v = b.sumWY / b.sumW;
    xs.push(b.xFirst);
    ys.push(v);
    if (b.xLast !== b.xFirst) {
      xs.push(b.xLast);
      ys.push(v);
    }
  }
  return isotonicFromKnots(xs, ys, mode);
}

/** A fitted model again from its knots (as stored), e.g. a calibration saved by an earlier run. */
export function isotonicFromKnots(xs: readonly number[], ys: readonly number[], mode: IsotonicPredictMode = 'interpolate'): IsotonicModel {
  if (xs.length === 0 || xs.length !== ys.length) throw new RangeError(`isotonicFromKnots: ${xs.length} xs and ${ys.length} ys`);
  for (let i = 1; i < xs.length; i++) {
    if (!((xs[i] as number) >= (xs[i - 1] as number)) || !((ys[i] as number) >= (ys[i - 1] as number))) {
      throw new RangeError('isotonicFromKnots: knots must be non-decreasing');
    }
  }
  const predict = (q: number): number => {
    if (Number.isNaN(q)) throw new RangeError('isotonic predict: NaN input');
    const last = xs.length - 1;
    if (q <= (xs[0] as number)) return ys[0] as number;
    if (q >= (xs[last] as number)) return ys[last] as number;
    // Largest i with xs[i] <= q; then q < xs[i + 1].
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((xs[mid] as number) <= q) lo = mid;
      else hi = mid;
    }
    const x0 = xs[lo] as number;
    const y0 = ys[lo] as number;
    if (mode === 'step') return y0;
    const x1 = xs[lo + 1] as number;
    const y1 = ys[lo + 1] as number;
    return y0 + ((q - x0) / (x1 - x0)) * (y1 - y0);
  };
  return { xs, ys, predict };
}
