import { ConfigError, rejectUnknownOptions, requireInteger, requirePositiveMs } from "../errors.js";

/** Which clock a state TTL is measured in. @public */
export type TtlTimeCharacteristic = "processing" | "event";

/** Which accesses restart an entry's TTL (Flink's `StateTtlConfig.UpdateType`). @public */
export type TtlUpdateType = "onCreateAndWrite" | "onReadAndWrite";

/**
 * Time to live of keyed state (Flink's `StateTtlConfig`), given to a state descriptor as
 * `{ ttl: … }`. Each entry — a value, a list element, a map entry — carries the time it was
 * last written (or read, with `"onReadAndWrite"`) and expires `ttlMs` later.
 *
 * @remarks
 * Expired entries are never returned (Flink's `NeverReturnExpired`, the only visibility
 * offered): a value reads as the descriptor's default, a list or map without its expired
 * elements. They are removed on access, a few at a time as the operator works (Flink's
 * incremental cleanup: `incrementalCleanupSize` keys of each TTL state checked per record,
 * per fired timer and per watermark), and all of them when a checkpoint is taken (Flink's
 * `cleanupFullSnapshot`), so a checkpoint holds only live entries. Restored, entries keep the
 * times they were stamped with and expire when they would have.
 *
 * - `"processing"`: the pipeline's clock, read once per batch and per timer.
 * - `"event"`: an access is stamped with the event time of the record being processed (the
 *   watermark if that is earlier or the record has no timestamp), of the event-time timer
 *   firing, or, in a processing-time timer, with the watermark; an entry expires once the watermark — within an event-time timer, the timer's
 *   time — reaches its stamp + `ttlMs`. Nothing expires before the first watermark.
 *
 * TTL applies to the keyed state of `KeyedStream.process`; trigger state ignores it.
 * @example
 * ```ts
 * import { ValueStateDescriptor, type StateTtlConfig } from "streamine";
 * const ttl: StateTtlConfig = { ttlMs: 60_000 };
 * const d = new ValueStateDescriptor("count", 0, { ttl });
 * expect(d.ttl).toEqual({
 *   ttlMs: 60_000,
 *   timeCharacteristic: "processing",
 *   updateType: "onCreateAndWrite",
 *   incrementalCleanupSize: 5,
 * });
 * expect(new ValueStateDescriptor("count", 0).ttl).toBeNull();
 * ```
 * @public
 */
export interface StateTtlConfig {
  /** How long an entry lives after its last update, in ms (a whole number > 0). */
  readonly ttlMs: number;
  /**
   * The clock TTL is measured in; default `"processing"`, as in Flink (whose only choice it
   * is): event-time TTL needs watermarks, and without them state would never expire.
   */
  readonly timeCharacteristic?: TtlTimeCharacteristic;
  /** Default `"onCreateAndWrite"` (Flink's default): reads do not extend an entry's life. */
  readonly updateType?: TtlUpdateType;
  /**
   * Keys of each TTL state checked for expired entries per record, per fired timer and per
   * watermark; default 5 (Flink's `cleanupIncrementally` default). 0 turns incremental cleanup
   * off: expired entries then go only when read or when a checkpoint is taken.
   */
  readonly incrementalCleanupSize?: number;
}

const OPTIONS = ["ttlMs", "timeCharacteristic", "updateType", "incrementalCleanupSize"];

/** Checks a descriptor's options and returns its `ttl` with the defaults filled in; null without one. @internal */
export function resolveTtl(where: string, options: { readonly ttl?: StateTtlConfig }): Readonly<Required<StateTtlConfig>> | null {
  if (typeof options !== "object" || options === null) throw new ConfigError(`${where}: options must be an object such as { ttl: { ttlMs: 60_000 } }`);
  rejectUnknownOptions(where, options, ["ttl", "serializer"]);
  const ttl = options.ttl;
  if (ttl === undefined) return null;
  if (typeof ttl !== "object" || ttl === null) throw new ConfigError(`${where}: ttl must be an object such as { ttlMs: 60_000 }`);
  rejectUnknownOptions(`${where}: ttl`, ttl, OPTIONS);
  requirePositiveMs(where, "ttl.ttlMs", ttl.ttlMs);
  const { timeCharacteristic = "processing", updateType = "onCreateAndWrite", incrementalCleanupSize = 5 } = ttl;
  if (timeCharacteristic !== "processing" && timeCharacteristic !== "event") {
    throw new ConfigError(`${where}: ttl.timeCharacteristic must be "processing" or "event", got ${JSON.stringify(timeCharacteristic)}`);
  }
  if (updateType !== "onCreateAndWrite" && updateType !== "onReadAndWrite") {
    throw new ConfigError(`${where}: ttl.updateType must be "onCreateAndWrite" or "onReadAndWrite", got ${JSON.stringify(updateType)}`);
  }
  requireInteger(where, "ttl.incrementalCleanupSize", incrementalCleanupSize, 0);
  return Object.freeze({ ttlMs: ttl.ttlMs, timeCharacteristic, updateType, incrementalCleanupSize });
}

/** Whether two resolved TTL settings are the same (null: no TTL). @internal */
export function sameTtl(a: Readonly<Required<StateTtlConfig>> | null, b: Readonly<Required<StateTtlConfig>> | null): boolean {
  if (a === null || b === null) return a === b;
  return a.ttlMs === b.ttlMs && a.timeCharacteristic === b.timeCharacteristic && a.updateType === b.updateType && a.incrementalCleanupSize === b.incrementalCleanupSize;
}
