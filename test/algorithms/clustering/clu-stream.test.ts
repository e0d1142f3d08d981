import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CluStream, EstimatorConfigError, EstimatorInputError } from "streamine/algorithms";
import { erfc } from "../../../algorithms/anomaly/erfc.js";
import { normalQuantile } from "../../../algorithms/clustering/normal-quantile.js";
import { TemporalMicroClusters } from "../../../algorithms/clustering/temporal-micro-clusters.js";
import { restartedWeightedSse, weightedSse } from "./offline-reference.js";
import { batchKMeans, blobs, sse } from "./reference.js";

const SETTINGS = [[1, 2, 10], [2, 2, 5], [3, 10, 10], [4, 10, 3]] as const;

/** What a clusterer answers: the macro centres, a prediction per probe, its micro-clusters. */
function outputs(cs: CluStream, probes: readonly number[][]): unknown {
  return { centers: cs.centers(), predictions: probes.map((p) => cs.predictOne(p)), micro: cs.microClusters() };
}

describe("CluStream", () => {
  it("on seeded Gaussian blobs, its SSE is within 6 % of batch k-means++ (10 restarts)", () => {
    const ratios: string[] = [];
    for (const [seed, d, scale] of SETTINGS) {
      const { points } = blobs(seed, 5000, 5, d, scale);
      const cs = new CluStream({ k: 5, seed });
      for (const p of points) cs.learnOne(p);
      const ratio = sse(points, cs.centers()) / batchKMeans(points, 5).sse;
      ratios.push(`seed ${seed} d ${d} scale ${scale}: ${ratio.toFixed(6)}`);
      expect(ratio).toBeLessThanOrEqual(1.06);
    }
    console.log(`CluStream SSE / batch k-means++ SSE: ${ratios.join("; ")}`);
  });

  it("its offline step is within 1 % of a 50-restart weighted Lloyd on the same micro-clusters", () => {
    const ratios: string[] = [];
    for (const [seed, d, scale] of SETTINGS) {
      const { points } = blobs(seed, 3000, 5, d, scale);
      const cs = new CluStream({ k: 5, maxMicroClusters: 40, seed });
      for (const p of points) cs.learnOne(p);
      const micro = cs.microClusters();
      const centres = micro.map((m) => Array.from(m.center));
      const weights = micro.map((m) => m.weight);
      const got = weightedSse(centres, weights, cs.centers());
      const ratio = got / restartedWeightedSse(centres, weights, 5, 50, seed);
      ratios.push(ratio.toFixed(6));
      expect(ratio).toBeLessThanOrEqual(1.01);
    }
    console.log(`CluStream offline weighted SSE / 50-restart reference: ${ratios.join(", ")}`);
  });

  it("absorbs within the boundary, else merges the two closest micro-clusters, else replaces one older than the horizon", () => {
    const cs = new CluStream({ k: 1, maxMicroClusters: 3, initSize: 3, horizon: 10 });
    for (const x of [[0], [10], [20]]) cs.learnOne(x); // t = 0, 1, 2: three singletons
    const state = (): [number, number][] => cs.microClusters().map((m) => [m.center[0] as number, m.weight]);
    // t = 3: 100 is 80 from the singleton 20, beyond its nearest other centre (10): not absorbed.
    // Stamps 0, 1, 2 are not older than 3 − 10, so the closest pair (0, 10; ties to the first) merges.
    cs.learnOne([100]);
    expect(state()).toEqual([[5, 2], [100, 1], [20, 1]]);
    for (let t = 4; t <= 12; t++) cs.learnOne([100]); // exact duplicates: within a zero boundary
    expect(state()).toEqual([[5, 2], [100, 10], [20, 1]]);
    // t = 13: 50 is 30 from the singleton 20, beyond 15; the merged cluster's stamp (mean time 0.5) < 13 − 10
    cs.learnOne([50]);
    expect(state()).toEqual([[50, 1], [100, 10], [20, 1]]);
  });

  it("a micro-cluster of ≥ 2 records absorbs within radiusFactor × its RMS deviation", () => {
    const cs = new CluStream({ k: 1, maxMicroClusters: 2, initSize: 4, radiusFactor: 2 });
    for (const x of [[-1, 0], [1, 0], [100, 0], [101, 0]]) cs.learnOne(x); // k-means: {−1, 1} and {100, 101}
    expect(cs.microClusters().map((m) => m.radius)).toEqual([1, 0.5]); // boundaries 2 and 1
    cs.learnOne([0, 1.99]); // 1.99 from (0, 0): absorbed
    expect(cs.microClusters().map((m) => m.weight)).toEqual([3, 2]);
    const rms = Math.sqrt((1 + 1 + 1.99 ** 2) / 3 - (1.99 / 3) ** 2);
    expect(cs.microClusters()[0]?.radius).toBeCloseTo(rms, 12);
    cs.learnOne([0, -2.01 * rms]); // just beyond the boundary 2·rms: merge and restart
    expect(cs.microClusters().map((m) => m.weight)).toEqual([5, 1]);
  });

  it("the relevance stamp is μ_t below 2m records, else μ_t + σ_t·Φ⁻¹(1 − m/2n)", () => {
    const m = new TemporalMicroClusters(1, 3, 2, 10);
    m.seed(Float64Array.from([0]), 1, Int32Array.from([0]), 1); // a record at time 0
    for (let t = 1; t <= 4; t++) m.learn(Float64Array.from([0]), t);
    expect(m.relevanceStamp(0)).toBe(2); // n = 5 < 2m = 6: the mean time
    m.learn(Float64Array.from([0]), 5);
    // times 0…5: μ 2.5, σ² 35/12; Φ⁻¹(1 − 3/12) = Φ⁻¹(0.75) = 0.6744897501960817
    expect(m.relevanceStamp(0)).toBeCloseTo(2.5 + Math.sqrt(35 / 12) * 0.6744897501960817, 8);
  });

  it("normalQuantile is within Acklam's 1.15e-9 relative error of Φ⁻¹ (found by Newton's method on erfc)", () => {
    const phi = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);
    for (const p of [1e-12, 1e-6, 0.001, 0.02, 0.02425, 0.1, 0.3, 0.75, 0.9, 0.97575, 0.99, 1 - 1e-9]) {
      // Newton from 0 on the lower tail: Φ is convex there, so the iterates fall monotonically to the root
      const tail = Math.min(p, 1 - p);
      let x = 0;
      for (let i = 0; i < 200; i++) x -= (phi(x) - tail) / (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI));
      const exact = p < 0.5 ? x : -x;
      expect(Math.abs(normalQuantile(p) - exact)).toBeLessThanOrEqual(1.2e-9 * Math.abs(exact));
    }
    expect(normalQuantile(0.5)).toBe(0);
    expect([normalQuantile(0), normalQuantile(1), normalQuantile(1.5)]).toEqual([-Infinity, Infinity, NaN]);
  });

  it("micro-clusters conserve records and their sum while nothing is older than the horizon", () => {
    const coord = fc.integer({ min: -50, max: 50 });
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 8 }), fc.array(fc.tuple(coord, coord), { minLength: 1, maxLength: 80 }), (q, initSize, xs) => {
        const cs = new CluStream({ k: 2, maxMicroClusters: q, initSize, horizon: 1e9 });
        for (const x of xs) cs.learnOne(x);
        const micro = cs.microClusters();
        if (xs.length < initSize) {
          expect(micro).toEqual([]);
          return;
        }
        expect(micro.length).toBeLessThanOrEqual(q);
        expect(micro.reduce((s, m) => s + m.weight, 0)).toBe(xs.length);
        for (const i of [0, 1]) {
          // integer coordinates: n·(LS/n) may round, so within 1e-9 of the exact sum
          const sum = micro.reduce((s, m) => s + m.weight * (m.center[i] as number), 0);
          expect(Math.abs(sum - xs.reduce((s, x) => s + (x[i] as number), 0))).toBeLessThanOrEqual(1e-9 * (1 + 50 * xs.length));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("answers 0 and has no centres until initSize records, then at most k", () => {
    const cs = new CluStream({ k: 3, initSize: 5 });
    expect(cs.predictOne([1, 2])).toBe(0);
    for (const x of [[0, 0], [1, 1], [2, 2], [3, 3]]) cs.learnOne(x);
    expect(cs.centers()).toEqual([]);
    expect(cs.microClusters()).toEqual([]);
    cs.learnOne([4, 4]);
    expect(cs.centers()).toHaveLength(3);
    expect(cs.microClusters()).toHaveLength(5);
    const two = new CluStream({ k: 4, initSize: 2 });
    two.learnOne([0]);
    two.learnOne([1]);
    expect(two.centers()).toHaveLength(2); // fewer micro-clusters than k
  });

  it("predictOne and centers change no state, and the cached offline step gives what a fresh model gives", () => {
    const { points } = blobs(7, 600, 3, 2);
    const a = new CluStream({ k: 3, maxMicroClusters: 20, initSize: 30, seed: 2 });
    const b = new CluStream({ k: 3, maxMicroClusters: 20, initSize: 30, seed: 2 });
    points.forEach((p, i) => {
      const before = a.snapshot();
      if (i % 7 === 0) a.predictOne(p);
      if (i % 11 === 0) a.centers();
      expect(Buffer.compare(a.snapshot(), before)).toBe(0); // toEqual on 600 byte arrays takes seconds
      a.learnOne(p);
      b.learnOne(p);
    });
    expect(outputs(a, points.slice(0, 50) as number[][])).toEqual(outputs(b, points.slice(0, 50) as number[][]));
  });

  it("restores mid-init and mid-stream, and continues identically", () => {
    const { points } = blobs(9, 800, 4, 3);
    for (const cut of [10, 500]) {
      const a = new CluStream({ k: 4, maxMicroClusters: 15, initSize: 40, horizon: 200, seed: 5 });
      for (const p of points.slice(0, cut)) a.learnOne(p);
      const b = CluStream.restore(a.snapshot());
      expect(b.snapshot()).toEqual(a.snapshot());
      for (const p of points.slice(cut)) {
        expect(b.predictOne(p)).toBe(a.predictOne(p));
        a.learnOne(p);
        b.learnOne(p);
      }
      expect(outputs(b, points.slice(0, 40) as number[][])).toEqual(outputs(a, points.slice(0, 40) as number[][]));
      expect(b.snapshot()).toEqual(a.snapshot());
    }
  });

  it("rejects bad input naming the method, before any state change", () => {
    const cs = new CluStream({ k: 2, initSize: 3 });
    expect(() => cs.learnOne([])).toThrow(/CluStream.learnOne: x has no features/);
    expect(() => cs.learnOne([1, NaN])).toThrow(EstimatorInputError);
    expect(cs.snapshot()).toEqual(new CluStream({ k: 2, initSize: 3 }).snapshot());
    for (const x of [[1, 2], [3, 4], [5, 6], [7, 8]]) cs.learnOne(x);
    const before = cs.snapshot();
    expect(() => cs.learnOne([1, 2, 3])).toThrow(/CluStream.learnOne: x has 3 features, expected 2/);
    expect(() => cs.learnOne([1, Infinity])).toThrow(/CluStream.learnOne: x\[1\] must be a finite number/);
    expect(() => cs.predictOne([NaN, 1])).toThrow(/CluStream.predictOne: x\[0\]/);
    expect(() => cs.predictOne([1])).toThrow(/CluStream.predictOne: x has 1 feature, expected 2/);
    expect(cs.snapshot()).toEqual(before);
  });

  it("rejects bad options, naming the option", () => {
    expect(() => new CluStream({ k: 0 })).toThrow(EstimatorConfigError);
    expect(() => new CluStream({ k: 1.5 })).toThrow(/CluStream.constructor: option k must be/);
    expect(() => new CluStream({ maxMicroClusters: 1 })).toThrow(/option maxMicroClusters must be an integer ≥ 2/);
    expect(() => new CluStream({ horizon: -1 })).toThrow(/option horizon/);
    expect(() => new CluStream({ horizon: Infinity })).toThrow(/option horizon/);
    expect(() => new CluStream({ radiusFactor: 0 })).toThrow(/option radiusFactor/);
    expect(() => new CluStream({ initSize: 0 })).toThrow(/option initSize/);
    expect(() => new CluStream({ restarts: 0 })).toThrow(/option restarts/);
    expect(() => new CluStream({ seed: 0.5 })).toThrow(/option seed/);
    expect(() => new CluStream({ q: 3 } as never)).toThrow(/unknown option "q"/);
  });

  it("rejects a truncated snapshot", () => {
    const cs = new CluStream({ k: 2, initSize: 2 });
    for (const x of [[1], [2], [3]]) cs.learnOne(x);
    const bytes = cs.snapshot();
    expect(() => CluStream.restore(bytes.slice(0, bytes.length - 3))).toThrow(/CluStream.restore: snapshot is truncated/);
  });
});
