import { ValueStateDescriptor, type Collector, type KeyedProcessContext, type KeyedProcessFunction, type KeyedRuntimeContext, type OnTimerContext, type ValueState } from "../index.js";
import type { FraudTransaction } from "./fraud-input.js";

/** Alerts against the labels, overall and per fraud pattern. */
export interface FraudTally {
  readonly predictions: number;
  readonly alerts: number;
  /** Transactions with a label, the fraudulent ones among them, and the alerts on each kind. */
  readonly labelled: number;
  readonly frauds: number;
  readonly alertsOnLabelled: number;
  readonly truePositives: number;
  /** Per labelled pattern ("none" included): transactions, and how many raised an alert. */
  readonly patterns: Readonly<Record<string, { readonly n: number; readonly alerts: number }>>;
  /** Alerts per model name (a transaction flagged by both counts for both). */
  readonly byModel: Readonly<Record<string, number>>;
}

export const EMPTY_TALLY: FraudTally = { predictions: 0, alerts: 0, labelled: 0, frauds: 0, alertsOnLabelled: 0, truePositives: 0, patterns: {}, byModel: {} };

/** After the last record: event-time timers fire when the final +∞ watermark of a bounded input arrives. */
const END = Number.MAX_SAFE_INTEGER;

/**
 * keyBy(constant): counts every prediction against its label in keyed state and emits the tally
 * once, at the end of the input. Kept in state rather than in variables of the job so that a run
 * resumed from a checkpoint reports the whole stream, not only what it read after the restart.
 */
export class TallyFraud implements KeyedProcessFunction<string, { tx: FraudTransaction; flaggedBy: readonly string[] }, FraudTally> {
  private tally!: ValueState<FraudTally>;

  open(ctx: KeyedRuntimeContext): void {
    this.tally = ctx.getState(new ValueStateDescriptor<FraudTally>("tally", EMPTY_TALLY));
  }

  processElement(r: { tx: FraudTransaction; flaggedBy: readonly string[] }, ctx: KeyedProcessContext<string>, _out: Collector<FraudTally>): void {
    const t = this.tally.value();
    if (t.predictions === 0) ctx.timerService().registerEventTimeTimer(END);
    const alert = r.flaggedBy.length > 0 ? 1 : 0;
    const { fraud, pattern } = r.tx;
    let byModel = t.byModel;
    if (alert === 1) {
      const counts: Record<string, number> = { ...byModel };
      for (const m of r.flaggedBy) counts[m] = (counts[m] ?? 0) + 1;
      byModel = counts;
    }
    let patterns = t.patterns;
    if (pattern !== null) {
      const p = patterns[pattern] ?? { n: 0, alerts: 0 };
      patterns = { ...patterns, [pattern]: { n: p.n + 1, alerts: p.alerts + alert } };
    }
    const labelled = fraud !== null;
    this.tally.update({
      predictions: t.predictions + 1,
      alerts: t.alerts + alert,
      labelled: t.labelled + (labelled ? 1 : 0),
      frauds: t.frauds + (fraud === true ? 1 : 0),
      alertsOnLabelled: t.alertsOnLabelled + (labelled ? alert : 0),
      truePositives: t.truePositives + (fraud === true ? alert : 0),
      patterns,
      byModel,
    });
  }

  onTimer(_timestampMs: number, _ctx: OnTimerContext<string>, out: Collector<FraudTally>): void {
    out.collect(this.tally.value());
  }
}
