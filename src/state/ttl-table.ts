import type { StateTtlConfig } from "./ttl-config.js";

type Ttl = Readonly<Required<StateTtlConfig>>;

/**
 * The times TTL state is checked against and stamped with. The operator sets them before it
 * calls user code (see {@link StateTtlConfig} for their meaning), so a state access reads a
 * field instead of a clock.
 * @internal
 */
export class TtlTime {
  /** Processing time now. */
  processingMs = -Infinity;
  /** Event time entries are checked against: the watermark, or the time of the event-time timer firing. */
  eventMs = -Infinity;
  /** Event time an access is stamped with: the record's timestamp (not below the watermark) or the timer's time. */
  eventAccessMs = -Infinity;

  /** Outside records and event-time timers: event time is the watermark. */
  set(processingMs: number, watermarkMs: number): void {
    this.processingMs = processingMs;
    this.eventMs = watermarkMs;
    this.eventAccessMs = watermarkMs;
  }
}

/**
 * The last-access times of one TTL state, beside its data in a map of the same keys: a number
 * per value, an array parallel to each list, a map parallel to each map. State without a TTL has
 * no such table, so its entries stay bare values and its handles do no extra work.
 * @internal
 */
export abstract class TtlTable<K, S> {
  readonly stamps = new Map<K, S>();
  /** Where the incremental cleanup resumes: a live iterator over the keys (JS map iterators survive updates). */
  private cursor: Iterator<K> | null = null;
  private readonly event: boolean;

  constructor(
    readonly data: Map<K, unknown>,
    readonly ttl: Ttl,
    private readonly time: TtlTime,
  ) {
    this.event = ttl.timeCharacteristic === "event";
  }

  /** The time expiry is checked against. */
  protected now(): number {
    return this.event ? this.time.eventMs : this.time.processingMs;
  }

  /** The time an access is stamped with. */
  stampTime(): number {
    return this.event ? this.time.eventAccessMs : this.time.processingMs;
  }

  /** Written as a difference so that infinite times compare sanely: nothing expires at −∞, or when stamped at +∞. */
  protected expired(stamp: number): boolean {
    return this.now() - stamp >= this.ttl.ttlMs;
  }

  /** Drops the expired entries of key `k`; returns whether `k` still holds state. */
  abstract purge(k: K): boolean;

  /** Appends the stamps of key `k` to `out`, in the order of its entries (for a checkpoint). */
  abstract appendStamps(k: K, out: number[]): void;

  /** Sets the stamps of key `k`, whose entry `value` was just restored, taking them from `next` in entry order. */
  abstract restoreStamps(k: K, value: unknown, next: () => number): void;

  /** Checks up to `budget` keys, resuming where the last call stopped and wrapping around. */
  cleanup(budget: number): void {
    let n = Math.min(budget, this.data.size);
    while (n-- > 0) {
      let step = this.cursor?.next();
      if (step === undefined || step.done === true) {
        this.cursor = this.data.keys();
        step = this.cursor.next();
        if (step.done === true) return;
      }
      this.purge(step.value);
    }
  }

  /** Forgets every stamp (the data is cleared by the owner). */
  clear(): void {
    this.stamps.clear();
    this.cursor = null;
  }
}
