import type { Label } from "../../algorithms/base/vector.js";
import type { AnyMetric, LabelMetric, RegressionMetric, ScoreMetric } from "../../algorithms/evaluation/metric.js";
import { prequentialAsync, type AnyIterable } from "../../algorithms/evaluation/prequential-async.js";
import type {
  PrequentialClassifier,
  PrequentialDetector,
  PrequentialModel,
  PrequentialRegressor,
  PrequentialSample,
} from "../../algorithms/evaluation/prequential-types.js";
import { assertNoStepMetric, toDataFrame, type DataFrame } from "./to-data-frame.js";

/** Options of {@link evaluate}. @public */
export interface EvaluateOptions<M> {
  /** The metrics by name (the DataFrame's columns after `step`); none may be named `step`. */
  readonly metrics: M;
  /**
   * Record every metric each time this many labels have arrived: an integer ≥ 0 (0 = final values
   * only). Default ⌈n / 100⌉ (about 100 rows) when the stream's length n is known — an array's
   * `length` or a synthetic stream's `count` — else {@link DEFAULT_EVERY}.
   */
  readonly every?: number;
  /** Samples between a prediction and its label, as in `evaluatePrequential`; default 0. */
  readonly delay?: number;
}

/**
 * Recording interval when the stream's length cannot be known in advance (a loader's async
 * stream): 1000 labels, so a stream of 10⁵ samples gives 100 rows and a short one still ends
 * with its final row.
 * @public
 */
export const DEFAULT_EVERY = 1000;

/**
 * Prequential evaluation of a model on a stream, as a danfojs DataFrame of its metrics over time:
 * a thin wrapper over `evaluatePrequentialAsync` of "streamine/algorithms", then {@link toDataFrame}.
 *
 * @remarks
 * The model may be a regressor, a classifier or an anomaly detector (scores to `ROCAUC` /
 * `RollingROCAUC`, labels `true`/1 for anomalies), duck-typed as in `evaluatePrequential`; the
 * stream may be sync or async. Columns: `step`, then one per metric; one row per recording,
 * plus a final row at `n` when the stream ends between recordings. A bad option or a metric the
 * model cannot feed rejects with `EstimatorConfigError` before the stream is read.
 * danfojs-node is loaded on the first call.
 * @param model - a regressor (`predictOne`), classifier (`predictProbaOne`) or anomaly detector (`scoreOne`), each with `learnOne`.
 * @param stream - an `Iterable` or `AsyncIterable` of `{ x, y }`, consumed once.
 * @param options - `{ metrics, every = ⌈n/100⌉ or 1000, delay = 0 }`.
 * @example
 * ```ts
 * import { MAE, Rolling } from "streamine/algorithms";
 * import { evaluate } from "streamine/datasets";
 * let last = 0;
 * const model = { predictOne: () => last, learnOne: (_x: ArrayLike<number>, y: number) => { last = y; } };
 * const stream = [1, 2, 4, 8].map((y) => ({ x: [0], y }));
 * const df = await evaluate(model, stream, { metrics: { mae: new MAE(), last2: new Rolling(new MAE(), 2) }, every: 2 });
 * // predictions 0, 1, 2, 4 → errors 1, 1, 2, 4
 * expect(df.columns).toEqual(["step", "mae", "last2"]);
 * expect(df.values).toEqual([[2, 1, 1], [4, 2, 3]]);
 * ```
 * @public
 */
export function evaluate<K extends string>(
  model: PrequentialRegressor,
  stream: AnyIterable<PrequentialSample<number>>,
  options: EvaluateOptions<Record<K, RegressionMetric>>,
): Promise<DataFrame>;
export function evaluate<K extends string>(
  model: PrequentialClassifier,
  stream: AnyIterable<PrequentialSample<Label>>,
  options: EvaluateOptions<Record<K, LabelMetric | ScoreMetric>>,
): Promise<DataFrame>;
export function evaluate<K extends string>(
  model: PrequentialDetector,
  stream: AnyIterable<PrequentialSample<Label>>,
  options: EvaluateOptions<Record<K, ScoreMetric>>,
): Promise<DataFrame>;
export async function evaluate<K extends string>(
  model: PrequentialModel,
  stream: AnyIterable<PrequentialSample<number | Label>>,
  options: EvaluateOptions<Record<K, AnyMetric>>,
): Promise<DataFrame> {
  assertNoStepMetric("evaluate", Object.keys(options.metrics));
  const every = options.every ?? defaultEvery(stream);
  const result = await prequentialAsync("evaluate", model, stream, { metrics: options.metrics, every, delay: options.delay ?? 0 });
  return toDataFrame(result);
}

/** ⌈n / 100⌉ for a stream whose length n is known without reading it, else {@link DEFAULT_EVERY}. */
function defaultEvery(stream: unknown): number {
  const n = Array.isArray(stream) ? stream.length : (stream as { count?: unknown }).count;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) return DEFAULT_EVERY;
  return Math.max(1, Math.ceil(n / 100));
}
