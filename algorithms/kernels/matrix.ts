// Dense square-matrix kernels (row-major n×n Float64Array) for recursive least squares.

/** out ← M·x for a row-major n×n matrix M. */
export function matVec(m: Float64Array, x: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += m[row + j]! * x[j]!;
    out[i] = s;
  }
}

/**
 * M ← (M − v·vᵀ/denom) / lambda, the RLS update of the inverse correlation matrix with v = M·x.
 * The product v[i]·v[j] is the same number as v[j]·v[i], so a symmetric M stays exactly symmetric.
 */
export function rlsDowndate(m: Float64Array, v: Float64Array, denom: number, lambda: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const vi = v[i]!;
    for (let j = 0; j < n; j++) m[row + j] = (m[row + j]! - (vi * v[j]!) / denom) / lambda;
  }
}

/** M ← s·I for a row-major n×n matrix. */
export function setScaledIdentity(m: Float64Array, s: number, n: number): void {
  m.fill(0);
  for (let i = 0; i < n; i++) m[i * n + i] = s;
}
