/**
 * NAB's scaled sigmoid (SCORING.md §3): `S(y) = 2 / (1 + e^(5y)) − 1` for `y ≤ 3`, and −1 beyond.
 * It maps a row's position relative to a window to a weight in (−1, 1): positive inside a
 * window (y in [−1, 0)), ~0 right after it, tending to −1 far from it.
 *
 * @param y - the relative position: −1 at a window's left edge, 0 at its right edge, then the
 * distance past the right edge in window widths.
 * @example
 * ```ts
 * import { scaledSigmoid } from "streamine/algorithms";
 * expect(scaledSigmoid(0)).toBe(0);
 * expect(scaledSigmoid(-1)).toBeCloseTo(0.9866142982, 10);
 * expect(scaledSigmoid(1)).toBeCloseTo(-0.9866142982, 10);
 * expect(scaledSigmoid(3.5)).toBe(-1);
 * ```
 * @see Lavin, A., Ahmad, S. (2015) "Evaluating Real-time Anomaly Detection Algorithms — the Numenta Anomaly Benchmark", ICMLA, arXiv:1510.03336, eq. 1.
 * @public
 */
export function scaledSigmoid(y: number): number {
  if (y > 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}
