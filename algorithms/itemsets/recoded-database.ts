/**
 * The transactions a mining run searches, in both layouts: only the items frequent on their own
 * (no superset of an infrequent item is frequent), renumbered 0..F−1 by ascending support;
 * transactions left with no frequent item dropped and the rest renumbered 0..size−1.
 *
 * @remarks
 * Ascending support is the order of LCM and of Borgelt's Eclat: the search extends a prefix only
 * with codes above its last one, so the most frequent items — the longest tidsets — have the
 * fewest extensions to count.
 * @internal
 */
export interface RecodedDatabase {
  /** Horizontal: transaction t holds `codes[start[t] .. start[t + 1])`, ascending. */
  readonly start: Int32Array;
  readonly codes: Int32Array;
  /** Number of transactions kept. */
  readonly size: number;
  /** Vertical: code c is in transactions `tids[tidStart[c] .. tidStart[c + 1])`, ascending. */
  readonly tidStart: Int32Array;
  readonly tids: Int32Array;
  /** The dense item id (of the miner's dictionary) of each code. */
  readonly idOf: Int32Array;
}

/** Recodes the transactions `ids[offsets[t] .. offsets[t + 1])` over `nIds` ids for support ≥ `minCount`. */
export function recodeFrequent(offsets: Int32Array, ids: Int32Array, nIds: number, minCount: number): RecodedDatabase {
  const support = new Int32Array(nIds);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    support[id] = (support[id] as number) + 1;
  }
  const frequent: number[] = [];
  for (let id = 0; id < nIds; id++) if ((support[id] as number) >= minCount) frequent.push(id);
  frequent.sort((a, b) => (support[a] as number) - (support[b] as number) || a - b);
  const idOf = Int32Array.from(frequent);
  const nCodes = idOf.length;
  const codeOf = new Int32Array(nIds).fill(-1);
  const tidStart = new Int32Array(nCodes + 1);
  for (let c = 0; c < nCodes; c++) {
    codeOf[idOf[c] as number] = c;
    tidStart[c + 1] = (tidStart[c] as number) + (support[idOf[c] as number] as number);
  }

  // Vertical first: scanning transactions in order appends to each tidset in ascending order.
  const tids = new Int32Array(tidStart[nCodes] as number);
  const fill = tidStart.slice(0, nCodes);
  const n = offsets.length - 1;
  let size = 0;
  for (let t = 0; t < n; t++) {
    let kept = 0;
    for (let i = offsets[t] as number; i < (offsets[t + 1] as number); i++) {
      const c = codeOf[ids[i] as number] as number;
      if (c < 0) continue;
      tids[fill[c] as number] = size;
      fill[c] = (fill[c] as number) + 1;
      kept++;
    }
    if (kept > 0) size++;
  }
  // Then horizontal from vertical: visiting codes in ascending order leaves each row ascending.
  const start = new Int32Array(size + 1);
  for (let i = 0; i < tids.length; i++) start[(tids[i] as number) + 1] = (start[(tids[i] as number) + 1] as number) + 1;
  for (let t = 0; t < size; t++) start[t + 1] = (start[t + 1] as number) + (start[t] as number);
  const codes = new Int32Array(tids.length);
  const at = start.slice(0, size);
  for (let c = 0; c < nCodes; c++) {
    for (let i = tidStart[c] as number; i < (tidStart[c + 1] as number); i++) {
      const t = tids[i] as number;
      codes[at[t] as number] = c;
      at[t] = (at[t] as number) + 1;
    }
  }
  return { start, codes, size, tidStart, tids, idOf };
}
