// The baseline of the window benchmarks: what a competent person writes by hand for a keyed
// event-time window sum over an array, with the same semantics as the pipeline (watermark =
// max ts − bound − 1 after every `batchSize` records, a window fires once the watermark reaches
// end − 1, records of fired windows are late, +∞ at the end). No result objects are allocated:
// results go straight to `emit`.
import type { BenchRecord, BenchSpec } from "./data.js";

/** Receives one (key, window) result. */
export type Emit = (key: string, windowStart: number, value: number) => void;

/**
 * Tumbling sum: one `Map<key, sum>` per open window (in practice two or three are open),
 * the current window's map cached across records.
 */
export function handTumbling(records: readonly BenchRecord[], spec: BenchSpec, emit: Emit): number {
  const size = spec.sizeMs;
  const bound = spec.boundMs;
  const every = spec.batchSize;
  const windows = new Map<number, Map<string, number>>();
  let curIndex = NaN;
  let cur = new Map<string, number>();
  let maxTs = -Infinity;
  let watermark = -Infinity;
  let late = 0;

  const fire = (wm: number): void => {
    const due: number[] = [];
    for (const w of windows.keys()) if ((w + 1) * size - 1 <= wm) due.push(w);
    if (due.length === 0) return;
    due.sort((a, b) => a - b);
    for (const w of due) {
      const sums = windows.get(w);
      if (sums === undefined) continue;
      const start = w * size;
      for (const [key, sum] of sums) emit(key, start, sum);
      windows.delete(w);
      if (w === curIndex) curIndex = NaN;
    }
  };

  const n = records.length;
  for (let i = 0; i < n; i++) {
    const r = records[i] as BenchRecord;
    const ts = r.ts;
    if (ts > maxTs) maxTs = ts;
    const w = Math.floor(ts / size);
    if ((w + 1) * size - 1 <= watermark) {
      late++;
    } else {
      if (w !== curIndex) {
        let m = windows.get(w);
        if (m === undefined) windows.set(w, (m = new Map<string, number>()));
        cur = m;
        curIndex = w;
      }
      cur.set(r.key, (cur.get(r.key) ?? 0) + r.v);
    }
    if ((i + 1) % every === 0) {
      watermark = maxTs - bound - 1;
      fire(watermark);
    }
  }
  if (n % every !== 0) fire(maxTs - bound - 1);
  fire(Infinity);
  return late;
}

/**
 * Sliding sum the way one would write it by hand for an invertible aggregate: per-key sums of
 * `slide`-ms panes, plus running per-key sums over the current window that gain the newest pane
 * and lose the oldest each time a window fires (so a record is touched once, not size/slide
 * times, and a window costs O(keys in it)). Only numbers go into the maps: an object per
 * (key, pane) would be promoted and make full GCs walk the whole input array. Requires
 * size % slide === 0.
 */
export function handSliding(records: readonly BenchRecord[], spec: BenchSpec, emit: Emit): number {
  const slide = spec.slideMs;
  const panesPerWindow = spec.sizeMs / slide;
  if (!Number.isInteger(panesPerWindow)) throw new Error("handSliding needs size % slide === 0");
  const bound = spec.boundMs;
  const every = spec.batchSize;
  const panes = new Map<number, Map<string, number>>();
  // Sums over panes nextWindow … nextWindow + panesPerWindow − 2, and how many of those panes
  // hold each key (a key is in a window's result when that count is > 0).
  const runningSum = new Map<string, number>();
  const runningPanes = new Map<string, number>();
  let nextWindow = NaN; // first pane of the first window that has not fired
  let minPane = Infinity;
  let maxPane = -Infinity;
  let curIndex = NaN;
  let cur = new Map<string, number>();
  let maxTs = -Infinity;
  let late = 0;

  const fire = (wm: number): void => {
    if (minPane === Infinity) return;
    if (Number.isNaN(nextWindow)) nextWindow = minPane - panesPerWindow + 1;
    while ((nextWindow + panesPerWindow) * slide - 1 <= wm && nextWindow <= maxPane) {
      const newest = panes.get(nextWindow + panesPerWindow - 1);
      if (newest !== undefined) {
        for (const [key, sum] of newest) {
          runningSum.set(key, (runningSum.get(key) ?? 0) + sum);
          runningPanes.set(key, (runningPanes.get(key) ?? 0) + 1);
        }
      }
      const start = nextWindow * slide;
      for (const [key, sum] of runningSum) emit(key, start, sum);
      const oldest = panes.get(nextWindow);
      if (oldest !== undefined) {
        for (const [key, sum] of oldest) {
          const left = (runningPanes.get(key) ?? 0) - 1;
          if (left <= 0) {
            runningPanes.delete(key);
            runningSum.delete(key);
          } else {
            runningPanes.set(key, left);
            runningSum.set(key, (runningSum.get(key) ?? 0) - sum);
          }
        }
        panes.delete(nextWindow);
        if (nextWindow === curIndex) curIndex = NaN;
      }
      nextWindow++;
    }
  };

  const n = records.length;
  for (let i = 0; i < n; i++) {
    const r = records[i] as BenchRecord;
    const ts = r.ts;
    if (ts > maxTs) maxTs = ts;
    const p = Math.floor(ts / slide);
    if (p < nextWindow) {
      late++; // the last window containing pane p has fired
    } else {
      if (p !== curIndex) {
        let m = panes.get(p);
        if (m === undefined) panes.set(p, (m = new Map<string, number>()));
        cur = m;
        curIndex = p;
        if (p < minPane) minPane = p;
        if (p > maxPane) maxPane = p;
      }
      const before = cur.get(r.key);
      cur.set(r.key, (before ?? 0) + r.v);
      if (p <= nextWindow + panesPerWindow - 2) {
        // pane already folded into the running sums (an on-time record for the unfired windows)
        runningSum.set(r.key, (runningSum.get(r.key) ?? 0) + r.v);
        if (before === undefined) runningPanes.set(r.key, (runningPanes.get(r.key) ?? 0) + 1);
      }
    }
    if ((i + 1) % every === 0) fire(maxTs - bound - 1);
  }
  if (n % every !== 0) fire(maxTs - bound - 1);
  fire(Infinity);
  return late;
}
