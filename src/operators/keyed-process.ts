import type {
  Collector,
  Key,
  KeyedProcessFunction,
  KeyedRuntimeContext,
  OnTimerContext,
  TimerService,
} from "../api/functions.js";
import type { OutputTag } from "../api/output-tag.js";
import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import type { Operator, OperatorContext } from "../runtime/operator.js";
import type { ListStateDescriptor, MapStateDescriptor, ValueStateDescriptor } from "../state/descriptors.js";
import { KeyedStateBackend, type KeyedStateSnapshot } from "../state/keyed-state-backend.js";
import { readOperatorState, type OperatorState } from "../state/operator-state.js";
import { TimerHeap, type TimerHeapState } from "../time/timer-heap.js";
import { invalidKeyReason, type KeySelectorFn } from "./key.js";

/** Checkpointed timers of one domain: the heap as it stands (deleted entries too) and the registered (key, time) pairs. */
interface KeyedTimersState {
  readonly heap: TimerHeapState<Key>;
  readonly registered: Map<Key, number[]>;
}

/** What {@link KeyedProcessOperator.snapshotState} returns. */
interface KeyedProcessState extends OperatorState {
  readonly keyed: KeyedStateSnapshot<Key>;
  readonly eventTimers: KeyedTimersState;
  readonly processingTimers: KeyedTimersState;
  readonly watermark: number;
}

const KIND = "keyed-process";
const VERSION = 1;

const describeFailure = (error: unknown): string => `keyed process function threw ${describeError(error)}`;

/** Timers of one time domain, registered once per (key, time); deleted timers are skipped when popped. */
class KeyedTimers {
  readonly heap = new TimerHeap<Key>();
  private readonly byKey = new Map<Key, Set<number>>();

  register(key: Key, time: number): boolean {
    let set = this.byKey.get(key);
    if (set === undefined) this.byKey.set(key, (set = new Set()));
    if (set.has(time)) return false;
    set.add(time);
    this.heap.push(time, key);
    return true;
  }

  delete(key: Key, time: number): void {
    const set = this.byKey.get(key);
    if (set === undefined) return;
    set.delete(time);
    if (set.size === 0) this.byKey.delete(key);
  }

  /** Pops the earliest timer; returns its key if it is still registered, else undefined. */
  take(time: number): Key | undefined {
    const key = this.heap.pop();
    const set = this.byKey.get(key);
    if (set === undefined || !set.has(time)) return undefined;
    this.delete(key, time);
    return key;
  }

  get keyCount(): number {
    return this.byKey.size;
  }

  /**
   * Deleted timers stay in the heap and are kept: re-registered, such an entry fires in its
   * original place among timers of the same time, and a restored heap must do the same.
   */
  snapshot(): KeyedTimersState {
    const registered = new Map<Key, number[]>();
    for (const [key, times] of this.byKey) registered.set(key, [...times]);
    return { heap: this.heap.snapshot((key) => key), registered };
  }

  restore(state: KeyedTimersState): void {
    this.heap.restore(state.heap, (key) => key);
    this.byKey.clear();
    for (const [key, times] of state.registered) this.byKey.set(key, new Set(times));
  }
}

/**
 * Runs a {@link KeyedProcessFunction} with keyed state and event- and processing-time timers.
 * One context object serves every call; state handles resolve against the current key. With TTL
 * state, it keeps the backend's TTL times current (the clock per batch and per timer, the
 * record's or timer's event time) and pays for incremental cleanup per record, timer and watermark.
 * @internal
 */
export class KeyedProcessOperator implements Operator, OnTimerContext<Key>, TimerService, Collector<unknown>, KeyedRuntimeContext {
  private ctx!: OperatorContext;
  readonly state = new KeyedStateBackend<Key>();
  readonly eventTimers = new KeyedTimers();
  readonly processingTimers = new KeyedTimers();
  private key: Key = "";
  private ts = NaN;
  /** Timestamp of records emitted now: the input's, an event-time timer's, none (NaN) for processing time. */
  private outputTs = NaN;
  private domain: "event" | "processing" = "event";
  private watermark = -Infinity;
  private scheduledAt = Infinity;
  private cancelScheduled: (() => void) | null = null;

