/**
 * The length of NAB's probationary period for a file of `rows` rows (SCORING.md §1): 15 % of
 * the file, at most 750 rows (`min(floor(0.15 n), 0.15 × 5000)`). Rows `i < nabProbation(n)`
 * are left out of scoring; the detector still sees them.
 *
 * @param rows - the file's row count.
 * @example
 * ```ts
 * import { nabProbation } from "streamine/algorithms";
 * expect(nabProbation(1000)).toBe(150);
 * expect(nabProbation(4032)).toBe(604); // floor(604.8)
 * expect(nabProbation(22695)).toBe(750); // long files: capped
 * ```
 * @public
 */
export function nabProbation(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
}
