import { BatchProjection } from "./lossy-projection.js";
import { LossyTrie } from "./lossy-trie.js";
import type { TransactionQueue } from "./streaming-transaction-queue.js";

/** Larger than every item id: the end marker of a sorted list of ids. */
const END = 0x7fffffff;
/** What the applier points at between batches, so it holds on to no trie. */
const NO_TRIE = new LossyTrie(1);

/**
 * Applies a batch of transactions to a {@link LossyTrie} (Manku & Motwani 2002, §5: SetGen's
 * enumeration, UPDATE_SET and NEW_SET in one depth-first pass). For the batch that takes the
 * completed buckets from bPrev to bNext (width = bNext − bPrev):
 * - a kept set gets f += its count in the batch and is deleted, with its subtree, when f + Δ ≤ bNext;
 * - a set not kept whose prefix is kept (after this batch) is inserted with f = its count and Δ = bPrev
 *   when that count exceeds the width; otherwise it, and every set it prefixes, stays out.
 * A set left out then occurred at most bPrev + width = bNext times (a subset's count bounds its
 * supersets'), which is the invariant the error bound rests on. Only the extensions of the
 * sets that survive are counted ({@link BatchProjection}).
 * @internal
 */
export class LossyBatchApplier {
  private readonly projection = new BatchProjection();
  private trie = NO_TRIE;
  private bPrev = 0;
  private bNext = 0;
  private maxLength = 0;
  private keep = 0;

  /**
   * Applies every transaction of `batch` (ids below `nItems`, each sorted ascending) to `trie`.
   * `keep` > 0 also drops every set whose f ends below it: a query that only reports sets with
   * f ≥ keep skips their subtrees (f never grows from a set to its extensions).
   */
  apply(trie: LossyTrie, batch: TransactionQueue, nItems: number, bPrev: number, bNext: number, maxLength: number, keep: number): void {
    const roots = this.projection.load(batch, nItems);
    this.trie = trie;
    this.bPrev = bPrev;
    this.bNext = bNext;
    this.maxLength = maxLength;
    this.keep = keep;
    this.visit(LossyTrie.ROOT, 0, 0, roots);
    this.projection.release();
    this.trie = NO_TRIE;
  }

  /** Updates, prunes and extends the children of `node` (a set of `depth` items) projected on [from, to). */
  private visit(node: number, depth: number, from: number, to: number): void {
    const p = this.projection;
    const frame = p.extend(from, to);
    const m = p.size(frame);
    const trie = this.trie;
    const deeper = depth + 1 < this.maxLength;
    let prev = -1;
    let child = trie.child[node] as number;
    let q = 0;
    while (child !== -1 || q < m) {
      const kept = child === -1 ? END : (trie.item[child] as number);
      const seen = q === m ? END : p.item(frame, q);
      if (kept <= seen) {
        // A kept set, absent from the batch when kept < seen (count 0, empty projection).
        const present = kept === seen;
        const next = trie.next[child] as number;
        const f = (trie.count[child] as number) + (present ? p.count(frame, q) : 0);
        trie.count[child] = f;
        if (f + (trie.delta[child] as number) <= this.bNext || f < this.keep) {
          if (prev === -1) trie.child[node] = next;
          else trie.next[prev] = next;
          trie.freeSubtree(child);
        } else {
          if (deeper) this.visit(child, depth + 1, present ? p.from(frame, q) : 0, present ? p.to(frame, q) : 0);
          prev = child;
        }
        if (present) q++;
        child = next;
      } else {
        const c = p.count(frame, q);
        if (c > this.bNext - this.bPrev && c >= this.keep) {
          const fresh = trie.alloc(seen, c, this.bPrev);
          trie.next[fresh] = child;
          if (prev === -1) trie.child[node] = fresh;
          else trie.next[prev] = fresh;
          prev = fresh;
          if (deeper) this.visit(fresh, depth + 1, p.from(frame, q), p.to(frame, q));
        }
        q++;
      }
    }
    p.pop(frame);
  }
}
