import { EstimatorConfigError } from "../base/input-error.js";
import type { Label, Vector } from "../base/vector.js";
import { sameLabel, type AnyMetric, type LabelMetric, type RegressionMetric, type ScoreMetric } from "./metric.js";

/** A model that predicts numbers: what {@link evaluatePrequential} needs of a regressor. @public */
export interface PrequentialRegressor {
  predictOne(x: Vector): number;
  learnOne(x: Vector, y: number): void;
}

/** A model that predicts class probabilities: what {@link evaluatePrequential} needs of a classifier. @public */
export interface PrequentialClassifier {
  predictProbaOne(x: Vector): ReadonlyMap<Label, number>;
  learnOne(x: Vector, y: Label): void;
}

/** One labelled sample of a stream. @public */
export interface PrequentialSample<Y> {
  readonly x: Vector;
  readonly y: Y;
}

/** Options of {@link evaluatePrequential}. @public */
export interface PrequentialOptions<M> {
  /** The metrics by name; each sees every labelled sample once. Wrap one in `Rolling` for a rolling metric. */
  readonly metrics: M;
  /**
   * Samples between a prediction and its label: the label of sample i arrives (and the model
   * learns it, and the metrics see it) after sample i + delay has been predicted. An integer
   * ≥ 0; default 0 (plain test-then-train).
   */
  readonly delay?: number;
  /** Record every metric each time this many labels have arrived. An integer ≥ 0; default 0 (final values only). */
  readonly every?: number;
}

/** What {@link evaluatePrequential} returns. @public */
export interface PrequentialResult<K extends string> {
  /** Number of samples evaluated (all of them: labels still pending at the end are delivered). */
  readonly n: number;
  /** The number of labels seen at each recording: every, 2·every, … (empty when `every` is 0). */
  readonly steps: number[];
  /** Each metric's value at each step of `steps`. */
  readonly values: Record<K, number[]>;
  /** Each metric's value at the end of the stream. */
  readonly final: Record<K, number>;
}

/**
 * Prequential (test-then-train) evaluation, River's `evaluate.progressive_val_score`: for each
 * sample, the model predicts first, then (once the label arrives) the metrics see the
 * (label, prediction) pair and the model learns the sample. Cumulative and rolling metrics
 * (`Rolling`, `RollingROCAUC`) are all updated in the same single pass.
 *
 * @remarks
 * The model is duck-typed: one with `predictProbaOne` is a classifier, otherwise it is a
 * regressor called with `predictOne`. For a classifier, label metrics (`Accuracy`, `F1`) get the
 * most probable label (the first of equal maxima in the map's order; `null` for an empty map, a
 * model that has learnt nothing), and score metrics (`ROCAUC`, `RollingROCAUC`) get the
 * probability of their `posLabel` (0 when absent, as River's `y_pred.get(True, 0.0)`). Regressors
 * take only regression metrics and classifiers only label or score metrics; a mismatch throws
 * {@link EstimatorConfigError} before anything is learned.
 *
 * With `delay` > 0 the predictions wait in a FIFO until their label arrives `delay` samples
 * later (River's `moment`/`delay` with a fixed count); the features are copied into buffers
 * allocated once, so a stream may reuse its `x` array. Labels still waiting when the stream ends
 * are delivered in order (as River's `stream.simulate_qa`), so `final` covers every sample.
 * @param model - a regressor (`predictOne`, `learnOne`) or classifier (`predictProbaOne`, `learnOne`).
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
  model: PrequentialRegressor | PrequentialClassifier,
  stream: Iterable<PrequentialSample<number | Label>>,
  options: PrequentialOptions<Record<K, AnyMetric>>,
): PrequentialResult<K> {
  const delay = options.delay ?? 0;
  const every = options.every ?? 0;
  if (!Number.isSafeInteger(delay) || delay < 0) {
    throw new EstimatorConfigError(`evaluatePrequential: option delay must be an integer ≥ 0, got ${String(delay)}`);
  }
  if (!Number.isSafeInteger(every) || every < 0) {
    throw new EstimatorConfigError(`evaluatePrequential: option every must be an integer ≥ 0, got ${String(every)}`);
  }
  const names = Object.keys(options.metrics) as K[];
  const metrics = names.map((k) => options.metrics[k]);
  const classifier = "predictProbaOne" in model && typeof model.predictProbaOne === "function";
  names.forEach((name, i) => {
    const input = metrics[i]?.input;
    if (classifier === (input === "value")) {
      const kind = classifier ? "a classifier" : "a regressor";
      throw new EstimatorConfigError(`evaluatePrequential: metric "${name}" reads "${String(input)}" predictions, which ${kind} does not give`);
    }
  });
  const run = new Run(model, metrics, delay, classifier);
  const steps: number[] = [];
  const values = {} as Record<K, number[]>;
  for (const k of names) values[k] = [];
  const record = (): void => {
    steps.push(run.answered);
    names.forEach((k, i) => values[k].push(metrics[i]?.get() ?? NaN));
  };
  for (const { x, y } of stream) {
    if (run.ask(x, y) && every > 0 && run.answered % every === 0) record();
  }
  while (run.flushOne()) if (every > 0 && run.answered % every === 0) record();
  const final = {} as Record<K, number>;
  names.forEach((k, i) => (final[k] = metrics[i]?.get() ?? NaN));
  return { n: run.answered, steps, values, final };
}

/** The state of one evaluation: a FIFO of `delay + 1` predictions waiting for their labels. */
class Run {
  answered = 0;
  private readonly cap: number;
  private readonly xs: (Float64Array | null)[];
  private readonly ys: (number | Label)[];
  private readonly values: Float64Array;
  private readonly labels: (Label | null)[];
  /** Row-major cap × (number of metrics): each score metric's score of its positive label. */
  private readonly scores: Float64Array;
  private head = 0;
  private size = 0;

