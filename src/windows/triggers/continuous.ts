import { requirePositive } from "../../errors.js";
import { ValueStateDescriptor } from "../../state/descriptors.js";
import type { TimeWindow } from "../time-window.js";
import type { OnMergeContext, Trigger, TriggerContext, TriggerResult } from "./trigger.js";

const NEXT_FIRE = new ValueStateDescriptor<number | null>("continuous-trigger.next-fire", null);

function minOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/**
 * Fires every `intervalMs` of event time while the window is open, and once more at its end
 * (Flink's `ContinuousEventTimeTrigger`): early, repeated results for long windows.
 * @public
 */
export class ContinuousEventTimeTrigger implements Trigger {
  readonly description: string;

  constructor(readonly intervalMs: number) {
    requirePositive("ContinuousEventTimeTrigger", "intervalMs", intervalMs);
    this.description = `continuousEventTime(${intervalMs})`;
  }

  onElement(_e: unknown, ts: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    if (window.maxTimestamp() <= ctx.currentWatermark()) return "FIRE";
    ctx.registerEventTimeTimer(window.maxTimestamp());
    const next = ctx.getPartitionedState(NEXT_FIRE);
    if (next.value() === null) this.registerNext(ts - (ts % this.intervalMs), window, ctx);
    return "CONTINUE";
  }

  onEventTime(time: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    if (time === window.maxTimestamp()) return "FIRE";
    const next = ctx.getPartitionedState(NEXT_FIRE);
    if (next.value() === time) {
      next.clear();
      this.registerNext(time, window, ctx);
      return "FIRE";
    }
    return "CONTINUE";
  }

  onProcessingTime(): TriggerResult {
    return "CONTINUE";
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(window: TimeWindow, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(NEXT_FIRE, minOrNull);
    const next = ctx.getPartitionedState(NEXT_FIRE).value();
    if (next !== null) ctx.registerEventTimeTimer(next);
    if (window.maxTimestamp() > ctx.currentWatermark()) ctx.registerEventTimeTimer(window.maxTimestamp());
  }

  clear(_w: TimeWindow, ctx: TriggerContext): void {
    const next = ctx.getPartitionedState(NEXT_FIRE);
    const t = next.value();
    if (t !== null) ctx.deleteEventTimeTimer(t);
    next.clear();
  }

  private registerNext(time: number, window: TimeWindow, ctx: TriggerContext): void {
    const next = Math.min(time + this.intervalMs, window.maxTimestamp());
    ctx.getPartitionedState(NEXT_FIRE).update(next);
    ctx.registerEventTimeTimer(next);
  }
}

/**
 * Fires every `intervalMs` of processing time while the window holds elements (Flink's
 * `ContinuousProcessingTimeTrigger`).
 * @public
 */
export class ContinuousProcessingTimeTrigger implements Trigger {
  readonly description: string;

  constructor(readonly intervalMs: number) {
    requirePositive("ContinuousProcessingTimeTrigger", "intervalMs", intervalMs);
    this.description = `continuousProcessingTime(${intervalMs})`;
  }

  onElement(_e: unknown, _ts: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    const now = ctx.currentProcessingTime();
    if (ctx.getPartitionedState(NEXT_FIRE).value() === null) this.registerNext(now - (now % this.intervalMs), window, ctx);
    return "CONTINUE";
  }

  onEventTime(): TriggerResult {
    return "CONTINUE";
  }

  onProcessingTime(time: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    const next = ctx.getPartitionedState(NEXT_FIRE);
    if (next.value() === time) {
      next.clear();
      this.registerNext(time, window, ctx);
      return "FIRE";
    }
    return "CONTINUE";
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(_w: TimeWindow, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(NEXT_FIRE, minOrNull);
    const next = ctx.getPartitionedState(NEXT_FIRE).value();
    if (next !== null) ctx.registerProcessingTimeTimer(next);
  }

  clear(_w: TimeWindow, ctx: TriggerContext): void {
    const next = ctx.getPartitionedState(NEXT_FIRE);
    const t = next.value();
    if (t !== null) ctx.deleteProcessingTimeTimer(t);
    next.clear();
  }

  private registerNext(time: number, window: TimeWindow, ctx: TriggerContext): void {
    const next = Math.min(time + this.intervalMs, window.maxTimestamp());
    ctx.getPartitionedState(NEXT_FIRE).update(next);
    ctx.registerProcessingTimeTimer(next);
  }
}
