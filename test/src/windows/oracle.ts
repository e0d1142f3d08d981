/**
 * A brute-force reference for keyed event-time windows with Flink's semantics, written from the
 * rules in issue 3 §3 and nothing else (it shares no code with src/). It keeps, per key, a plain
 * list of open windows, each with the list of records it accepted; results are whatever the
 * caller computes from those lists, so no accumulator, slice or merge logic is involved.
 *
 * The rules it implements:
 * - Records arrive in array order, in batches of `batchSize`. Each record is judged against the
 *   watermark emitted after the previous batch (−∞ before the first). After every batch the
 *   watermark becomes max(previous, maxTimestampSeen − bound − 1); at the end of input, +∞.
 * - A window `[start, end)` fires when the watermark passes from below `end − 1` to at or above
 *   it, and is late (and its state gone) once `end − 1 + allowedLateness ≤ watermark`.
 * - Tumbling and sliding: a record joins every window that contains it and is not late; one that
 *   joins none goes to the late output, once. Joining a window with `end − 1 ≤ watermark`
 *   (allowed lateness) re-fires that window at once.
 * - Session: the record's `[ts, ts + gap)` merges with every session of its key it overlaps or
 *   touches, transitively. If the merged window is late the record is late and nothing changes;
 *   otherwise it replaces the merged sessions, and fires at once when `end − 1 ≤ watermark`.
 * - Count(n): per key, every n records in arrival order fire as the global window and are
 *   cleared; the trailing partial window never fires; nothing is late.
 */

export type WindowSpec =
  | { readonly kind: "tumbling"; readonly size: number }
  | { readonly kind: "sliding"; readonly size: number; readonly slide: number }
  | { readonly kind: "session"; readonly gap: number }
  | { readonly kind: "count"; readonly size: number };

export interface OracleConfig {
  readonly spec: WindowSpec;
  readonly boundMs: number;
  readonly latenessMs: number;
  readonly batchSize: number;
}

/** One emission: a window of one key fired with these records (in no particular order). */
export interface Firing<R> {
  readonly key: unknown;
  readonly start: number;
  readonly end: number;
  readonly records: readonly R[];
}

export interface OracleOutput<R> {
  readonly fired: Firing<R>[];
  readonly late: R[];
}

interface OpenWindow<R> {
  start: number;
  end: number;
  records: R[];
}

/** True when `x` is a multiple of `m` (also for negative x). */
function isMultiple(x: number, m: number): boolean {
  return ((x % m) + m) % m === 0;
}

/** Every `[start, start + size)` with start a multiple of `slide` that contains `ts`, by trying each start. */
function alignedWindowsOf(ts: number, size: number, slide: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = ts - size + 1; start <= ts; start++) {
    if (isMultiple(start, slide)) out.push([start, start + size]);
  }
  return out;
}

/** Runs the reference over `records`; `keyOf` and `tsOf` read a record's key and integer timestamp. */
export function runOracle<R>(
  records: readonly R[],
  keyOf: (r: R) => unknown,
  tsOf: (r: R) => number,
  config: OracleConfig,
): OracleOutput<R> {
  const { spec, boundMs, latenessMs, batchSize } = config;
  const fired: Firing<R>[] = [];
  const late: R[] = [];
  const windowsByKey = new Map<unknown, OpenWindow<R>[]>();
  const countBuffers = new Map<unknown, R[]>();
  let watermark = -Infinity;
  let maxTs = -Infinity;

  const windowsOf = (key: unknown): OpenWindow<R>[] => {
    let ws = windowsByKey.get(key);
    if (ws === undefined) {
      ws = [];
      windowsByKey.set(key, ws);
    }
    return ws;
  };
  const fire = (key: unknown, w: OpenWindow<R>): void => {
    fired.push({ key, start: w.start, end: w.end, records: [...w.records] });
  };
  const isLate = (end: number): boolean => end - 1 + latenessMs <= watermark;

  const addAligned = (r: R, key: unknown, size: number, slide: number): void => {
    let joined = false;
    for (const [start, end] of alignedWindowsOf(tsOf(r), size, slide)) {
      if (isLate(end)) continue;
      joined = true;
      const ws = windowsOf(key);
      let w = ws.find((x) => x.start === start && x.end === end);
      if (w === undefined) {
        w = { start, end, records: [] };
        ws.push(w);
      }
      w.records.push(r);
      if (end - 1 <= watermark) fire(key, w);
    }
    if (!joined) late.push(r);
  };

  const addSession = (r: R, key: unknown, gap: number): void => {
    const ws = windowsOf(key);
    let start = tsOf(r);
    let end = start + gap;
    const absorbed = new Set<OpenWindow<R>>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const w of ws) {
        if (!absorbed.has(w) && w.start <= end && w.end >= start) {
          absorbed.add(w);
          start = Math.min(start, w.start);
          end = Math.max(end, w.end);
          grew = true;
        }
      }
    }
    if (isLate(end)) {
      late.push(r);
      return;
    }
    const merged: OpenWindow<R> = { start, end, records: [] };
    for (const w of absorbed) merged.records.push(...w.records);
    merged.records.push(r);
    windowsByKey.set(key, [...ws.filter((w) => !absorbed.has(w)), merged]);
    if (end - 1 <= watermark) fire(key, merged);
  };

  const addCounted = (r: R, key: unknown, size: number): void => {
    const buf = countBuffers.get(key) ?? [];
    buf.push(r);
    if (buf.length === size) {
      fired.push({ key, start: -Infinity, end: Infinity, records: [...buf] });
      countBuffers.delete(key);
    } else {
      countBuffers.set(key, buf);
    }
  };

  const advanceTo = (next: number): void => {
    if (next <= watermark) return;
    for (const [key, ws] of windowsByKey) {
      for (const w of ws) {
        if (watermark < w.end - 1 && w.end - 1 <= next) fire(key, w);
      }
    }
    watermark = next;
    for (const [key, ws] of [...windowsByKey]) {
      const kept = ws.filter((w) => !isLate(w.end));
      if (kept.length === 0) windowsByKey.delete(key);
      else windowsByKey.set(key, kept);
    }
  };

  for (let from = 0; from < records.length; from += batchSize) {
    for (const r of records.slice(from, from + batchSize)) {
      const key = keyOf(r);
      maxTs = Math.max(maxTs, tsOf(r));
      switch (spec.kind) {
        case "tumbling":
          addAligned(r, key, spec.size, spec.size);
          break;
        case "sliding":
          addAligned(r, key, spec.size, spec.slide);
          break;
        case "session":
          addSession(r, key, spec.gap);
          break;
        case "count":
          addCounted(r, key, spec.size);
          break;
      }
    }
    advanceTo(maxTs - boundMs - 1);
  }
  advanceTo(Infinity);
  return { fired, late };
}
