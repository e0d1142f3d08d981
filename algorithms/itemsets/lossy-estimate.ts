import { LossyTrie } from "./lossy-trie.js";
import type { TransactionQueue } from "./streaming-transaction-queue.js";

/**
 * The count f a set of ids (sorted ascending) would have once the buffered transactions were
 * applied as a batch (see `LossyBatchApplier`), or 0 if it would not be kept: the rules of the
 * batch followed along the set's prefixes only, so nothing is copied or changed.
 * @internal
 */
export function estimateIds(trie: LossyTrie, buffer: TransactionQueue, ids: Int32Array, bPrev: number, bNext: number): number {
  let node = LossyTrie.ROOT;
  let f = 0;
  for (let k = 1; k <= ids.length; k++) {
    const c = countContaining(buffer, ids, k);
    const child = node === -1 ? -1 : trie.find(node, ids[k - 1] as number);
    if (child !== -1) {
      f = (trie.count[child] as number) + c;
      if (f + (trie.delta[child] as number) <= bNext) return 0;
    } else {
      if (c <= bNext - bPrev) return 0;
      f = c;
    }
    node = child;
  }
  return f;
}

/** How many buffered transactions contain ids[0..k) (both sorted ascending). */
function countContaining(buffer: TransactionQueue, ids: Int32Array, k: number): number {
  const items = buffer.items;
  let count = 0;
  for (let i = 0; i < buffer.count; i++) {
    const end = buffer.end(i);
    let j = buffer.start(i);
    let matched = 0;
    while (matched < k && j < end) {
      const it = items[j] as number;
      const want = ids[matched] as number;
      if (it === want) matched++;
      else if (it > want) break;
      j++;
    }
    if (matched === k) count++;
  }
  return count;
}
