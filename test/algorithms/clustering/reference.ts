// Test references for the clusterers: seeded Gaussian blobs, the SSE of a set of centres, and an
// exact batch k-means (Lloyd's algorithm from k-means++ seeding, best of several restarts),
// written independently of algorithms/clustering.
import { Random } from "streamine/algorithms";

export type Point = readonly number[];

/** `n` points around `k` random centres in [−scale, scale]^d (unit-variance noise), in random order. */
export function blobs(seed: number, n: number, k: number, d: number, scale = 10): { points: Point[]; centres: number[][] } {
  const r = new Random(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => (2 * r.next() - 1) * scale));
  const points = Array.from({ length: n }, () => {
    const c = centres[r.nextInt(k)] as number[];
    return c.map((v) => v + r.nextGaussian());
  });
  return { points, centres };
}

export function sqDist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] as number) - (b[i] as number)) ** 2;
  return s;
}

/** Sum over points of the squared distance to the nearest centre. */
export function sse(points: readonly Point[], centres: readonly ArrayLike<number>[]): number {
  let total = 0;
  for (const p of points) total += Math.min(...centres.map((c) => sqDist(p, c)));
  return total;
}

/** Plain k-means++ seeding (D² sampling, one trial per centre). */
function seedPlusPlus(points: readonly Point[], k: number, r: Random): number[][] {
  const centres = [[...(points[r.nextInt(points.length)] as Point)]];
  while (centres.length < k) {
    const d2 = points.map((p) => Math.min(...centres.map((c) => sqDist(p, c))));
    const total = d2.reduce((a, b) => a + b, 0);
    let u = r.next() * total;
    let i = 0;
    while (i < points.length - 1 && u >= (d2[i] as number)) u -= d2[i++] as number;
    centres.push([...(points[i] as Point)]);
  }
  return centres;
}

/** Lloyd's iterations until the assignment is stable (an empty cluster keeps its centre). */
function lloyd(points: readonly Point[], start: number[][]): number[][] {
  let centres = start;
  let assign: number[] = [];
  for (let it = 0; it < 300; it++) {
    const next = points.map((p) => {
      let best = 0;
      for (let j = 1; j < centres.length; j++) if (sqDist(p, centres[j] as number[]) < sqDist(p, centres[best] as number[])) best = j;
      return best;
    });
    if (next.every((v, i) => v === assign[i])) break;
    assign = next;
    centres = centres.map((c, j) => {
      const members = points.filter((_, i) => assign[i] === j);
      if (members.length === 0) return c;
      return c.map((_, t) => members.reduce((s, p) => s + (p[t] as number), 0) / members.length);
    });
  }
  return centres;
}

/** Best (lowest SSE) of `restarts` runs of Lloyd's algorithm from k-means++ seeding. */
export function batchKMeans(points: readonly Point[], k: number, restarts = 10, seed = 99): { centres: number[][]; sse: number } {
  const r = new Random(seed);
  let best = { centres: [] as number[][], sse: Infinity };
  for (let t = 0; t < restarts; t++) {
    const centres = lloyd(points, seedPlusPlus(points, k, r));
    const s = sse(points, centres);
    if (s < best.sse) best = { centres, sse: s };
  }
  return best;
}
