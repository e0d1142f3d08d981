import type { ValueState, ValueStateDescriptor } from "../../state/descriptors.js";
import type { TimeWindow } from "../time-window.js";

/**
 * What a trigger decides (Flink's `TriggerResult`): `FIRE` emits the window's current result,
 * `PURGE` clears its contents, `FIRE_AND_PURGE` does both, `CONTINUE` does nothing.
 * @public
 */
export type TriggerResult = "CONTINUE" | "FIRE" | "PURGE" | "FIRE_AND_PURGE";

/**
 * What a trigger can see and do for the (key, window) it is called for. State obtained here is
 * scoped to that (key, window) and is dropped with the window.
 * @public
 */
export interface TriggerContext {
  currentWatermark(): number;
  currentProcessingTime(): number;
  registerEventTimeTimer(timeMs: number): void;
  deleteEventTimeTimer(timeMs: number): void;
  registerProcessingTimeTimer(timeMs: number): void;
  deleteProcessingTimeTimer(timeMs: number): void;
  getPartitionedState<V>(descriptor: ValueStateDescriptor<V>): ValueState<V>;
}

/** Context of {@link Trigger.onMerge}: the merged windows' states can be combined. @public */
export interface OnMergeContext extends TriggerContext {
  /** Combines the state `descriptor` of every merged window into the result window's. */
  mergePartitionedState<V>(descriptor: ValueStateDescriptor<V>, merge: (a: V, b: V) => V): void;
}

/**
 * Decides when a window is evaluated (Flink's `Trigger`). Triggers are stateless objects:
 * everything they remember goes into partitioned state, so it is per (key, window).
 * @public
 */
export interface Trigger<T = unknown> {
  readonly description: string;
  onElement(element: T, timestampMs: number, window: TimeWindow, ctx: TriggerContext): TriggerResult;
  onEventTime(timeMs: number, window: TimeWindow, ctx: TriggerContext): TriggerResult;
  onProcessingTime(timeMs: number, window: TimeWindow, ctx: TriggerContext): TriggerResult;
  /** Whether this trigger supports merging (session) windows. */
  canMerge(): boolean;
  onMerge(window: TimeWindow, ctx: OnMergeContext): void;
  /** Removes timers and state the trigger holds for `window`; called when the window is purged. */
  clear(window: TimeWindow, ctx: TriggerContext): void;
}

export function isFire(r: TriggerResult): boolean {
  return r === "FIRE" || r === "FIRE_AND_PURGE";
}

export function isPurge(r: TriggerResult): boolean {
  return r === "PURGE" || r === "FIRE_AND_PURGE";
}
