import type { Label } from "../base/vector.js";
import type { AnyMetric, LabelMetric, RegressionMetric, ScoreMetric } from "./metric.js";
import { PrequentialSession } from "./prequential-session.js";
import type {
  PrequentialClassifier,
  PrequentialDetector,
  PrequentialModel,
  PrequentialOptions,
  PrequentialRegressor,
  PrequentialResult,
  PrequentialSample,
} from "./prequential-types.js";

/** A stream {@link evaluatePrequentialAsync} reads: sync or async. @public */
export type AnyIterable<T> = Iterable<T> | AsyncIterable<T>;

/**
 * {@link evaluatePrequential} over a stream that arrives asynchronously (a file or network
 * loader's `AsyncIterable`), or a sync one: the same test-then-train pass, options and result,
 * as a Promise.
 *
 * @remarks
 * Both functions drive the same evaluation state one sample at a time, so for the same samples
 * they give identical results. Each sample is predicted as soon as it arrives and nothing waits
 * between samples beyond the stream itself. A bad option or a metric the model cannot feed
 * rejects with {@link EstimatorConfigError} before the stream is read.
 * @param model - a regressor, classifier or anomaly detector, as for {@link evaluatePrequential}.
 * @param stream - an `AsyncIterable` or `Iterable` of `{ x, y }`, consumed once.
 * @param options - `{ metrics, delay = 0, every = 0 }`.
 * @example
 * ```ts
 * import { evaluatePrequentialAsync, MAE } from "streamine/algorithms";
 * let last = 0;
 * const model = { predictOne: () => last, learnOne: (_x: ArrayLike<number>, y: number) => { last = y; } };
 * async function* stream() {
 *   for (const y of [1, 2, 4, 8]) yield { x: [0], y };
 * }
 * const r = await evaluatePrequentialAsync(model, stream(), { metrics: { mae: new MAE() }, every: 2 });
 * // predictions 0, 1, 2, 4 → errors 1, 1, 2, 4
 * expect(r.steps).toEqual([2, 4]);
 * expect(r.values.mae).toEqual([1, 2]);
 * ```
 * @public
 */
export function evaluatePrequentialAsync<K extends string>(
  model: PrequentialRegressor,
  stream: AnyIterable<PrequentialSample<number>>,
  options: PrequentialOptions<Record<K, RegressionMetric>>,
): Promise<PrequentialResult<K>>;
export function evaluatePrequentialAsync<K extends string>(
  model: PrequentialClassifier,
  stream: AnyIterable<PrequentialSample<Label>>,
  options: PrequentialOptions<Record<K, LabelMetric | ScoreMetric>>,
): Promise<PrequentialResult<K>>;
export function evaluatePrequentialAsync<K extends string>(
  model: PrequentialDetector,
  stream: AnyIterable<PrequentialSample<Label>>,
  options: PrequentialOptions<Record<K, ScoreMetric>>,
): Promise<PrequentialResult<K>>;
export function evaluatePrequentialAsync<K extends string>(
  model: PrequentialModel,
  stream: AnyIterable<PrequentialSample<number | Label>>,
  options: PrequentialOptions<Record<K, AnyMetric>>,
): Promise<PrequentialResult<K>> {
  return prequentialAsync("evaluatePrequentialAsync", model, stream, options);
}

/**
 * {@link evaluatePrequentialAsync} without the overloads, its errors naming `who`: for wrappers
 * that take any kind of model (the experiments' `evaluate`).
 * @internal
 */
export async function prequentialAsync<K extends string>(
  who: string,
  model: PrequentialModel,
  stream: AnyIterable<PrequentialSample<number | Label>>,
  options: PrequentialOptions<Record<K, AnyMetric>>,
): Promise<PrequentialResult<K>> {
  const session = new PrequentialSession(who, model, options);
  for await (const { x, y } of stream) session.push(x, y);
  return session.finish();
}
