import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError } from "streamine/algorithms";
import { SequentialKMeans } from "../../../algorithms/clustering/index.js";
import { batchKMeans, blobs, sqDist, sse } from "./reference.js";

describe("SequentialKMeans", () => {

  it("runs with every option defaulted, d from the first record", () => {
    const km = new SequentialKMeans({ k: 5, seed: 1 });
    expect(km.options).toEqual({ k: 5, init: "kmeans++", initSize: 100, halfLife: 0, seed: 1 });
    const x = [1, 2, 3, 4];
    km.learnOne(x);
    expect(km.predictOne(x)).toBe(0); // cold start: no centre yet
    const { points } = blobs(1, 300, 5, 4);
    for (const p of points) km.learnOne(p);
    expect(km.centers()).toHaveLength(5);
    expect(km.centers()[0]).toHaveLength(4);
    expect(km.predictOne(x)).toBeGreaterThanOrEqual(0);
  });

  it("is MacQueen's update: with init 'first', each centre is the mean of the records assigned to it (brute force)", () => {
    const coord = fc.double({ min: -100, max: 100, noNaN: true });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.array(coord, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 60 }), (k, d, raw) => {
        const xs = raw.map((r) => r.slice(0, d));
        const km = new SequentialKMeans({ k, init: "first" });
        // reference: members of each cluster, the centre recomputed as their arithmetic mean
        const members: number[][][] = [];
        const mean = (ps: number[][]): number[] => Array.from({ length: d }, (_, t) => ps.reduce((s, p) => s + (p[t] as number), 0) / ps.length);
        for (const x of xs) {
          const expectedId = members.length === 0 ? 0 : members.map((m, j) => [sqDist(x, mean(m)), j] as const).reduce((a, b) => (b[0] < a[0] ? b : a))[1];
          expect(km.predictOne(x)).toBe(expectedId);
          km.learnOne(x);
          if (members.length < k) members.push([x]);
          else (members[expectedId] as number[][]).push(x);
          const got = km.centers();
          expect(got).toHaveLength(members.length);
          members.forEach((m, j) => {
            const want = mean(m);
            want.forEach((v, t) => expect(Math.abs(((got[j] as Float64Array)[t] as number) - v)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(v))));
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it("with halfLife h, a centre's rate is max(1/n, 1 − 2^(−1/h)): it follows a moved cluster", () => {
    const km = new SequentialKMeans({ k: 1, init: "first", halfLife: 10 });
    for (let i = 0; i < 1000; i++) km.learnOne([0]);
    for (let i = 0; i < 100; i++) km.learnOne([1]);
    // after 100 records at 1 the weight of the past is 2^(−100/10)
    expect((km.centers()[0] as Float64Array)[0]).toBeCloseTo(1 - 2 ** -10, 12);
    const mac = new SequentialKMeans({ k: 1, init: "first" });
    for (let i = 0; i < 1000; i++) mac.learnOne([0]);
    for (let i = 0; i < 100; i++) mac.learnOne([1]);
    expect((mac.centers()[0] as Float64Array)[0]).toBeCloseTo(100 / 1100, 12);
  });

  it("on seeded Gaussian blobs, k-means++ init gets an SSE close to batch k-means++ (10 restarts)", () => {
    const ratios: string[] = [];
    for (const [seed, d, scale] of [[1, 2, 10], [2, 2, 5], [3, 10, 10], [4, 10, 3]] as const) {
      const { points } = blobs(seed, 5000, 5, d, scale);
      const km = new SequentialKMeans({ k: 5, seed });
      for (const p of points) km.learnOne(p);
      const ratio = sse(points, km.centers()) / batchKMeans(points, 5).sse;
      ratios.push(`seed ${seed} d ${d} scale ${scale}: ${ratio.toFixed(6)}`);
      expect(ratio).toBeLessThanOrEqual(1.05);
    }
    console.log(`SequentialKMeans SSE / batch k-means++ SSE: ${ratios.join("; ")}`);
  });

  it("learnOne and predictOne reject bad input naming the method; learnOne changes nothing", () => {
    const km = new SequentialKMeans({ k: 2, init: "first" });
    expect(() => km.learnOne([])).toThrow(/SequentialKMeans.learnOne: x has no features/);
    expect(() => km.learnOne([1, NaN])).toThrow(EstimatorInputError);
    expect(() => km.predictOne(null as unknown as number[])).toThrow(/SequentialKMeans.predictOne/);
    km.learnOne([1, 2]);
    const before = km.snapshot();
    expect(() => km.learnOne([1, 2, 3])).toThrow(/SequentialKMeans.learnOne: x has 3 features, expected 2/);
    expect(() => km.learnOne([1, "2" as unknown as number])).toThrow(/x\[1\] must be a finite number/);
    expect(km.snapshot()).toEqual(before);
  });

  it("rejects bad options, naming the option", () => {
    expect(() => new SequentialKMeans({ k: 0 })).toThrow(EstimatorConfigError);
    expect(() => new SequentialKMeans({ k: 2.5 })).toThrow(/SequentialKMeans.constructor: option k/);
    expect(() => new SequentialKMeans({ k: 10, initSize: 5 })).toThrow(/option initSize must be an integer ≥ k/);
    expect(() => new SequentialKMeans({ halfLife: -1 })).toThrow(/option halfLife/);
    expect(() => new SequentialKMeans({ init: "random" as "first" })).toThrow(/option init/);
    expect(() => new SequentialKMeans({ kk: 3 } as never)).toThrow(/unknown option "kk"/);
  });

  it("restores mid-init (k-means++ buffer half full) and continues identically", () => {
    const { points } = blobs(8, 400, 3, 2);
    const a = new SequentialKMeans({ k: 3, initSize: 50, seed: 4 });
    for (const p of points.slice(0, 20)) a.learnOne(p);
    const b = SequentialKMeans.restore(a.snapshot());
    for (const p of points.slice(20)) {
      a.learnOne(p);
      b.learnOne(p);
    }
    expect(b.centers()).toEqual(a.centers());
    expect(b.snapshot()).toEqual(a.snapshot());
  });
});
