// Dense vector kernels on Float64Array (STYLE §8): indexed loops, no allocation; the loop bounds
// prove every index, hence the `!`.

/** Σ a[i]·b[i] over the first n entries. */
export function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

/** y ← y + alpha·x over the first n entries (BLAS axpy). */
export function axpy(alpha: number, x: Float64Array, y: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = y[i]! + alpha * x[i]!;
}

/** Σ x[i]² over the first n entries. */
export function sqNorm(x: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]! * x[i]!;
  return s;
}
