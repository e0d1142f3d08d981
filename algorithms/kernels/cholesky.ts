// Cholesky factorisation and solve for a symmetric positive definite row-major n×n Float64Array.
// Belongs in kernels/matrix.ts (where `!` may replace the `as number`s); kept beside its one user
// until then.

/**
 * Writes the lower Cholesky factor L of `a` (A = L·Lᵀ) into the lower triangle of `l` (the upper
 * triangle is left as it was). Returns false, with `l` partly written, when a pivot is not
 * positive: A is not positive definite (to rounding).
 * @internal
 */
export function cholesky(a: Float64Array, l: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = a[rowJ + j] as number;
    for (let k = 0; k < j; k++) d -= (l[rowJ + k] as number) ** 2;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    l[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j] as number;
      for (let k = 0; k < j; k++) s -= (l[rowI + k] as number) * (l[rowJ + k] as number);
      l[rowI + j] = s / ljj;
    }
  }
  return true;
}

/** ‖L⁻¹·b‖² = bᵀA⁻¹b by forward substitution, using `y` as scratch (b is left unchanged). @internal */
export function choleskyQuadraticForm(l: Float64Array, b: Float64Array, y: Float64Array, n: number): number {
  let q = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[row + k] as number) * (y[k] as number);
    const yi = s / (l[row + i] as number);
    y[i] = yi;
    q += yi * yi;
  }
  return q;
}
