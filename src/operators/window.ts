import type { Collector, Key, WindowContext } from "../api/functions.js";
import type { OutputTag } from "../api/output-tag.js";
import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import type { Operator, OperatorContext } from "../runtime/operator.js";
import type { ValueState, ValueStateDescriptor } from "../state/descriptors.js";
import { readOperatorState, type OperatorState } from "../state/operator-state.js";
import { TimerHeap, type TimerHeapState } from "../time/timer-heap.js";
import type { WindowAssigner } from "../windows/assigners.js";
import { GLOBAL_WINDOW, TimeWindow } from "../windows/time-window.js";
import { isFire, isPurge, type OnMergeContext, type Trigger, type TriggerResult } from "../windows/triggers/trigger.js";
import type { WindowFunctionSpec } from "../windows/window-function.js";
import { invalidKeyReason, type KeySelectorFn } from "./key.js";

/** Everything held for one (key, window). */
class WindowState {
  acc: unknown = undefined;
  elements: unknown[] | null = null;
  hasContents = false;
  readonly triggerState = new Map<string, unknown>();
  readonly eventTimers = new Set<number>();
  readonly processingTimers = new Set<number>();
  constructor(
    readonly key: Key,
    readonly window: TimeWindow,
  ) {}
}

const NO_WINDOW = new WindowState("", GLOBAL_WINDOW);

/** One (key, window) in a checkpoint: a {@link WindowState} as plain data. */
interface WindowEntry {
  readonly key: Key;
  readonly start: number;
  readonly end: number;
  readonly hasContents: boolean;
  readonly acc: unknown;
  readonly elements: unknown[] | null;
  readonly triggerState: Map<string, unknown>;
  readonly eventTimers: number[];
  readonly processingTimers: number[];
}

/** What {@link WindowOperator.snapshotState} returns. */
interface WindowOperatorState extends OperatorState {
  readonly function: WindowFunctionSpec["kind"];
  /** Every live (key, window), keys and each key's windows in the operator's order (sessions merge in it). */
  readonly windows: readonly WindowEntry[];
  /** Timer heaps with each payload as an index into `windows`. */
  readonly eventTimers: TimerHeapState<number>;
  readonly processingTimers: TimerHeapState<number>;
  readonly watermark: number;
}

const KIND = "window";
const VERSION = 1;

const windowId = (w: TimeWindow): string => `${w.start}|${w.end}`;

/**
 * The general window operator, a port of Flink's `WindowOperator`: any assigner (merging
 * sessions, global/count windows, processing time), any {@link Trigger}, aggregates or process
 * window functions, allowed lateness and a late side output. Tumbling and sliding aggregates with
 * the default trigger take the faster slice operator instead.
 *
 * @remarks
 * A window is late when `end − 1 + allowedLateness ≤ watermark` (its cleanup time has passed);
 * an element is late when every window it would join is late. State of a window is dropped at its
 * cleanup time, and a key's entry when its last window is dropped.
 * @internal
 */
export class WindowOperator implements Operator, OnMergeContext, WindowContext, Collector<unknown> {
  private ctx!: OperatorContext;
  private readonly keys = new Map<Key, Map<string, WindowState>>();
  private readonly eventTimers = new TimerHeap<WindowState>();
  private readonly processingTimers = new TimerHeap<WindowState>();
  private readonly trigger: Trigger<unknown>;
  /** Event-time windows are placed by timestamp; the global window (count windows) needs none. */
  private readonly needsTimestamps: boolean;
  private watermark = -Infinity;
  private scheduledAt = Infinity;
  private cancelScheduled: (() => void) | null = null;
  /** The (key, window) that trigger and window-function calls refer to. */
  private current: WindowState = NO_WINDOW;
  private mergedAway: WindowState[] = [];
  private emitTimestamp = NaN;

  constructor(
    private readonly keySelector: KeySelectorFn,
    private readonly assigner: WindowAssigner,
    private readonly fn: WindowFunctionSpec,
    private readonly allowedLatenessMs: number,
    private readonly lateTagId: string | null,
  ) {
    this.trigger = assigner.effectiveTrigger() as Trigger<unknown>;
    this.needsTimestamps = assigner.isEventTime && assigner.kind !== "global";
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
  }

  // ---------------- input ----------------

