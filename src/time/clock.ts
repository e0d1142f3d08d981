/**
 * Processing time. Operators never read `Date.now()` directly: they ask the pipeline's clock,
 * so tests can drive processing time by hand with {@link ManualClock} and never sleep.
 * @public
 */
export interface Clock {
  /** Current processing time in ms. */
  now(): number;
  /** Calls `callback` once `now() >= atMs`. Returns a function that cancels the call. */
  schedule(atMs: number, callback: () => void): () => void;
}

/** Wall-clock time backed by `Date.now()` and `setTimeout`. @public */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  schedule(atMs: number, callback: () => void): () => void {
    const handle = setTimeout(callback, Math.max(0, atMs - Date.now()));
    handle.unref?.();
    return () => clearTimeout(handle);
  }
}

/**
 * A clock that only moves when told to, for tests (Flink's `TestProcessingTimeService`).
 * `advanceTo(t)` runs the due callbacks in time order, each seeing `now()` equal to the time it
 * was scheduled for, then settles at `t`.
 * @example
 * ```ts
 * import { ManualClock } from "streamine";
 * const clock = new ManualClock(0);
 * const fired: number[] = [];
 * clock.schedule(100, () => fired.push(clock.now()));
 * clock.advanceTo(50);
 * expect(fired).toEqual([]);
 * clock.advanceTo(150);
 * expect(fired).toEqual([100]);
 * expect(clock.now()).toBe(150);
 * ```
 * @public
 */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly pending = new Map<number, { atMs: number; callback: () => void }>();

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  schedule(atMs: number, callback: () => void): () => void {
    const id = this.seq++;
    this.pending.set(id, { atMs, callback });
    return () => this.pending.delete(id);
  }

  /** Moves time forward to `timeMs` and runs every due callback in time order (ties: schedule order). */
  advanceTo(timeMs: number): void {
    if (timeMs < this.time) throw new RangeError(`ManualClock.advanceTo: ${timeMs} is before now (${this.time})`);
    for (;;) {
      let nextId = -1;
      let nextAt = Infinity;
      for (const [id, entry] of this.pending) {
        if (entry.atMs <= timeMs && entry.atMs < nextAt) {
          nextAt = entry.atMs;
          nextId = id;
        }
      }
      if (nextId < 0) break;
      const entry = this.pending.get(nextId)!;
      this.pending.delete(nextId);
      this.time = Math.max(this.time, entry.atMs);
      entry.callback();
    }
    this.time = timeMs;
  }

  /** Moves time forward by `ms`. */
  advanceBy(ms: number): void {
    this.advanceTo(this.time + ms);
  }
}
