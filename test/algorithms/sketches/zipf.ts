// Seeded Zipf streams and their exact counts: the reference the sketches are checked against.
import { Random } from "streamine/algorithms";
import type { SketchItem } from "streamine/algorithms";

/** `length` draws from Zipf(s) over ranks 1..distinct (P(r) ∝ r^−s), by inverse CDF; strings when `strings`. */
export function zipfStream(seed: number, length: number, distinct: number, s: number, strings = false): SketchItem[] {
  const cdf = new Float64Array(distinct);
  let sum = 0;
  for (let r = 1; r <= distinct; r++) cdf[r - 1] = sum += r ** -s;
  const random = new Random(seed);
  const out: SketchItem[] = [];
  for (let i = 0; i < length; i++) {
    const u = random.next() * sum;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    // Scatter ranks over the integers so hash tests do not only see 1..distinct.
    const rank = lo + 1;
    out.push(strings ? `item-${rank}` : rank * 7919 - 50_000);
  }
  return out;
}

/** Exact counts with a plain Map: the oracle. */
export function exactCounts(stream: readonly SketchItem[]): Map<SketchItem, number> {
  const m = new Map<SketchItem, number>();
  for (const x of stream) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

interface Updatable {
  update(item: SketchItem, count?: number): void;
}

/** Feeds `stream` to `sketch` with counts 1 + (i·step mod w); returns the exact weighted counts and their total. */
export function feedWeighted(sketch: Updatable, stream: readonly SketchItem[], w: number, step: number): { exact: Map<SketchItem, number>; n: number } {
  const exact = new Map<SketchItem, number>();
  let n = 0;
  stream.forEach((x, i) => {
    const c = 1 + ((i * step) % w);
    sketch.update(x, c);
    exact.set(x, (exact.get(x) ?? 0) + c);
    n += c;
  });
  return { exact, n };
}

/** Two sketches over `stream` cut at ⌊split·length⌋, the second merged into the first, and one sketch over the whole stream. */
export function mergedAndOnePass<S extends Updatable & { merge(other: S): void }>(make: () => S, stream: readonly SketchItem[], split: number): { merged: S; one: S } {
  const cut = Math.floor(split * stream.length);
  const merged = make();
  const b = make();
  const one = make();
  stream.forEach((x, i) => (i < cut ? merged : b).update(x));
  for (const x of stream) one.update(x);
  merged.merge(b);
  return { merged, one };
}