  processBatch(batch: Batch): void {
    const { values, timestamps, length } = batch;
    let accepted = 0;
    let late = 0;
    let failed = 0;
    let i = 0;
    while (i < length) {
      try {
        for (; i < length; i++) {
          const value = values[i];
          const ts = timestamps[i] as number;
          const key = this.keySelector(value);
          const bad = invalidKeyReason(key);
          if (bad !== null) {
            failed++;
            this.ctx.deadLetter(value, bad);
            continue;
          }
          if (this.needsTimestamps && Number.isNaN(ts)) {
            failed++;
            this.ctx.deadLetter(value, "record has no event timestamp: call assignTimestamps(…) before an event-time window");
            continue;
          }
          if (this.processElement(key, value, ts)) {
            accepted++;
          } else {
            late++;
            if (this.lateTagId !== null) this.ctx.emitSide(this.lateTagId, value, ts);
          }
        }
      } catch (error) {
        failed++;
        this.ctx.deadLetter(values[i], `window function threw ${describeError(error)}`);
        i++;
      }
    }
    const c = this.ctx.counters;
    c.out += accepted;
    c.late += late;
  }

  /** Returns false when the element was late for every window. */
  private processElement(key: Key, value: unknown, ts: number): boolean {
    const assignTime = this.assigner.isEventTime ? ts : this.ctx.clock.now();
    let skipped = true;
    for (const assigned of this.assigner.assignWindows(assignTime)) {
      const window = this.assigner.isMerging ? this.mergedWindowFor(key, assigned) : assigned;
      if (this.isWindowLate(window)) continue;
      skipped = false;
      const ws = this.assigner.isMerging ? this.mergeInto(key, assigned, window) : this.stateFor(key, window);
      this.addToContents(ws, value);
      this.current = ws;
      this.emitTimestamp = ws.window.maxTimestamp();
      const result = this.trigger.onElement(value, ts, ws.window, this);
      this.apply(ws, result);
      this.registerCleanupTimer(ws);
    }
    return !skipped;
  }

  private addToContents(ws: WindowState, value: unknown): void {
    if (this.fn.kind === "aggregate") {
      const agg = this.fn.aggregate;
      ws.acc = agg.add(value, ws.hasContents ? ws.acc : agg.createAccumulator());
    } else {
      (ws.elements ??= []).push(value);
    }
    ws.hasContents = true;
  }

  private stateFor(key: Key, window: TimeWindow): WindowState {
    let windows = this.keys.get(key);
    if (windows === undefined) this.keys.set(key, (windows = new Map()));
    const id = windowId(window);
    let ws = windows.get(id);
    if (ws === undefined) windows.set(id, (ws = new WindowState(key, window)));
    return ws;
  }

  // ---------------- merging (sessions) ----------------

  /** The window `assigned` becomes after merging with the key's overlapping sessions. */
  private mergedWindowFor(key: Key, assigned: TimeWindow): TimeWindow {
    let merged = assigned;
    const windows = this.keys.get(key);
    if (windows === undefined) return merged;
    // Merging can chain: a grown window may now touch another session.
    let grew = true;
    while (grew) {
      grew = false;
      for (const ws of windows.values()) {
        if (ws.window.intersects(merged) && !(ws.window.start >= merged.start && ws.window.end <= merged.end)) {
          merged = merged.cover(ws.window);
          grew = true;
        }
      }
    }
    return merged;
  }

  /** Merges every session of `key` inside `merged` into one window state (Flink `MergingWindowSet`). */
  private mergeInto(key: Key, assigned: TimeWindow, merged: TimeWindow): WindowState {
    const windows = this.keys.get(key);
    const parts: WindowState[] = [];
    if (windows !== undefined) {
      for (const ws of windows.values()) if (ws.window.start >= merged.start && ws.window.end <= merged.end) parts.push(ws);
    }
    const only = parts[0];
    if (only === undefined || windows === undefined) return this.stateFor(key, assigned);
    if (parts.length === 1 && only.window.equals(merged)) return only;

    const target = new WindowState(key, merged);
    for (const part of parts) {
      if (!part.hasContents) continue;
      if (this.fn.kind === "aggregate") {
        const merge = this.fn.aggregate.merge;
        if (merge === undefined) throw new Error("session windows need AggregateFunction.merge");
        target.acc = target.hasContents ? merge(target.acc, part.acc) : part.acc;
      } else {
        (target.elements ??= []).push(...(part.elements ?? []));
      }
      target.hasContents = true;
    }
    for (const part of parts) windows.delete(windowId(part.window));
    windows.set(windowId(merged), target);
    this.current = target;
    this.mergedAway = parts;
    this.trigger.onMerge(merged, this);
    this.mergedAway = [];
    for (const part of parts) {
      this.current = part;
      this.trigger.clear(part.window, this);
      part.eventTimers.clear();
      part.processingTimers.clear();
    }
    return target;
  }

