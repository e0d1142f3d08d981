import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { microClusterDbscan, weightedClusterMeans } from "../../../algorithms/clustering/micro-cluster-dbscan.js";
import { referenceDbscan } from "./offline-reference.js";

const run = (centres: number[][], weights: number[], eps: number, minWeight: number): { count: number; labels: number[] } => {
  const d = (centres[0] as number[]).length;
  const labels = new Int32Array(centres.length);
  const count = microClusterDbscan(Float64Array.from(centres.flat()), Float64Array.from(weights), centres.length, d, eps, minWeight, labels);
  return { count, labels: Array.from(labels) };
};

describe("microClusterDbscan (DenStream's offline step)", () => {
  it("labels random micro-clusters exactly as a union-find DBSCAN written independently", () => {
    // integer centres and eps: distances hit eps exactly, and every comparison is exact
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.record({ c: fc.array(fc.integer({ min: -6, max: 6 }), { minLength: 3, maxLength: 3 }), w: fc.constantFrom(0.5, 1, 1.5, 2, 3, 8) }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        (d, rows, eps) => {
          const centres = rows.map((r) => r.c.slice(0, d));
          const weights = rows.map((r) => r.w);
          const want = referenceDbscan(centres, weights, eps, 2);
          const got = run(centres, weights, eps, 2);
          expect(got.labels).toEqual(want);
          expect(got.count).toBe(new Set(want.filter((l) => l >= 0)).size);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("chains cores, attaches borders to the nearest core, and leaves lone non-cores as noise", () => {
    // 1-d: cores at 0, 2, 4 (chained by eps 2), core at 10; border 5 (nearer 4), border 7.5 (within 2 of none), noise 20
    const { count, labels } = run([[0], [2], [4], [10], [5], [7.5], [20]], [3, 3, 3, 3, 1, 1, 1], 2, 2);
    expect(count).toBe(2);
    expect(labels).toEqual([0, 0, 0, 1, 0, -1, -1]);
  });

  it("a border point between two clusters goes to its nearest core, ties to the lower index", () => {
    expect(run([[0], [10], [6]], [5, 5, 1], 6, 2).labels).toEqual([0, 1, 1]);
    expect(run([[0], [10], [5]], [5, 5, 1], 6, 2).labels).toEqual([0, 1, 0]);
  });

  it("each cluster's centre is the weighted mean of its micro-clusters, noise left out", () => {
    const centres = Float64Array.from([0, 0, 2, 0, 10, 10, 50, 50]);
    const weights = Float64Array.from([1, 3, 2, 1]);
    const labels = new Int32Array(4);
    const count = microClusterDbscan(centres, weights, 4, 2, 3, 1, labels);
    expect(count).toBe(3);
    const into = new Float64Array(count * 2);
    const mass = weightedClusterMeans(centres, weights, 4, 2, labels, count, into);
    expect(Array.from(into)).toEqual([1.5, 0, 10, 10, 50, 50]);
    expect(Array.from(mass)).toEqual([4, 2, 1]);
    labels[3] = -1; // as noise it counts for nothing
    expect(Array.from(weightedClusterMeans(centres, weights, 4, 2, labels, 2, into))).toEqual([4, 2]);
  });
});
