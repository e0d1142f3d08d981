import { ItemDictionary } from "./transaction.js";

/**
 * Whether a miner's item dictionary, holding `size` items of which `live` are still referenced,
 * should be compacted: once it holds more than 2·live + 1024. Without compaction a stream with an
 * ever-growing vocabulary (session ids, timestamps as items) would grow the dictionary, and the
 * snapshot, without bound; with this rule the O(dictionary + remapped ids) cost of compacting is
 * paid once per ≥ 1024 new items.
 * @internal
 */
export function shouldCompact(size: number, live: number): boolean {
  return size > 2 * live + 1024;
}

/**
 * A dictionary of only the items marked in `live` (by id), in their old order, and the map
 * from old ids to new ones (−1 for a dropped item). Keeping the old order keeps every sorted
 * list of ids sorted.
 * @internal
 */
export function compactDictionary(dict: ItemDictionary, live: Uint8Array): { dict: ItemDictionary; map: Int32Array } {
  const kept = new ItemDictionary();
  const map = new Int32Array(dict.size).fill(-1);
  for (let id = 0; id < dict.size; id++) if (live[id] === 1) map[id] = kept.intern(dict.item(id));
  return { dict: kept, map };
}
