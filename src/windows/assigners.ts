import { ConfigError, requireInteger, requirePositiveMs } from "../errors.js";
import { GLOBAL_WINDOW, TimeWindow, windowStart } from "./time-window.js";
import { triggers, type Trigger } from "./triggers/index.js";

/** @public */
export type WindowKind = "tumbling" | "sliding" | "session" | "global";
/** @public */
export type TimeDomain = "event" | "processing";

/**
 * Assigns each element to windows (Flink's `WindowAssigner`). Assigners are immutable
 * descriptions; `.trigger(t)` returns a copy with a custom trigger. Build them with
 * {@link tumbling}, {@link sliding}, {@link session}, {@link countWindow}, {@link globalWindow}
 * or their `…ProcessingTime` variants.
 * @public
 */
export class WindowAssigner {
  /** @internal */
  constructor(
    readonly kind: WindowKind,
    readonly timeDomain: TimeDomain,
    /** Window length (tumbling, sliding) in ms; 0 otherwise. */
    readonly sizeMs: number,
    /** Distance between window starts (sliding; = size for tumbling) in ms. */
    readonly slideMs: number,
    /** Alignment offset of window starts in ms. */
    readonly offsetMs: number,
    /** Inactivity gap of session windows in ms; 0 otherwise. */
    readonly gapMs: number,
    /** The trigger set with `.trigger()`, or null for the default. */
    readonly customTrigger: Trigger<never> | null,
    readonly description: string,
  ) {}

  get isMerging(): boolean {
    return this.kind === "session";
  }

  get isEventTime(): boolean {
    return this.timeDomain === "event";
  }

  /** Windows containing an element with this timestamp (event time or arrival processing time). */
  assignWindows(timestampMs: number): TimeWindow[] {
    switch (this.kind) {
      case "tumbling": {
        const start = windowStart(timestampMs, this.offsetMs, this.sizeMs);
        return [new TimeWindow(start, start + this.sizeMs)];
      }
      case "sliding": {
        const out: TimeWindow[] = [];
        const last = windowStart(timestampMs, this.offsetMs, this.slideMs);
        for (let start = last; start > timestampMs - this.sizeMs; start -= this.slideMs) {
          out.push(new TimeWindow(start, start + this.sizeMs));
        }
        return out;
      }
      case "session":
        return [new TimeWindow(timestampMs, timestampMs + this.gapMs)];
      case "global":
        return [GLOBAL_WINDOW];
    }
  }

  /** The trigger used when none is set: event time, processing time, or never for the global window. */
  defaultTrigger(): Trigger<never> {
    if (this.kind === "global") return triggers.never();
    return this.isEventTime ? triggers.eventTime() : triggers.processingTime();
  }

  /** The trigger in effect. */
  effectiveTrigger(): Trigger<never> {
    return this.customTrigger ?? this.defaultTrigger();
  }

  /** A copy of this assigner that uses `trigger` instead of the default. */
  trigger(trigger: Trigger<never>): WindowAssigner {
    if (typeof trigger?.onElement !== "function") throw new ConfigError("trigger: expected a Trigger, e.g. triggers.count(100)");
    if (this.isMerging && !trigger.canMerge()) {
      throw new ConfigError(`trigger: ${this.description} merges windows, but ${trigger.description} cannot merge (canMerge() is false)`);
    }
    return new WindowAssigner(
      this.kind,
      this.timeDomain,
      this.sizeMs,
      this.slideMs,
      this.offsetMs,
      this.gapMs,
      trigger,
      `${this.description}.trigger(${trigger.description})`,
    );
  }
}

function checkOffset(where: string, offsetMs: number, bound: number, boundName: string): void {
  if (!Number.isSafeInteger(offsetMs) || Math.abs(offsetMs) >= bound) {
    throw new ConfigError(`${where}: offsetMs must be a whole number of ms with abs(offsetMs) < ${boundName} (${bound}), got ${offsetMs}`);
  }
}

function makeTumbling(domain: TimeDomain, sizeMs: number, offsetMs: number): WindowAssigner {
  const name = domain === "event" ? "tumbling" : "tumblingProcessingTime";
  requirePositiveMs(name, "sizeMs", sizeMs);
  checkOffset(name, offsetMs, sizeMs, "sizeMs");
  return new WindowAssigner("tumbling", domain, sizeMs, sizeMs, offsetMs, 0, null, `${name}(${sizeMs})`);
}

