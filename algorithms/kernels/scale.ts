// Per-feature running statistics and scaling for the scalers (River `preprocessing`).

/** a / b, or 0 when b is 0 (River `utils.math.safe_div`): a constant feature scales to 0. */
function safeDiv(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/**
 * Welford's update of running means and population variances with the n-th record x, as River's
 * `StandardScaler.learn_one`: m ← m + (x − m)/n, v ← v + ((x − m₀)(x − m) − v)/n, with 1/n
 * computed once; also refreshes invStd = 1/√v (0 where v = 0, River's `safe_div`), so
 * transforming (twice per record in a pipe) multiplies instead of dividing. Both trade River's
 * exact rounding (about an ulp) for fewer divisions (estimators.bench.ts, scaler pipe).
 */
export function welfordUpdate(x: Float64Array, n: number, mean: Float64Array, variance: Float64Array, invStd: Float64Array, d: number): void {
  const invN = 1 / n;
  for (let i = 0; i < d; i++) {
    const xi = x[i]!;
    const old = mean[i]!;
    const m = old + (xi - old) * invN;
    mean[i] = m;
    const v = variance[i]! + ((xi - old) * (xi - m) - variance[i]!) * invN;
    variance[i] = v;
    invStd[i] = v > 0 ? 1 / Math.sqrt(v) : 0;
  }
}

/** out ← (x − mean)·invStd, or x − mean without `withStd`. */
export function standardize(x: Float64Array, mean: Float64Array, invStd: Float64Array, withStd: boolean, out: Float64Array, d: number): void {
  if (withStd) for (let i = 0; i < d; i++) out[i] = (x[i]! - mean[i]!) * invStd[i]!;
  else for (let i = 0; i < d; i++) out[i] = x[i]! - mean[i]!;
}

/** Widens the per-feature [min, max] to include x. */
export function minMaxUpdate(x: Float64Array, min: Float64Array, max: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) {
    const xi = x[i]!;
    if (xi < min[i]!) min[i] = xi;
    if (xi > max[i]!) max[i] = xi;
  }
}

/** out ← (x − min)/(max − min) (0 where max = min), clamped to [0, 1] with `clip`. */
export function minMaxScale(x: Float64Array, min: Float64Array, max: Float64Array, clip: boolean, out: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) {
    const lo = min[i]!;
    let v = safeDiv(x[i]! - lo, max[i]! - lo);
    if (clip) v = v < 0 ? 0 : v > 1 ? 1 : v;
    out[i] = v;
  }
}
