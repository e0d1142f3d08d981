// P. J. Acklam's rational approximation of the standard normal quantile (relative error below
// 1.15e-9 on (0, 1)): ample for CluStream's relevance stamps, which only rank micro-clusters.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const LOW = 0.02425;

/** Horner evaluation of c[0]·x^(m−1) + … + c[m−1]. */
function poly(c: readonly number[], x: number): number {
  let s = 0;
  for (let i = 0; i < c.length; i++) s = s * x + (c[i] as number);
  return s;
}

/** The lower tail, p < LOW: x from q = √(−2 ln p). */
function tail(p: number): number {
  const q = Math.sqrt(-2 * Math.log(p));
  return poly(C, q) / (poly(D, q) * q + 1);
}

/**
 * Φ⁻¹(p), the standard normal quantile, for p in (0, 1); −∞ at 0, +∞ at 1, NaN outside.
 * @internal
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p < LOW) return tail(p);
  if (p > 1 - LOW) return -tail(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(A, r) * q) / (poly(B, r) * r + 1);
}
