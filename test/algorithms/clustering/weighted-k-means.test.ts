import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Random } from "streamine/algorithms";
import { kMeansPlusPlus } from "../../../algorithms/clustering/k-means-plus-plus.js";
import { weightedKMeans } from "../../../algorithms/clustering/weighted-k-means.js";
import { exhaustiveWeightedSse, weightedSse } from "./offline-reference.js";
import { sqDist } from "./reference.js";

const instance = fc.record({
  k: fc.integer({ min: 1, max: 3 }),
  d: fc.integer({ min: 1, max: 2 }),
  rows: fc.array(
    fc.record({ x: fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 2 }), w: fc.double({ min: 0.1, max: 10, noNaN: true }) }),
    { minLength: 1, maxLength: 7 },
  ),
  seed: fc.integer({ min: 0, max: 1000 }),
});

describe("weightedKMeans (CluStream's offline step)", () => {
  it("on small random inputs, its weighted SSE is within 1 % of the exhaustive optimum", () => {
    let worst = 1;
    fc.assert(
      fc.property(instance, ({ k, d, rows, seed }) => {
        const points = rows.map((r) => r.x.slice(0, d));
        const weights = rows.map((r) => r.w);
        const into = new Float64Array(k * d);
        const assignment = new Int32Array(points.length);
        const got = weightedKMeans(Float64Array.from(points.flat()), Float64Array.from(weights), points.length, d, k, new Random(seed), into, assignment);
        const centres = Array.from({ length: k }, (_, j) => Array.from(into.subarray(j * d, j * d + d)));
        // the returned SSE is that of the returned centres, each point assigned to its nearest
        expect(got).toBeCloseTo(weightedSse(points, weights, centres), 9);
        points.forEach((p, i) => expect(sqDist(p, centres[assignment[i] as number] as number[])).toBe(Math.min(...centres.map((c) => sqDist(p, c)))));
        const best = exhaustiveWeightedSse(points, weights, k);
        if (best > 1e-9) worst = Math.max(worst, got / best);
        expect(got).toBeLessThanOrEqual(1.01 * best + 1e-9);
      }),
      { numRuns: 400 },
    );
    console.log(`weightedKMeans SSE / exhaustive optimum, worst of 400 random inputs: ${worst.toFixed(6)}`);
  });

  it("with one restart on well-separated weighted groups, finds the weighted means", () => {
    // groups {0 ×1, 1 ×3} and {100 ×2, 103 ×1}: weighted means 0.75 and 101
    const into = new Float64Array(2);
    const sse = weightedKMeans(Float64Array.from([0, 1, 100, 103]), Float64Array.from([1, 3, 2, 1]), 4, 1, 2, new Random(5), into, new Int32Array(4), { restarts: 1 });
    expect(Array.from(into).sort((a, b) => a - b)).toEqual([0.75, 101]);
    expect(sse).toBeCloseTo(1 * 0.75 ** 2 + 3 * 0.25 ** 2 + 2 * 1 + 1 * 4, 12);
  });

  it("weighted k-means++ never seeds on a point of weight 0 while another has weight", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
        const points = Float64Array.from({ length: n }, (_, i) => i * i);
        const weights = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
        const chosen = new Int32Array(2);
        kMeansPlusPlus(points, n, 1, Math.min(2, Math.ceil(n / 3)), new Random(seed), new Float64Array(2), chosen, weights);
        for (const p of chosen.subarray(0, Math.min(2, Math.ceil(n / 3)))) expect(p % 3).toBe(0);
      }),
    );
  });
});