  mergePartitionedState<V>(descriptor: ValueStateDescriptor<V>, merge: (a: V, b: V) => V): void {
    const target = this.current;
    let acc: V | undefined;
    let found = false;
    for (const part of this.mergedAway) {
      if (!part.triggerState.has(descriptor.name)) continue;
      const v = part.triggerState.get(descriptor.name) as V;
      acc = found ? merge(acc as V, v) : v;
      found = true;
    }
    if (found) target.triggerState.set(descriptor.name, acc);
  }

  // ---------------- firing ----------------

  private apply(ws: WindowState, result: TriggerResult): void {
    if (isFire(result) && ws.hasContents) this.emitWindow(ws);
    if (isPurge(result)) {
      ws.acc = undefined;
      ws.elements = null;
      ws.hasContents = false;
      this.dropIfEmpty(ws);
    }
  }

  private emitWindow(ws: WindowState): void {
    this.emitTimestamp = ws.window.maxTimestamp();
    this.current = ws;
    try {
      if (this.fn.kind === "aggregate") {
        const value = this.fn.aggregate.getResult(ws.acc);
        this.ctx.emit({ key: ws.key, window: ws.window, value }, this.emitTimestamp);
      } else {
        this.fn.process.process(ws.key, this, ws.elements ?? [], this);
      }
    } catch (error) {
      this.ctx.deadLetter({ key: ws.key, window: ws.window }, `window result function threw ${describeError(error)}`, false);
    }
  }

  processWatermark(watermarkMs: number): void {
    this.watermark = watermarkMs;
    this.fireTimers(this.eventTimers, watermarkMs, "event");
    this.ctx.emitWatermark(watermarkMs);
  }

  private fireTimers(heap: TimerHeap<WindowState>, upTo: number, domain: "event" | "processing"): void {
    while (heap.size > 0 && heap.peekTime() <= upTo) {
      const time = heap.peekTime();
      const ws = heap.pop();
      const set = domain === "event" ? ws.eventTimers : ws.processingTimers;
      if (!set.delete(time)) continue;
      if (this.keys.get(ws.key)?.get(windowId(ws.window)) !== ws) continue;
      this.current = ws;
      const result =
        domain === "event"
          ? this.trigger.onEventTime(time, ws.window, this)
          : this.trigger.onProcessingTime(time, ws.window, this);
      this.apply(ws, result);
      const cleanupDomain = this.assigner.isEventTime ? "event" : "processing";
      if (domain === cleanupDomain && time === this.cleanupTime(ws.window)) this.clearAll(ws);
    }
  }

  private clearAll(ws: WindowState): void {
    this.current = ws;
    this.trigger.clear(ws.window, this);
    ws.eventTimers.clear();
    ws.processingTimers.clear();
    ws.triggerState.clear();
    ws.hasContents = false;
    this.dropIfEmpty(ws);
  }

  /** Forgets a window holding nothing, and its key when that was the key's last window. */
  private dropIfEmpty(ws: WindowState): void {
    if (ws.hasContents || ws.triggerState.size > 0 || ws.eventTimers.size > 0 || ws.processingTimers.size > 0) return;
    const windows = this.keys.get(ws.key);
    if (windows === undefined || windows.get(windowId(ws.window)) !== ws) return;
    windows.delete(windowId(ws.window));
    if (windows.size === 0) this.keys.delete(ws.key);
  }

  private cleanupTime(w: TimeWindow): number {
    return this.assigner.isEventTime ? w.maxTimestamp() + this.allowedLatenessMs : w.maxTimestamp();
  }

  private isWindowLate(w: TimeWindow): boolean {
    return this.assigner.isEventTime && this.cleanupTime(w) <= this.watermark;
  }

  private registerCleanupTimer(ws: WindowState): void {
    const t = this.cleanupTime(ws.window);
    if (t === Infinity) return;
    const saved = this.current;
    this.current = ws;
    if (this.assigner.isEventTime) this.registerEventTimeTimer(t);
    else this.registerProcessingTimeTimer(t);
    this.current = saved;
  }

  close(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
  }

  // ---------------- checkpoints ----------------

