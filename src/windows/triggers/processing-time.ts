import type { TimeWindow } from "../time-window.js";
import type { OnMergeContext, Trigger, TriggerContext, TriggerResult } from "./trigger.js";

/**
 * Fires when processing time reaches the window's `end − 1`. The default trigger of
 * processing-time windows (Flink's `ProcessingTimeTrigger`).
 * @public
 */
export class ProcessingTimeTrigger implements Trigger {
  readonly description = "processingTime()";

  onElement(_e: unknown, _ts: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    ctx.registerProcessingTimeTimer(window.maxTimestamp());
    return "CONTINUE";
  }

  onEventTime(): TriggerResult {
    return "CONTINUE";
  }

  onProcessingTime(): TriggerResult {
    return "FIRE";
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(window: TimeWindow, ctx: OnMergeContext): void {
    if (window.maxTimestamp() > ctx.currentProcessingTime()) ctx.registerProcessingTimeTimer(window.maxTimestamp());
  }

  clear(window: TimeWindow, ctx: TriggerContext): void {
    ctx.deleteProcessingTimeTimer(window.maxTimestamp());
  }
}
