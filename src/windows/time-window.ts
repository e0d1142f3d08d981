/**
 * A window `[start, end)` in ms. `maxTimestamp()` is `end − 1`, the last timestamp inside it;
 * an event-time window fires when the watermark reaches it. The global window is
 * `[−∞, +∞)` and never ends.
 * @public
 */
export class TimeWindow {
  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    Object.freeze(this);
  }

  maxTimestamp(): number {
    return this.end - 1;
  }

  /** True when the windows overlap or touch (Flink's `TimeWindow.intersects`), so sessions merge. */
  intersects(other: TimeWindow): boolean {
    return this.start <= other.end && this.end >= other.start;
  }

  /** The smallest window containing both. */
  cover(other: TimeWindow): TimeWindow {
    return new TimeWindow(Math.min(this.start, other.start), Math.max(this.end, other.end));
  }

  equals(other: TimeWindow): boolean {
    return this.start === other.start && this.end === other.end;
  }

  toJSON(): { start: number; end: number } {
    return { start: this.start, end: this.end };
  }
}

/** The single window of {@link globalWindow} and {@link countWindow}. @public */
export const GLOBAL_WINDOW = new TimeWindow(-Infinity, Infinity);

/**
 * Start of the window of length `size` containing `timestamp`, aligned to `offset`
 * (Flink's `TimeWindow.getWindowStartWithOffset`, correct for negative timestamps).
 */
export function windowStart(timestamp: number, offset: number, size: number): number {
  const rem = (timestamp - offset) % size;
  return rem < 0 ? timestamp - (rem + size) : timestamp - rem;
}
