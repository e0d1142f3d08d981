// The weight checks of the statistics (the only estimators that take sample weights). Values and
// options go through ../base/validate.ts. Both only allocate on the error path.
import { EstimatorInputError } from "../base/input-error.js";
import { received } from "../base/validate.js";

/**
 * Throws {@link EstimatorInputError} unless `w` is a finite weight > 0; `where` is "Class.method".
 * @internal
 */
export function checkWeight(where: string, w: number): void {
  if (Number.isFinite(w) && w > 0) return;
  throw new EstimatorInputError(`${where}: w must be a finite weight > 0, got ${received(w)}`);
}

/**
 * For statistics without weights: `w` may only be omitted or 1.
 * @internal
 */
export function checkNoWeight(where: string, w: number | undefined): void {
  if (w === undefined || w === 1) return;
  throw new EstimatorInputError(`${where}: this statistic takes no weights (w must be omitted or 1), got w = ${received(w)}`);
}