  constructor(
    private readonly keySelector: KeySelectorFn,
    private readonly fn: KeyedProcessFunction<Key, unknown, unknown>,
    /** The dead-letter reason of a record whose `processElement` threw (operators built on this one word it their way). */
    private readonly failureReason: (error: unknown) => string = describeFailure,
  ) {}

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.fn.open?.(this);
  }

  // KeyedRuntimeContext
  getState<V>(d: ValueStateDescriptor<V>) {
    return this.state.getValueState(d);
  }
  getListState<V>(d: ListStateDescriptor<V>) {
    return this.state.getListState(d);
  }
  getMapState<UK, UV>(d: MapStateDescriptor<UK, UV>) {
    return this.state.getMapState(d);
  }

  // contexts
  timestamp(): number {
    return this.ts;
  }
  currentWatermark(): number {
    return this.watermark;
  }
  currentProcessingTime(): number {
    return this.ctx.clock.now();
  }
  getCurrentKey(): Key {
    return this.key;
  }
  timerService(): TimerService {
    return this;
  }
  timeDomain(): "event" | "processing" {
    return this.domain;
  }
  output<X>(tag: OutputTag<X>, value: X): void {
    this.ctx.emitSide(tag.id, value, this.outputTs);
  }
  collect(value: unknown): void {
    this.ctx.emit(value, this.outputTs);
  }

  // TimerService
  registerEventTimeTimer(timeMs: number): void {
    this.eventTimers.register(this.key, timeMs);
  }
  deleteEventTimeTimer(timeMs: number): void {
    this.eventTimers.delete(this.key, timeMs);
  }
  registerProcessingTimeTimer(timeMs: number): void {
    if (this.processingTimers.register(this.key, timeMs) && timeMs < this.scheduledAt) this.scheduleProcessing(timeMs);
  }
  deleteProcessingTimeTimer(timeMs: number): void {
    this.processingTimers.delete(this.key, timeMs);
  }

  processBatch(batch: Batch): void {
    const { values, timestamps, length } = batch;
    const ctx = this.ctx;
    const state = this.state;
    const ttl = state.hasTtl;
    if (ttl) state.time.set(ctx.clock.now(), this.watermark);
    let failed = 0;
    let i = 0;
    while (i < length) {
      try {
        for (; i < length; i++) {
          const value = values[i];
          const key = this.keySelector(value);
          const bad = invalidKeyReason(key);
          if (bad !== null) {
            failed++;
            ctx.deadLetter(value, bad);
            continue;
          }
          this.key = key;
          state.currentKey = key;
          const ts = timestamps[i] as number;
          this.ts = ts;
          this.outputTs = ts;
          // event-time TTL stamps with the record's time, never below the watermark (NaN: none)
          if (ttl) state.time.eventAccessMs = ts >= this.watermark ? ts : this.watermark;
          this.domain = "event";
          this.fn.processElement(value, this, this);
        }
      } catch (error) {
        failed++;
        ctx.deadLetter(values[i], this.failureReason(error));
        i++;
      }
    }
    ctx.counters.out += length - failed;
    if (ttl) state.cleanupIncrementally(length);
  }

  processWatermark(watermarkMs: number): void {
    this.watermark = watermarkMs;
    this.fireDue(this.eventTimers, watermarkMs, "event");
    if (this.state.hasTtl) this.state.cleanupIncrementally(1);
    this.ctx.emitWatermark(watermarkMs);
  }

  close(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
  }

  /**
   * Keyed state of every descriptor (live TTL entries only), both timer domains and the current
   * watermark. The processing-time callback is not state: {@link restoreState} schedules it for
   * the earliest timer.
   */
  snapshotState(): KeyedProcessState {
    this.state.time.set(this.ctx.clock.now(), this.watermark);
    return {
      kind: KIND,
      version: VERSION,
      keyed: this.state.snapshot(),
      eventTimers: this.eventTimers.snapshot(),
      processingTimers: this.processingTimers.snapshot(),
      watermark: this.watermark,
    };
  }

  restoreState(state: unknown): void {
    const s = readOperatorState<KeyedProcessState>(state, KIND, VERSION);
    this.watermark = s.watermark;
    this.state.time.set(this.ctx.clock.now(), s.watermark);
    this.state.restore(s.keyed);
    this.eventTimers.restore(s.eventTimers);
    this.processingTimers.restore(s.processingTimers);
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    this.scheduledAt = Infinity;
    const next = this.processingTimers.heap.peekTime();
    if (next < Infinity) this.scheduleProcessing(next);
  }

  /** Number of keys holding state or timers; tests use it to check that dead keys are freed. */
  liveKeyCount(): number {
    return Math.max(this.state.keyCount(), this.eventTimers.keyCount, this.processingTimers.keyCount);
  }

  /**
   * Fires the timers of `domain` due at `upTo`. For TTL state, event time within an event-time
   * timer is the timer's time; each fired timer pays for one step of incremental cleanup.
   */
  private fireDue(timers: KeyedTimers, upTo: number, domain: "event" | "processing"): void {
    const state = this.state;
    const ttl = state.hasTtl;
    if (ttl) state.time.set(this.ctx.clock.now(), this.watermark);
    let fired = 0;
    while (timers.heap.size > 0 && timers.heap.peekTime() <= upTo) {
      const time = timers.heap.peekTime();
      const key = timers.take(time);
      if (key === undefined) continue;
      this.key = key;
      state.currentKey = key;
      this.ts = time;
      this.outputTs = domain === "event" ? time : NaN;
      this.domain = domain;
      if (ttl && domain === "event") state.time.eventMs = state.time.eventAccessMs = time;
      fired++;
      try {
        this.fn.onTimer?.(time, this, this);
      } catch (error) {
        this.ctx.deadLetter({ key, timerMs: time, domain }, `onTimer threw ${describeError(error)}`, false);
      }
    }
    if (ttl && fired > 0) {
      state.time.set(this.ctx.clock.now(), this.watermark);
      state.cleanupIncrementally(fired);
    }
  }

  private scheduleProcessing(atMs: number): void {
    this.cancelScheduled?.();
    this.scheduledAt = atMs;
    this.cancelScheduled = this.ctx.scheduleProcessingTime(atMs, () => {
      this.scheduledAt = Infinity;
      this.cancelScheduled = null;
      this.fireDue(this.processingTimers, this.ctx.clock.now(), "processing");
      const next = this.processingTimers.heap.peekTime();
      if (next < Infinity) this.scheduleProcessing(next);
    });
  }
}