  constructor(
    private readonly model: PrequentialRegressor | PrequentialClassifier,
    private readonly metrics: readonly AnyMetric[],
    delay: number,
    private readonly classifier: boolean,
  ) {
    this.cap = delay + 1;
    this.xs = new Array<Float64Array | null>(this.cap).fill(null);
    this.ys = new Array<number | Label>(this.cap).fill(0);
    this.values = new Float64Array(this.cap);
    this.labels = new Array<Label | null>(this.cap).fill(null);
    this.scores = new Float64Array(this.cap * metrics.length);
  }

  /** Predicts sample (x, y), queues it, and answers the oldest once `delay` are waiting. Returns whether a label arrived. */
  ask(x: Vector, y: number | Label): boolean {
    const slot = (this.head + this.size) % this.cap;
    this.predict(x, slot);
    this.ys[slot] = y;
    this.size++;
    if (this.cap === 1) {
      this.answer(slot, x);
      return true;
    }
    let buf = this.xs[slot] ?? null;
    if (buf === null || buf.length !== x.length) buf = this.xs[slot] = new Float64Array(x.length);
    buf.set(x);
    if (this.size < this.cap) return false;
    return this.flushOne();
  }

  /** Delivers the oldest waiting label, if any. */
  flushOne(): boolean {
    if (this.size === 0) return false;
    const slot = this.head;
    this.answer(slot, this.xs[slot] ?? new Float64Array(0));
    return true;
  }

  private predict(x: Vector, slot: number): void {
    const model = this.model;
    if (!this.classifier) {
      this.values[slot] = (model as PrequentialRegressor).predictOne(x);
      return;
    }
    const proba = (model as PrequentialClassifier).predictProbaOne(x);
    this.labels[slot] = argmax(proba);
    const m = this.metrics;
    for (let i = 0; i < m.length; i++) {
      const metric = m[i];
      if (metric?.input === "score") this.scores[slot * m.length + i] = probaOf(proba, metric.posLabel);
    }
  }

  private answer(slot: number, x: Vector): void {
    const y = this.ys[slot] ?? 0;
    const m = this.metrics;
    for (let i = 0; i < m.length; i++) {
      const metric = m[i];
      if (metric === undefined) continue;
      if (metric.input === "value") metric.update(y as number, this.values[slot] ?? NaN);
      else if (metric.input === "label") metric.update(y, this.labels[slot] ?? null);
      else metric.update(y, this.scores[slot * m.length + i] ?? 0);
    }
    if (this.classifier) (this.model as PrequentialClassifier).learnOne(x, y);
    else (this.model as PrequentialRegressor).learnOne(x, y as number);
    this.head = (this.head + 1) % this.cap;
    this.size--;
    this.answered++;
  }
}

function argmax(proba: ReadonlyMap<Label, number>): Label | null {
  let best: Label | null = null;
  let bestP = -Infinity;
  for (const [label, p] of proba) {
    if (p > bestP) {
      best = label;
      bestP = p;
    }
  }
  return best;
}

function probaOf(proba: ReadonlyMap<Label, number>, pos: Label | null): number {
  if (pos === null) return 0;
  const direct = proba.get(pos);
  if (direct !== undefined) return direct;
  for (const [label, p] of proba) if (sameLabel(label, pos)) return p;
  return 0;
}
