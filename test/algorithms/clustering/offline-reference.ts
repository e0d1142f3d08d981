// Brute-force references for the offline steps of CluStream and DenStream, on plain nested
// arrays and written independently of algorithms/clustering: the exact weighted k-means optimum
// by exhaustive search, a many-restart weighted Lloyd, and DBSCAN over weighted centres by
// union-find. Also seeded Gaussian blobs with uniform noise, labelled.
import { Random } from "streamine/algorithms";
import { sqDist, type Point } from "./reference.js";

/** Σ w·‖p − centre of its group‖² for a labelling, each group's centre its weighted mean. */
export function labelledWeightedSse(points: readonly Point[], weights: readonly number[], labels: readonly number[], k: number): number {
  let total = 0;
  for (let c = 0; c < k; c++) {
    const members = points.map((p, i) => [p, weights[i] as number, labels[i]] as const).filter((m) => m[2] === c);
    const mass = members.reduce((s, m) => s + m[1], 0);
    if (members.length === 0 || mass === 0) continue;
    const mean = (points[0] as Point).map((_, t) => members.reduce((s, m) => s + m[1] * (m[0][t] as number), 0) / mass);
    total += members.reduce((s, m) => s + m[1] * sqDist(m[0], mean), 0);
  }
  return total;
}

/** The least weighted SSE over every labelling of the points into at most k groups (kⁿ of them). */
export function exhaustiveWeightedSse(points: readonly Point[], weights: readonly number[], k: number): number {
  let best = Infinity;
  const labels = points.map(() => 0);
  const visit = (i: number): void => {
    if (i === points.length) {
      best = Math.min(best, labelledWeightedSse(points, weights, labels, k));
      return;
    }
    for (let c = 0; c < k; c++) {
      labels[i] = c;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}

/** Σ w·‖p − nearest centre‖². */
export function weightedSse(points: readonly Point[], weights: readonly number[], centres: readonly ArrayLike<number>[]): number {
  return points.reduce((s, p, i) => s + (weights[i] as number) * Math.min(...centres.map((c) => sqDist(p, c))), 0);
}

/** Best weighted SSE of `restarts` weighted Lloyd runs, each from k distinct points drawn uniformly. */
export function restartedWeightedSse(points: readonly Point[], weights: readonly number[], k: number, restarts: number, seed: number): number {
  const r = new Random(seed);
  let best = Infinity;
  for (let run = 0; run < restarts; run++) {
    const order = points.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = r.nextInt(i + 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    let centres = order.slice(0, k).map((i) => [...(points[i] as Point)]);
    for (let it = 0; it < 200; it++) {
      const labels = points.map((p) => centres.reduce((b, c, j) => (sqDist(p, c) < sqDist(p, centres[b] as number[]) ? j : b), 0));
      const next = centres.map((c, j) => {
        const mass = weights.reduce((s, w, i) => s + (labels[i] === j ? w : 0), 0);
        return mass === 0 ? c : c.map((_, t) => points.reduce((s, p, i) => s + (labels[i] === j ? (weights[i] as number) * (p[t] as number) : 0), 0) / mass);
      });
      if (next.every((c, j) => c.every((v, t) => v === (centres[j] as number[])[t]))) break;
      centres = next;
    }
    best = Math.min(best, weightedSse(points, weights, centres));
  }
  return best;
}

/**
 * DBSCAN over weighted centres by the rule DenStream documents: cores weigh ≥ minWeight; cores
 * within eps (compared squared) are joined by union-find; each non-core takes the label of its
 * nearest core within eps (ties to the lower index), else −1; labels numbered by lowest core.
 */
export function referenceDbscan(centres: readonly Point[], weights: readonly number[], eps: number, minWeight: number): number[] {
  const n = centres.length;
  const core = weights.map((w) => w >= minWeight);
  const near = (a: number, b: number): boolean => sqDist(centres[a] as Point, centres[b] as Point) <= eps * eps;
  const parent = centres.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : find(parent[i] as number));
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (core[a] && core[b] && near(a, b)) parent[Math.max(find(a), find(b))] = Math.min(find(a), find(b));
  const labelOfRoot = new Map<number, number>();
  const labels = centres.map((_, i) => {
    if (!core[i]) return -1;
    const root = find(i);
    if (!labelOfRoot.has(root)) labelOfRoot.set(root, labelOfRoot.size);
    return labelOfRoot.get(root) as number;
  });
  return labels.map((l, i) => {
    if (core[i]) return l;
    const reaching = centres.map((_, p) => p).filter((p) => core[p] && near(i, p));
    if (reaching.length === 0) return -1;
    const nearest = reaching.reduce((b, p) => (sqDist(centres[i] as Point, centres[p] as Point) < sqDist(centres[i] as Point, centres[b] as Point) ? p : b));
    return labels[nearest] as number;
  });
}

/** n labelled records: unit-variance Gaussian blobs around `centres`, and a fraction `noise` uniform in [−box, box]^d. */
export function noisyBlobs(seed: number, n: number, centres: readonly Point[], noise: number, box: number): { x: number[]; outlier: boolean }[] {
  const r = new Random(seed);
  const d = (centres[0] as Point).length;
  return Array.from({ length: n }, () => {
    if (r.next() < noise) return { x: Array.from({ length: d }, () => (2 * r.next() - 1) * box), outlier: true };
    const c = centres[r.nextInt(centres.length)] as Point;
    return { x: c.map((v) => v + r.nextGaussian()), outlier: false };
  });
}
