// Target statistics of a tree node as (n, mean, m2) triples: Welford updates, and Chan et al.'s
// formulas to add and subtract whole groups (River's `stats.Var` arithmetic). Plain functions on
// numbers so that the hot paths allocate nothing.

/** Sample variance (ddof 1, River's `Var` default) of a group; 0 when n ≤ 1, never negative. */
export function sampleVariance(n: number, m2: number): number {
  if (n <= 1) return 0;
  const v = m2 / (n - 1);
  return v > 0 ? v : 0;
}

/**
 * Variance reduction of splitting a group of `n` (variance `varAll`) into `nLeft` (mean, m2) and
 * the rest: `var(all) − nL/n·var(left) − nR/n·var(right)`, or 0 when either side has fewer than
 * `minSamples` records (River's `VarianceReductionSplitCriterion`).
 */
export function varianceReduction(
  n: number,
  mean: number,
  m2: number,
  nLeft: number,
  meanLeft: number,
  m2Left: number,
  minSamples: number,
): number {
  const nRight = n - nLeft;
  if (nLeft < minSamples || nRight < minSamples) return 0;
  const meanRight = (n * mean - nLeft * meanLeft) / nRight;
  const dm = meanLeft - meanRight;
  const m2Right = m2 - m2Left - (dm * dm * nLeft * nRight) / n;
  return sampleVariance(n, m2) - (nLeft / n) * sampleVariance(nLeft, m2Left) - (nRight / n) * sampleVariance(nRight, m2Right);
}
