import { EstimatorConfigError } from "../base/input-error.js";
import type { Label, Vector } from "../base/vector.js";
import type { AnyMetric, MetricInput } from "./metric.js";
import { modelKind, PrequentialRun, type ModelKind } from "./prequential-run.js";
import type { PrequentialModel, PrequentialOptions, PrequentialResult } from "./prequential-types.js";

/** What each kind of model gives, so which metrics it can feed. */
const GIVES: Record<ModelKind, readonly MetricInput[]> = { regressor: ["value"], classifier: ["label", "score"], detector: ["score"] };
const A_KIND: Record<ModelKind, string> = { regressor: "a regressor", classifier: "a classifier", detector: "an anomaly detector" };

/**
 * One prequential evaluation, fed a sample at a time: the part shared by the sync and async
 * drivers, which only differ in how they iterate (`for` or `for await`). It validates the
 * options, runs the FIFO of pending predictions and records the metrics every `every` labels.
 * @internal
 */
export class PrequentialSession<K extends string> {
  private readonly names: K[];
  private readonly metrics: AnyMetric[];
  private readonly every: number;
  private readonly run: PrequentialRun;
  private readonly steps: number[] = [];
  private readonly values = {} as Record<K, number[]>;

  /** @param who - the public function's name, for error messages. */
  constructor(who: string, model: PrequentialModel, options: PrequentialOptions<Record<K, AnyMetric>>) {
    const delay = options.delay ?? 0;
    const every = options.every ?? 0;
    if (!Number.isSafeInteger(delay) || delay < 0) {
      throw new EstimatorConfigError(`${who}: option delay must be an integer ≥ 0, got ${String(delay)}`);
    }
    if (!Number.isSafeInteger(every) || every < 0) {
      throw new EstimatorConfigError(`${who}: option every must be an integer ≥ 0, got ${String(every)}`);
    }
    this.names = Object.keys(options.metrics) as K[];
    this.metrics = this.names.map((k) => options.metrics[k]);
    const kind = modelKind(model);
    this.names.forEach((name, i) => {
      const input = this.metrics[i]?.input;
      if (input === undefined || !GIVES[kind].includes(input)) {
        const hint = kind === "detector" ? " (it gives anomaly scores: use a score metric such as ROCAUC)" : "";
        throw new EstimatorConfigError(`${who}: metric "${name}" reads "${String(input)}" predictions, which ${A_KIND[kind]} does not give${hint}`);
      }
    });
    this.every = every;
    this.run = new PrequentialRun(model, this.metrics, delay, kind);
    for (const k of this.names) this.values[k] = [];
  }

  /** Tests the model on one sample, then trains on whichever sample's label is due. */
  push(x: Vector, y: number | Label): void {
    if (this.run.ask(x, y)) this.recordIfDue();
  }

  /** Delivers the labels still pending and returns the result. */
  finish(): PrequentialResult<K> {
    while (this.run.flushOne()) this.recordIfDue();
    const final = {} as Record<K, number>;
    this.names.forEach((k, i) => (final[k] = this.metrics[i]?.get() ?? NaN));
    return { n: this.run.answered, steps: this.steps, values: this.values, final };
  }

  private recordIfDue(): void {
    const every = this.every;
    if (every === 0 || this.run.answered % every !== 0) return;
    this.steps.push(this.run.answered);
    this.names.forEach((k, i) => this.values[k].push(this.metrics[i]?.get() ?? NaN));
  }
}
