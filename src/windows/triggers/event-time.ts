import type { TimeWindow } from "../time-window.js";
import type { OnMergeContext, Trigger, TriggerContext, TriggerResult } from "./trigger.js";

/**
 * Fires once the watermark passes the window's `end − 1`, and at once for every element that
 * arrives after that (allowed lateness). The default trigger of event-time windows (Flink's
 * `EventTimeTrigger`).
 * @public
 */
export class EventTimeTrigger implements Trigger {
  readonly description = "eventTime()";

  onElement(_e: unknown, _ts: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    if (window.maxTimestamp() <= ctx.currentWatermark()) return "FIRE";
    ctx.registerEventTimeTimer(window.maxTimestamp());
    return "CONTINUE";
  }

  onEventTime(time: number, window: TimeWindow): TriggerResult {
    return time === window.maxTimestamp() ? "FIRE" : "CONTINUE";
  }

  onProcessingTime(): TriggerResult {
    return "CONTINUE";
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(window: TimeWindow, ctx: OnMergeContext): void {
    if (window.maxTimestamp() > ctx.currentWatermark()) ctx.registerEventTimeTimer(window.maxTimestamp());
  }

  clear(window: TimeWindow, ctx: TriggerContext): void {
    ctx.deleteEventTimeTimer(window.maxTimestamp());
  }
}
