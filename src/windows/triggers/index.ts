import { ContinuousEventTimeTrigger, ContinuousProcessingTimeTrigger } from "./continuous.js";
import { CountTrigger } from "./count.js";
import { EventTimeTrigger } from "./event-time.js";
import { NeverTrigger } from "./never.js";
import { ProcessingTimeTrigger } from "./processing-time.js";
import { PurgingTrigger } from "./purging.js";
import type { Trigger } from "./trigger.js";

/**
 * Built-in triggers, for `.trigger(…)` on a window assigner or a windowed stream.
 * @example
 * ```ts
 * import { triggers } from "streamine";
 * expect(triggers.purging(triggers.count(3)).description).toBe("purging(count(3))");
 * ```
 * @public
 */
export const triggers = {
  eventTime: (): Trigger => new EventTimeTrigger(),
  processingTime: (): Trigger => new ProcessingTimeTrigger(),
  count: (count: number): Trigger => new CountTrigger(count),
  purging: <T>(inner: Trigger<T>): Trigger<T> => new PurgingTrigger(inner),
  continuousEventTime: (intervalMs: number): Trigger => new ContinuousEventTimeTrigger(intervalMs),
  continuousProcessingTime: (intervalMs: number): Trigger => new ContinuousProcessingTimeTrigger(intervalMs),
  never: (): Trigger => new NeverTrigger(),
};

export {
  ContinuousEventTimeTrigger,
  ContinuousProcessingTimeTrigger,
  CountTrigger,
  EventTimeTrigger,
  NeverTrigger,
  ProcessingTimeTrigger,
  PurgingTrigger,
};
export type { OnMergeContext, Trigger, TriggerContext, TriggerResult } from "./trigger.js";
