// Input of the window benchmarks (issue 3 §6): keyed records with 1 ms event-time steps and
// bounded disorder, generated from a seeded RNG so every run sees the same array.
import { Random } from "../../algorithms/base/random.js";

/** One input record. `v` is a small integer, so every sum is exact and order-independent. */
export interface BenchRecord {
  readonly key: string;
  readonly ts: number;
  readonly v: number;
}

/** Shape of the benchmark job (shared by the pipeline and the hand loop). */
export interface BenchSpec {
  readonly records: number;
  readonly keys: number;
  /** Records are up to this many ms earlier than their position: ts = i − U{0…maxDisorderMs}. */
  readonly maxDisorderMs: number;
  readonly boundMs: number;
  readonly sizeMs: number;
  /** Equal to `sizeMs` for tumbling windows. */
  readonly slideMs: number;
  readonly batchSize: number;
}

export const RECORDS = 2_000_000;
export const MAX_DISORDER_MS = 1_500;
export const BOUND_MS = 2_000;
export const SIZE_MS = 60_000;
export const SLIDE_MS = 1_000;
export const BATCH_SIZE = 1_024;

export function tumblingSpec(keys: number, records = RECORDS): BenchSpec {
  return { records, keys, maxDisorderMs: MAX_DISORDER_MS, boundMs: BOUND_MS, sizeMs: SIZE_MS, slideMs: SIZE_MS, batchSize: BATCH_SIZE };
}

export function slidingSpec(keys: number, records = RECORDS): BenchSpec {
  return { records, keys, maxDisorderMs: MAX_DISORDER_MS, boundMs: BOUND_MS, sizeMs: SIZE_MS, slideMs: SLIDE_MS, batchSize: BATCH_SIZE };
}

/**
 * `n` records over `keys` keys ("k0" … "k{keys−1}", one string instance per key, as a
 * deserializer with interning would give): record i has ts = i − U{0…maxDisorderMs}, so the
 * disorder stays below a 2 s bound and no record is late.
 */
export function generateRecords(n: number, keys: number, maxDisorderMs: number, seed = 42): BenchRecord[] {
  const rng = new Random(seed);
  const names: string[] = [];
  for (let k = 0; k < keys; k++) names.push(`k${k}`);
  const out = new Array<BenchRecord>(n);
  for (let i = 0; i < n; i++) {
    const key = names[rng.nextInt(keys)] ?? "k0";
    // `| 0`: small integers, as JSON.parse would give (pure-rand returns them as doubles)
    out[i] = { key, ts: (i - rng.nextInt(maxDisorderMs + 1)) | 0, v: rng.nextInt(100) | 0 };
  }
  return out;
}

/**
 * What a run produced, for checking that the pipeline and the hand loop agree: the number of
 * (key, window) results, the sum of their values and an order-independent fingerprint that
 * also depends on each result's window start (all exact integer arithmetic).
 */
export class ResultCheck {
  count = 0;
  total = 0;
  fingerprint = 0;

  add(key: string, windowStart: number, value: number): void {
    this.count++;
    this.total += value;
    // mod 2^31 − 1 keeps every intermediate below 2^53
    const w = (((windowStart / 1_000) % 65_521) + 65_521) % 65_521;
    const h = hashKey(key);
    this.fingerprint = (this.fingerprint + ((value * (w + 1)) % 2_147_483_647) * (h + 1)) % 2_147_483_647;
  }

  equals(other: ResultCheck): boolean {
    return this.count === other.count && this.total === other.total && this.fingerprint === other.fingerprint;
  }

  toString(): string {
    return `${this.count} results, Σ=${this.total}, fingerprint ${this.fingerprint}`;
  }
}

function hashKey(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) % 1_021;
  return h;
}
