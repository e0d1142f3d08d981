import type { TimeWindow } from "../time-window.js";
import type { OnMergeContext, Trigger, TriggerContext, TriggerResult } from "./trigger.js";

function purge(r: TriggerResult): TriggerResult {
  return r === "FIRE" ? "FIRE_AND_PURGE" : r;
}

/** Turns every `FIRE` of the wrapped trigger into `FIRE_AND_PURGE` (Flink's `PurgingTrigger`). @public */
export class PurgingTrigger<T> implements Trigger<T> {
  readonly description: string;

  constructor(readonly inner: Trigger<T>) {
    this.description = `purging(${inner.description})`;
  }

  onElement(e: T, ts: number, w: TimeWindow, ctx: TriggerContext): TriggerResult {
    return purge(this.inner.onElement(e, ts, w, ctx));
  }

  onEventTime(time: number, w: TimeWindow, ctx: TriggerContext): TriggerResult {
    return purge(this.inner.onEventTime(time, w, ctx));
  }

  onProcessingTime(time: number, w: TimeWindow, ctx: TriggerContext): TriggerResult {
    return purge(this.inner.onProcessingTime(time, w, ctx));
  }

  canMerge(): boolean {
    return this.inner.canMerge();
  }

  onMerge(w: TimeWindow, ctx: OnMergeContext): void {
    this.inner.onMerge(w, ctx);
  }

  clear(w: TimeWindow, ctx: TriggerContext): void {
    this.inner.clear(w, ctx);
  }
}
