import type { Classifier, Estimator } from "../../algorithms/base/estimator.js";
import { mostProbable } from "../../algorithms/base/most-probable.js";
import type { Label, Vector } from "../../algorithms/base/vector.js";
import type { Collector, Key, KeyedProcessContext, KeyedProcessFunction, KeyedRuntimeContext } from "../api/functions.js";
import { describeError } from "../errors.js";
import { ValueStateDescriptor, type StateDescriptorOptions, type ValueState } from "../state/descriptors.js";
import { estimatorSerializer } from "../state/estimator-serializer.js";
import type { TimeWindow } from "../windows/time-window.js";
import type { MiningPlan } from "./plan.js";
import type { Explanation, Thresholder } from "./types.js";

/** A record a mining operator cannot take; its message is the dead-letter reason. @internal */
export class MiningFailure extends Error {}

type Learning = Estimator & { learnOne(x: Vector, y?: unknown): void };
type Scoring = Learning & { scoreOne(x: Vector): number; attribution?(x: Vector): { high: ArrayLike<number>; low: ArrayLike<number> } };
type Predicting = Learning & { predictOne?(x: Vector): unknown; predictProbaOne?(x: Vector): Map<Label, number> };

/**
 * One model per key (and, for `detect` with a thresholder, one thresholder per key), created by
 * the factory on the key's first record and held live in keyed value state whose serializer is
 * the estimator contract (`snapshot()` / static `restore`) and whose TTL is the idle eviction.
 * Each record that succeeds writes the state again, so a key's TTL counts from its last record;
 * a record that fails changes nothing (estimators validate before they change) and is
 * dead-lettered with {@link failureReason}.
 * @internal
 */
export class MiningFunction implements KeyedProcessFunction<Key, unknown, unknown> {
  private model!: ValueState<Estimator | null>;
  private thresholds: ValueState<Thresholder | null> | null = null;
  private learned: ValueState<number> | null = null;
  /** What was running when a record failed: "x", "y", "model", "threshold" (for the reason). */
  private stage = "x";

  constructor(private readonly plan: MiningPlan) {}

  open(ctx: KeyedRuntimeContext): void {
    const plan = this.plan;
    const ttl = plan.ttl === null ? {} : { ttl: plan.ttl };
    const options: StateDescriptorOptions<Estimator | null> = { ...ttl, serializer: estimatorSerializer(plan.modelClass) };
    this.model = ctx.getState(new ValueStateDescriptor<Estimator | null>("model", null, options));
    if (plan.thresholderClass !== null) {
      this.thresholds = ctx.getState(new ValueStateDescriptor<Thresholder | null>("thresholder", null, { ...ttl, serializer: estimatorSerializer(plan.thresholderClass) }));
    }
    if (plan.mode === "learn") this.learned = ctx.getState(new ValueStateDescriptor("learned", 0, ttl));
  }

  /** The dead-letter reason of a record that threw in {@link processElement}. */
  failureReason(error: unknown): string {
    return error instanceof MiningFailure ? error.message : `${this.stage} threw ${describeError(error)}`;
  }

  processElement(record: unknown, ctx: KeyedProcessContext<Key>, out: Collector<unknown>): void {
    const plan = this.plan;
    this.stage = "x";
    const x = plan.input.x(record);
    if (typeof (x as Partial<Vector> | null)?.length !== "number") {
      throw new MiningFailure(`x returned ${x === null ? "null" : typeof x}, not an array of numbers`);
    }
    let target: unknown = undefined;
    if (plan.y !== null) {
      this.stage = "y";
      target = plan.y(record);
      if (plan.mode === "learn" && (target === null || target === undefined)) return; // label not known: nothing to learn
    }
    this.stage = "model";
    const m = this.model.value() ?? plan.factory();
    // the output's fields are added in one fixed order per operator, so its objects share one shape
    const o = this.head(record, ctx);
    switch (plan.mode) {
      case "learn": {
        if (plan.y === null) (m as Learning).learnOne(x);
        else (m as Learning).learnOne(x, target);
        const learned = this.learned as ValueState<number>;
        const n = learned.value() + 1;
        learned.update(n);
        o["n"] = n;
        break;
      }
      case "predict":
        this.predict(m as Predicting, x, target, o);
        break;
      case "score":
        o["score"] = this.score(m as Scoring, x);
        break;
      case "detect":
        this.detect(m as Scoring, x, record, o);
        break;
    }
    this.model.update(m);
    out.collect(o);
  }

  /** `{ key, ts, window?, model }`, to which the mode adds its fields. */
  private head(record: unknown, ctx: KeyedProcessContext<Key>): Record<string, unknown> {
    const key = ctx.getCurrentKey();
    const ts = ctx.timestamp();
    const model = this.plan.model;
    return this.plan.input.windowed ? { key, ts, window: (record as { window: TimeWindow }).window, model } : { key, ts, model };
  }

  private predict(m: Predicting, x: Vector, target: unknown, o: Record<string, unknown>): void {
    const plan = this.plan;
    let prediction: unknown;
    if (plan.classifier) prediction = mostProbable((m as unknown as Classifier).predictProbaOne(x));
    else {
      prediction = (m.predictOne as (x: Vector) => unknown)(x);
      if (Number.isNaN(prediction)) throw new MiningFailure(`${plan.modelClass.name}.predictOne returned NaN`);
    }
    const labelled = target !== null && target !== undefined;
    if (labelled) m.learnOne(x, target);
    else if (plan.learns && plan.y === null) m.learnOne(x);
    o["prediction"] = prediction;
    if (labelled) o["y"] = target;
  }

  /** The score, learning the record before or after as the plan's order says. */
  private score(m: Scoring, x: Vector): number {
    const first = this.plan.order === "learn-then-score";
    if (first) m.learnOne(x);
    const s = this.checked(m.scoreOne(x));
    if (!first) m.learnOne(x);
    return s;
  }

  private detect(m: Scoring, x: Vector, record: unknown, o: Record<string, unknown>): void {
    const plan = this.plan;
    const first = plan.order === "learn-then-score";
    if (first) m.learnOne(x);
    const score = this.checked(m.scoreOne(x));
    this.stage = "threshold";
    let t: Thresholder | null = null;
    let threshold = plan.threshold;
    let isAnomaly: boolean;
    if (this.thresholds === null) isAnomaly = score >= threshold;
    else {
      t = this.thresholds.value() ?? (plan.thresholder as () => Thresholder)();
      threshold = t.threshold;
      isAnomaly = t.isAnomaly(score);
    }
    this.stage = "model";
    const explanation = isAnomaly && plan.explain ? this.explain(m, x, record) : null;
    this.stage = "threshold";
    t?.learnOne(score);
    this.stage = "model";
    if (!first && !(plan.protect && isAnomaly)) m.learnOne(x);
    if (t !== null) (this.thresholds as ValueState<Thresholder | null>).update(t);
    o["score"] = score;
    o["isAnomaly"] = isAnomaly;
    o["threshold"] = threshold;
    if (explanation !== null) o["explanation"] = explanation;
  }

  private explain(m: Scoring, x: Vector, record: unknown): Explanation {
    const a = (m.attribution as (x: Vector) => { high: ArrayLike<number>; low: ArrayLike<number> })(x);
    const high = Array.from(a.high);
    const names = this.plan.input.names(record);
    const e = { high, low: Array.from(a.low) };
    return names !== null && names.length === high.length ? { ...e, names } : e;
  }

  private checked(score: number): number {
    if (Number.isNaN(score)) throw new MiningFailure(`${this.plan.modelClass.name}.scoreOne returned NaN`);
    return score;
  }
}