  /**
   * Every live (key, window) with its contents, trigger state and timers; both timer heaps in
   * firing order, leaving out entries of windows already dropped (they can never fire: a dropped
   * window state is never live again); the watermark. The processing-time callback is
   * re-scheduled by {@link restoreState}.
   */
  snapshotState(): WindowOperatorState {
    const index = new Map<WindowState, number>();
    const windows: WindowEntry[] = [];
    for (const byWindow of this.keys.values()) {
      for (const ws of byWindow.values()) {
        index.set(ws, windows.length);
        windows.push({
          key: ws.key,
          start: ws.window.start,
          end: ws.window.end,
          hasContents: ws.hasContents,
          acc: ws.acc,
          elements: ws.elements === null ? null : [...ws.elements],
          triggerState: new Map(ws.triggerState),
          eventTimers: [...ws.eventTimers],
          processingTimers: [...ws.processingTimers],
        });
      }
    }
    const live = (ws: WindowState): number | undefined => index.get(ws);
    return {
      kind: KIND,
      version: VERSION,
      function: this.fn.kind,
      windows,
      eventTimers: this.eventTimers.snapshot(live),
      processingTimers: this.processingTimers.snapshot(live),
      watermark: this.watermark,
    };
  }

  restoreState(state: unknown): void {
    const s = readOperatorState<WindowOperatorState>(state, KIND, VERSION);
    if (s.function !== this.fn.kind) {
      throw new Error(`the checkpoint holds windows of a ${s.function} function, this window operator runs a ${this.fn.kind} function`);
    }
    this.keys.clear();
    const states = s.windows.map((e) => {
      const window = e.start === -Infinity && e.end === Infinity ? GLOBAL_WINDOW : new TimeWindow(e.start, e.end);
      const ws = new WindowState(e.key, window);
      ws.hasContents = e.hasContents;
      ws.acc = e.acc;
      ws.elements = e.elements === null ? null : [...e.elements];
      for (const [name, v] of e.triggerState) ws.triggerState.set(name, v);
      for (const t of e.eventTimers) ws.eventTimers.add(t);
      for (const t of e.processingTimers) ws.processingTimers.add(t);
      let byWindow = this.keys.get(e.key);
      if (byWindow === undefined) this.keys.set(e.key, (byWindow = new Map()));
      byWindow.set(windowId(window), ws);
      return ws;
    });
    const at = (i: number): WindowState => {
      const ws = states[i];
      if (ws === undefined) throw new Error(`window timer state is corrupt (window #${i} of ${states.length})`);
      return ws;
    };
    this.eventTimers.restore(s.eventTimers, at);
    this.processingTimers.restore(s.processingTimers, at);
    this.watermark = s.watermark;
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    this.scheduledAt = Infinity;
    const next = this.processingTimers.peekTime();
    if (next < Infinity) this.scheduleProcessing(next);
  }

  /** Keys holding any window state (tests check that dead keys are freed). */
  liveKeyCount(): number {
    return this.keys.size;
  }

  // ---------------- TriggerContext / WindowContext / Collector ----------------

  currentWatermark(): number {
    return this.watermark;
  }

  currentProcessingTime(): number {
    return this.ctx.clock.now();
  }

  get window(): TimeWindow {
    return this.current.window;
  }

  registerEventTimeTimer(timeMs: number): void {
    const ws = this.current;
    if (ws.eventTimers.has(timeMs)) return;
    ws.eventTimers.add(timeMs);
    this.eventTimers.push(timeMs, ws);
  }

  deleteEventTimeTimer(timeMs: number): void {
    this.current.eventTimers.delete(timeMs);
  }

  registerProcessingTimeTimer(timeMs: number): void {
    const ws = this.current;
    if (ws.processingTimers.has(timeMs)) return;
    ws.processingTimers.add(timeMs);
    this.processingTimers.push(timeMs, ws);
    if (timeMs < this.scheduledAt) this.scheduleProcessing(timeMs);
  }

  deleteProcessingTimeTimer(timeMs: number): void {
    this.current.processingTimers.delete(timeMs);
  }

  getPartitionedState<V>(descriptor: ValueStateDescriptor<V>): ValueState<V> {
    const ws = this.current;
    const name = descriptor.name;
    return {
      value: () => (ws.triggerState.has(name) ? (ws.triggerState.get(name) as V) : descriptor.defaultValue),
      update: (v: V) => void ws.triggerState.set(name, v),
      clear: () => void ws.triggerState.delete(name),
    };
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.ctx.emitSide(tag.id, value, this.emitTimestamp);
  }

  collect(value: unknown): void {
    this.ctx.emit(value, this.emitTimestamp);
  }

  private scheduleProcessing(atMs: number): void {
    this.cancelScheduled?.();
    this.scheduledAt = atMs;
    this.cancelScheduled = this.ctx.scheduleProcessingTime(atMs, () => {
      this.scheduledAt = Infinity;
      this.cancelScheduled = null;
      this.fireTimers(this.processingTimers, this.ctx.clock.now(), "processing");
      const next = this.processingTimers.peekTime();
      if (next < Infinity) this.scheduleProcessing(next);
    });
  }
}
