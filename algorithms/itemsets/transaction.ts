import { EstimatorInputError } from "../base/input-error.js";
import type { SnapshotReader, SnapshotWriter } from "../base/snapshot.js";
import { received } from "../base/validate.js";
import type { Item } from "../base/vector.js";
import { readItem, writeItem } from "../sketches/item.js";

/**
 * The order of items in every itemset the miners return: numbers ascending, then strings by
 * UTF-16 code units (`1` and `"1"` are different items).
 * @internal
 */
export function compareItems(a: Item, b: Item): number {
  if (typeof a === "number") return typeof b === "number" ? a - b : -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Dense integer ids for the items of a stream, in order of first appearance, so the miners work
 * on typed arrays. Ids are never reused.
 * @internal
 */
export class ItemDictionary {
  private readonly ids = new Map<Item, number>();
  private readonly items: Item[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The id of `item`, assigning the next one if it is new. */
  intern(item: Item): number {
    let id = this.ids.get(item);
    if (id === undefined) {
      id = this.items.length;
      this.ids.set(item, id);
      this.items.push(item);
    }
    return id;
  }

  /** The id of `item`, or -1 if it was never interned. */
  find(item: Item): number {
    return this.ids.get(item) ?? -1;
  }

  /** The item of `id` (an id this dictionary returned). */
  item(id: number): Item {
    return this.items[id] as Item;
  }

  write(w: SnapshotWriter): void {
    w.u32(this.items.length);
    for (const item of this.items) writeItem(w, item);
  }

  static read(r: SnapshotReader): ItemDictionary {
    const dict = new ItemDictionary();
    const n = r.u32();
    for (let i = 0; i < n; i++) dict.intern(readItem(r));
    return dict;
  }
}

/**
 * Validates a transaction and interns its items: returns how many distinct ids were written to
 * `into[0..]`, sorted ascending (a transaction is a set: a repeated item counts once). Throws
 * {@link EstimatorInputError} naming `where` for a non-array, or an item that is not a finite
 * number or a string (naming its index), before interning anything. `into` must hold `t.length` ids.
 * @internal
 */
export function readTransaction(where: string, t: unknown, dict: ItemDictionary, into: Int32Array): number {
  checkTransaction(where, t);
  const n = t.length;
  for (let i = 0; i < n; i++) into[i] = dict.intern(t[i] as Item);
  const ids = into.subarray(0, n).sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || ids[i] !== ids[i - 1]) into[m++] = ids[i] as number;
  return m;
}

/** Throws {@link EstimatorInputError} naming `where` unless `t` is an array of finite numbers and strings. @internal */
export function checkTransaction(where: string, t: unknown): asserts t is readonly Item[] {
  if (!Array.isArray(t)) throw new EstimatorInputError(`${where}: a transaction must be an array of items, got ${received(t)}`);
  for (let i = 0; i < t.length; i++) {
    const item: unknown = t[i];
    if (typeof item === "string" || (typeof item === "number" && Number.isFinite(item))) continue;
    throw new EstimatorInputError(`${where}: item ${i} must be a finite number or a string, got ${received(item)}`);
  }
}

/**
 * The least count an itemset needs to be frequent at support `minSupport` over `n` transactions:
 * the smallest integer ≥ minSupport·n, with the product's rounding error forgiven (0.07·100 is
 * 7.000000000000001 in floating point, and 7 transactions are 7 %). Throws naming `where` unless
 * minSupport is a number in (0, 1].
 * @internal
 */
export function supportCount(where: string, minSupport: unknown, n: number): number {
  if (!(typeof minSupport === "number" && minSupport > 0 && minSupport <= 1)) {
    throw new EstimatorInputError(`${where}: minSupport must be a fraction in (0, 1], got ${received(minSupport)}`);
  }
  const exact = minSupport * n;
  return Math.max(1, Math.ceil(exact - 1e-9 * Math.max(1, exact)));
}
