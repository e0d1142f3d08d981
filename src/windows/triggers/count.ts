import { requireInteger } from "../../errors.js";
import { ValueStateDescriptor } from "../../state/descriptors.js";
import type { TimeWindow } from "../time-window.js";
import type { OnMergeContext, Trigger, TriggerContext, TriggerResult } from "./trigger.js";

const COUNT = new ValueStateDescriptor<number>("count-trigger.count", 0);

/**
 * Fires every `count` elements of a (key, window) (Flink's `CountTrigger`). Wrap it in
 * {@link PurgingTrigger} to start each group afresh, as {@link countWindow} does.
 * @public
 */
export class CountTrigger implements Trigger {
  readonly description: string;

  constructor(readonly count: number) {
    requireInteger("CountTrigger", "count", count, 1);
    this.description = `count(${count})`;
  }

  onElement(_e: unknown, _ts: number, _w: TimeWindow, ctx: TriggerContext): TriggerResult {
    const state = ctx.getPartitionedState(COUNT);
    const seen = state.value() + 1;
    if (seen >= this.count) {
      state.clear();
      return "FIRE";
    }
    state.update(seen);
    return "CONTINUE";
  }

  onEventTime(): TriggerResult {
    return "CONTINUE";
  }

  onProcessingTime(): TriggerResult {
    return "CONTINUE";
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(_w: TimeWindow, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(COUNT, (a, b) => a + b);
  }

  clear(_w: TimeWindow, ctx: TriggerContext): void {
    ctx.getPartitionedState(COUNT).clear();
  }
}
