import type { Key } from "../api/functions.js";

/** Sentinel for "no accumulator": accumulators themselves may be any value. @internal */
export const NONE: unique symbol = Symbol("none");
export type MaybeAcc = unknown;

/**
 * The accumulators of one time slice `[index·g + offset, (index+1)·g + offset)`, one per key,
 * stored column-wise (keys[], accs[]) so a slice holds no object per key.
 * @internal
 */
export class Slice {
  readonly keys: Key[] = [];
  readonly accs: unknown[] = [];
  readonly pos = new Map<Key, number>();
  constructor(readonly index: number) {}
}

/**
 * Prefix and suffix aggregates over a block of `n` consecutive slices (the "two-block"
 * sliding-window scheme): any window of `n` slices is a suffix of one block merged with a prefix
 * of the next, so each window costs one merge per key instead of `n`. Row `p` of the flat arrays
 * (`p·n … p·n + n − 1`) belongs to `keys[p]`.
 * @internal
 */
export class SliceBlock {
  readonly keys: Key[] = [];
  readonly pos = new Map<Key, number>();
  readonly prefix: unknown[] = [];
  readonly suffix: unknown[] = [];
  /** Offsets 0…prefixValidTo of `prefix` are current. */
  prefixValidTo = -1;
  suffixValid = false;

  constructor(
    readonly index: number,
    private readonly n: number,
  ) {}

  slotOf(key: Key): number {
    let p = this.pos.get(key);
    if (p === undefined) {
      p = this.keys.length;
      this.pos.set(key, p);
      this.keys.push(key);
      for (let o = 0; o < this.n; o++) {
        this.prefix.push(NONE);
        this.suffix.push(NONE);
      }
    }
    return p;
  }

  /** Marks aggregates that include slice offset `o` as stale. */
  invalidate(o: number): void {
    this.suffixValid = false;
    if (this.prefixValidTo >= o) this.prefixValidTo = o - 1;
  }
}
