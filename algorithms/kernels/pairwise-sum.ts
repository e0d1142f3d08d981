/**
 * Σ a[from..from + n) by numpy's pairwise summation (`pairwise_sum` in numpy's
 * `loops_utils.h.src`): below 8 terms a plain loop; up to 128, eight running sums combined as
 * ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) plus the remainder; above, the two halves (the
 * first a multiple of 8 long) summed recursively. Error O(ε log n) rather than O(ε n), and the
 * same bits as `numpy.sum` on a contiguous float64 array, which is what {@link WindowedGaussian}
 * needs to reproduce NAB.
 * @internal
 */
export function pairwiseSum(a: Float64Array, from: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = from; i < from + n; i++) s += a[i] as number;
    return s;
  }
  if (n <= 128) {
    let r0 = a[from] as number;
    let r1 = a[from + 1] as number;
    let r2 = a[from + 2] as number;
    let r3 = a[from + 3] as number;
    let r4 = a[from + 4] as number;
    let r5 = a[from + 5] as number;
    let r6 = a[from + 6] as number;
    let r7 = a[from + 7] as number;
    const blocks = from + n - (n % 8);
    let i = from + 8;
    for (; i < blocks; i += 8) {
      r0 += a[i] as number;
      r1 += a[i + 1] as number;
      r2 += a[i + 2] as number;
      r3 += a[i + 3] as number;
      r4 += a[i + 4] as number;
      r5 += a[i + 5] as number;
      r6 += a[i + 6] as number;
      r7 += a[i + 7] as number;
    }
    let s = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < from + n; i++) s += a[i] as number;
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, n - half);
}
