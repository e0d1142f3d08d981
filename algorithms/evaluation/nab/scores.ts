import { EstimatorInputError } from "../../base/input-error.js";
import { received } from "../../base/validate.js";

/**
 * Throws {@link EstimatorInputError} naming `where`, the file and the row unless `scores` holds
 * `rows` numbers in [0, 1] (NAB's detector contract, SCORING.md §8).
 */
export function checkScores(where: string, scores: ArrayLike<number>, rows: number, name: string | undefined): void {
  const of = name === undefined ? "" : ` (${name})`;
  if (scores === null || typeof scores !== "object" || typeof scores.length !== "number") {
    throw new EstimatorInputError(`${where}: scores${of} must be an array of numbers, got ${received(scores)}`);
  }
  if (scores.length !== rows) {
    throw new EstimatorInputError(`${where}: scores${of} has ${scores.length} values, expected one per row (${rows})`);
  }
  for (let i = 0; i < rows; i++) {
    const v = scores[i];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
      throw new EstimatorInputError(`${where}: scores${of}[${i}] must be an anomaly score in [0, 1], got ${received(v)}`);
    }
  }
}
