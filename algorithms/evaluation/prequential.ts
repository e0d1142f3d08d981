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

/**
 * Prequential (test-then-train) evaluation, River's `evaluate.progressive_val_score`: for each
 * sample, the model predicts first, then (once the label arrives) the metrics see the
 * (label, prediction) pair and the model learns the sample. Cumulative and rolling metrics
 * (`Rolling`, `RollingROCAUC`) are all updated in the same single pass.
 *
 * @remarks
 * The model is duck-typed: one with `predictProbaOne` is a classifier, otherwise one with
 * `scoreOne` is an anomaly detector, otherwise it is a regressor called with `predictOne`. For a
 * classifier, label metrics (`Accuracy`, `F1`) get the most probable label (the first of equal
 * maxima in the map's order; `null` for an empty map, a model that has learnt nothing), and
 * score metrics (`ROCAUC`, `RollingROCAUC`) get the probability of their `posLabel` (0 when
 * absent, as River's `y_pred.get(True, 0.0)`). A detector's `scoreOne(x)` goes to score metrics
 * as is (higher = more anomalous, so the label `true` or 1 marks an anomaly) and it learns with
 * `learnOne(x)`, never seeing the label. Regressors take only regression metrics, classifiers
 * only label or score metrics, detectors only score metrics; a mismatch throws
 * {@link EstimatorConfigError} before anything is learned.
 *
 * With `delay` > 0 the predictions wait in a FIFO until their label arrives `delay` samples
 * later (River's `moment`/`delay` with a fixed count); the features are copied into buffers
 * allocated once, so a stream may reuse its `x` array. Labels still waiting when the stream ends
 * are delivered in order (as River's `stream.simulate_qa`), so `final` covers every sample.
 * For an asynchronous stream use {@link evaluatePrequentialAsync}.
 * @param model - a regressor (`predictOne`, `learnOne`), classifier (`predictProbaOne`, `learnOne`) or anomaly detector (`scoreOne`, `learnOne`).
 * @param stream - any iterable of `{ x, y }`, consumed once.
 * @param options - `{ metrics, delay = 0, every = 0 }`.
 * @example
 * ```ts
 * import { evaluatePrequential, MAE, Rolling } from "streamine/algorithms";
 * // A model that predicts the last label it learned (0 before any).
 * let last = 0;
 * const model = { predictOne: () => last, learnOne: (_x: ArrayLike<number>, y: number) => { last = y; } };
 * const stream = [1, 2, 4, 8].map((y) => ({ x: [0], y }));
 * const r = evaluatePrequential(model, stream, { metrics: { mae: new MAE(), last2: new Rolling(new MAE(), 2) }, every: 2 });
 * // predictions 0, 1, 2, 4 → errors 1, 1, 2, 4
 * expect(r.steps).toEqual([2, 4]);
 * expect(r.values.mae).toEqual([1, 2]);
 * expect(r.final).toEqual({ mae: 2, last2: 3 });
 * ```
 * @example
 * ```ts
 * import { evaluatePrequential, ROCAUC } from "streamine/algorithms";
 * // A detector scoring a value by its distance to the previous one.
 * let prev = 0;
 * const detector = { scoreOne: (x: ArrayLike<number>) => Math.abs((x[0] ?? 0) - prev), learnOne: (x: ArrayLike<number>) => { prev = x[0] ?? 0; } };
 * const stream = [1, 1, 9, 9, 2].map((v, i) => ({ x: [v], y: i === 2 }));
 * const r = evaluatePrequential(detector, stream, { metrics: { auc: new ROCAUC() } });
 * // scores 1, 0, 8, 0, 7: the anomaly (8) outscores all four normal samples
 * expect(r.final.auc).toBe(1);
 * ```
 * @public
 */
export function evaluatePrequential<K extends string>(
  model: PrequentialRegressor,
  stream: Iterable<PrequentialSample<number>>,
  options: PrequentialOptions<Record<K, RegressionMetric>>,
): PrequentialResult<K>;
export function evaluatePrequential<K extends string>(
  model: PrequentialClassifier,
  stream: Iterable<PrequentialSample<Label>>,
  options: PrequentialOptions<Record<K, LabelMetric | ScoreMetric>>,
): PrequentialResult<K>;
export function evaluatePrequential<K extends string>(
  model: PrequentialDetector,
  stream: Iterable<PrequentialSample<Label>>,
  options: PrequentialOptions<Record<K, ScoreMetric>>,
): PrequentialResult<K>;
export function evaluatePrequential<K extends string>(
  model: PrequentialModel,
  stream: Iterable<PrequentialSample<number | Label>>,
  options: PrequentialOptions<Record<K, AnyMetric>>,
): PrequentialResult<K> {
  const session = new PrequentialSession("evaluatePrequential", model, options);
  for (const { x, y } of stream) session.push(x, y);
  return session.finish();
}
