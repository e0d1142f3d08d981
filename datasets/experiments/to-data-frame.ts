import { EstimatorConfigError } from "../../algorithms/base/input-error.js";
import type { PrequentialResult } from "../../algorithms/evaluation/prequential-types.js";

/** A danfojs-node DataFrame: the type only, so that danfojs (270 MB, about 1 s to load) loads on first use. @public */
export type DataFrame = import("danfojs-node").DataFrame;

/**
 * The metrics over time of a prequential evaluation as a danfojs DataFrame: a column `step`
 * (labels seen so far), then one column per metric in the order of `metrics`, one row per
 * recording.
 *
 * @remarks
 * When the stream ends between two recordings (or nothing was recorded, `every` = 0), a last row
 * at step `n` holds the final values, so a plot of the table reaches the end of the stream. An
 * empty stream gives a table with the columns and no rows. danfojs-node is imported here, on the
 * first call, never when "streamine/datasets" loads.
 * @param result - what `evaluatePrequential` or `evaluatePrequentialAsync` returned.
 * @returns a DataFrame with columns `step`, then the metric names.
 * @example
 * ```ts
 * import { evaluatePrequential, MAE } from "streamine/algorithms";
 * import { toDataFrame } from "streamine/datasets";
 * let last = 0;
 * const model = { predictOne: () => last, learnOne: (_x: ArrayLike<number>, y: number) => { last = y; } };
 * const stream = [1, 2, 4, 8, 16].map((y) => ({ x: [0], y }));
 * const df = await toDataFrame(evaluatePrequential(model, stream, { metrics: { mae: new MAE() }, every: 2 }));
 * // errors 1, 1, 2, 4, 8: recorded after 2 and 4 labels, then the final row at 5
 * expect(df.columns).toEqual(["step", "mae"]);
 * expect(df.values).toEqual([[2, 1], [4, 2], [5, 16 / 5]]);
 * ```
 * @public
 */
export async function toDataFrame<K extends string>(result: PrequentialResult<K>): Promise<DataFrame> {
  const names = Object.keys(result.final) as K[];
  assertNoStepMetric("toDataFrame", names);
  const rows = result.steps.map((step, j) => [step, ...names.map((k) => result.values[k][j] ?? NaN)]);
  if (result.n > (result.steps.at(-1) ?? 0)) rows.push([result.n, ...names.map((k) => result.final[k])]);
  const { DataFrame } = await import("danfojs-node");
  // Built from rows with explicit columns: danfojs rejects an object of empty columns.
  return new DataFrame(rows, { columns: ["step", ...names] });
}

/** The table's first column is `step`; a metric of that name would shadow it. @internal */
export function assertNoStepMetric(who: string, names: readonly string[]): void {
  if (names.includes("step")) throw new EstimatorConfigError(`${who}: a metric cannot be named "step" (the column of label counts); rename it`);
}
