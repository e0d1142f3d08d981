import { mostProbable } from "../base/most-probable.js";
import type { Label, Vector } from "../base/vector.js";
import { sameLabel, type AnyMetric } from "./metric.js";
import type { PrequentialClassifier, PrequentialDetector, PrequentialModel, PrequentialRegressor } from "./prequential-types.js";

/** How a model is asked: `predictOne`, `predictProbaOne` or `scoreOne`. @internal */
export type ModelKind = "regressor" | "classifier" | "detector";

/**
 * The kind of a duck-typed model: `predictProbaOne` makes a classifier, else `scoreOne` a
 * detector, else a regressor (checked in that order so a detector that also forecasts, or a
 * classifier that also scores, is asked the way its metrics expect). @internal
 */
export function modelKind(model: PrequentialModel): ModelKind {
  if (typeof (model as Partial<PrequentialClassifier>).predictProbaOne === "function") return "classifier";
  if (typeof (model as Partial<PrequentialDetector>).scoreOne === "function") return "detector";
  return "regressor";
}

/** The state of one evaluation: a FIFO of `delay + 1` predictions waiting for their labels. @internal */
export class PrequentialRun {
  answered = 0;
  private readonly cap: number;
  private readonly xs: (Float64Array | null)[];
  private readonly ys: (number | Label)[];
  /** A regressor's prediction or a detector's score of each waiting sample. */
  private readonly values: Float64Array;
  private readonly labels: (Label | null)[];
  /** Row-major cap × (number of metrics): a classifier's probability of each score metric's positive label. */
  private readonly scores: Float64Array;
  private head = 0;
  private size = 0;

  constructor(
    private readonly model: PrequentialModel,
    private readonly metrics: readonly AnyMetric[],
    delay: number,
    private readonly kind: ModelKind,
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
    if (this.kind === "regressor") {
      this.values[slot] = (model as PrequentialRegressor).predictOne(x);
      return;
    }
    if (this.kind === "detector") {
      this.values[slot] = (model as PrequentialDetector).scoreOne(x);
      return;
    }
    const proba = (model as PrequentialClassifier).predictProbaOne(x);
    this.labels[slot] = mostProbable(proba);
    const m = this.metrics;
    for (let i = 0; i < m.length; i++) {
      const metric = m[i];
      if (metric?.input === "score") this.scores[slot * m.length + i] = probaOf(proba, metric.posLabel);
    }
  }

  private answer(slot: number, x: Vector): void {
    const y = this.ys[slot] ?? 0;
    const m = this.metrics;
    const detector = this.kind === "detector";
    for (let i = 0; i < m.length; i++) {
      const metric = m[i];
      if (metric === undefined) continue;
      if (metric.input === "value") metric.update(y as number, this.values[slot] ?? NaN);
      else if (metric.input === "label") metric.update(y, this.labels[slot] ?? null);
      else metric.update(y, (detector ? this.values[slot] : this.scores[slot * m.length + i]) ?? 0);
    }
    if (this.kind === "classifier") (this.model as PrequentialClassifier).learnOne(x, y);
    else if (detector) (this.model as PrequentialDetector).learnOne(x);
    else (this.model as PrequentialRegressor).learnOne(x, y as number);
    this.head = (this.head + 1) % this.cap;
    this.size--;
    this.answered++;
  }
}


function probaOf(proba: ReadonlyMap<Label, number>, pos: Label | null): number {
  if (pos === null) return 0;
  const direct = proba.get(pos);
  if (direct !== undefined) return direct;
  for (const [label, p] of proba) if (sameLabel(label, pos)) return p;
  return 0;
}