function makeSliding(domain: TimeDomain, sizeMs: number, slideMs: number, offsetMs: number): WindowAssigner {
  const name = domain === "event" ? "sliding" : "slidingProcessingTime";
  requirePositiveMs(name, "sizeMs", sizeMs);
  requirePositiveMs(name, "slideMs", slideMs);
  if (slideMs > sizeMs) {
    throw new ConfigError(`${name}: slideMs must be in (0, sizeMs] (got slideMs ${slideMs} > sizeMs ${sizeMs})`);
  }
  checkOffset(name, offsetMs, slideMs, "slideMs");
  return new WindowAssigner("sliding", domain, sizeMs, slideMs, offsetMs, 0, null, `${name}(${sizeMs}, ${slideMs})`);
}

function makeSession(domain: TimeDomain, gapMs: number): WindowAssigner {
  const name = domain === "event" ? "session" : "sessionProcessingTime";
  requirePositiveMs(name, "gapMs", gapMs);
  return new WindowAssigner("session", domain, 0, 0, 0, gapMs, null, `${name}(${gapMs})`);
}

/**
 * Event-time tumbling windows `[k·size + offset, (k+1)·size + offset)`.
 * @param sizeMs - window length in ms, > 0
 * @param offsetMs - alignment offset in ms, `abs(offsetMs) < sizeMs`; default 0
 * @example
 * ```ts
 * import { tumbling } from "streamine";
 * const [w] = tumbling(60_000).assignWindows(61_500);
 * expect([w!.start, w!.end]).toEqual([60_000, 120_000]);
 * ```
 * @public
 */
export function tumbling(sizeMs: number, offsetMs = 0): WindowAssigner {
  return makeTumbling("event", sizeMs, offsetMs);
}

/**
 * Event-time sliding windows: every `[start, start + size)` whose start is a multiple of
 * `slideMs` (plus offset) and that contains the timestamp. `sizeMs` need not be a multiple of
 * `slideMs`. The aggregate path computes them from slices of `gcd(size, slide)` ms, so each
 * record updates one slice, not `size / slide` windows.
 * @param sizeMs - window length in ms, > 0
 * @param slideMs - distance between starts in ms, in (0, sizeMs]
 * @param offsetMs - alignment offset, `abs(offsetMs) < slideMs`; default 0
 * @example
 * ```ts
 * import { sliding } from "streamine";
 * const starts = sliding(10_000, 5_000).assignWindows(12_000).map((w) => w.start);
 * expect(starts).toEqual([10_000, 5_000]);
 * ```
 * @public
 */
export function sliding(sizeMs: number, slideMs: number, offsetMs = 0): WindowAssigner {
  return makeSliding("event", sizeMs, slideMs, offsetMs);
}

/**
 * Event-time session windows: each element opens `[ts, ts + gap)`; windows of one key that
 * overlap or touch merge (Flink's `EventTimeSessionWindows`). Aggregates need `merge`.
 * @param gapMs - inactivity gap in ms, > 0
 * @public
 */
export function session(gapMs: number): WindowAssigner {
  return makeSession("event", gapMs);
}

/**
 * Count windows: per key, every `size` elements in arrival order form a window that fires
 * and is purged; a trailing partial window never fires (Flink's `countWindow(size)`:
 * global window + purging count trigger). The result's window is the global window.
 * @param size - elements per window, integer ≥ 1
 * @public
 */
export function countWindow(size: number): WindowAssigner {
  requireInteger("countWindow", "size", size, 1);
  return globalWindow().trigger(triggers.purging(triggers.count(size)));
}

/**
 * One window per key holding every element; it never fires unless given a trigger:
 * `globalWindow().trigger(triggers.count(100))`.
 * @public
 */
export function globalWindow(): WindowAssigner {
  return new WindowAssigner("global", "event", 0, 0, 0, 0, null, "globalWindow()");
}

/** Tumbling windows over processing time (arrival clock), fired by the clock. @public */
export function tumblingProcessingTime(sizeMs: number, offsetMs = 0): WindowAssigner {
  return makeTumbling("processing", sizeMs, offsetMs);
}

/** Sliding windows over processing time (arrival clock), fired by the clock. @public */
export function slidingProcessingTime(sizeMs: number, slideMs: number, offsetMs = 0): WindowAssigner {
  return makeSliding("processing", sizeMs, slideMs, offsetMs);
}

/** Session windows over processing time (arrival clock), fired by the clock. @public */
export function sessionProcessingTime(gapMs: number): WindowAssigner {
  return makeSession("processing", gapMs);
}
