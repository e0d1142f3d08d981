import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError, Random } from "streamine/algorithms";
import { MiniBatchKMeans } from "../../../algorithms/clustering/index.js";
import { batchKMeans, blobs, sse, type Point } from "./reference.js";

describe("MiniBatchKMeans", () => {

  it("on stationary Gaussian blobs, its SSE is within 5 % of batch k-means++ (10 restarts)", () => {
    const ratios: string[] = [];
    for (const [seed, d, scale] of [[1, 2, 10], [2, 2, 5], [3, 10, 10], [4, 10, 3]] as const) {
      const { points } = blobs(seed, 5000, 5, d, scale);
      const km = new MiniBatchKMeans({ k: 5, batchSize: 100, seed });
      for (const p of points) km.learnOne(p);
      const ratio = sse(points, km.centers()) / batchKMeans(points, 5).sse;
      ratios.push(`seed ${seed} d ${d} scale ${scale}: ${ratio.toFixed(6)}`);
      expect(ratio).toBeLessThanOrEqual(1.05);
    }
    console.log(`MiniBatchKMeans SSE / batch k-means++ SSE: ${ratios.join("; ")}`);
  });

  it("on a drifting stream, a decaying model has a lower windowed SSE than a non-decaying one", () => {
    const r = new Random(11);
    const d = 2;
    const centres = [
      [0, 0],
      [10, 0],
      [0, 10],
    ];
    const decaying = new MiniBatchKMeans({ k: 3, batchSize: 50, halfLife: 5, seed: 2 });
    const still = new MiniBatchKMeans({ k: 3, batchSize: 50, seed: 2 });
    const window: Point[] = [];
    let sseDecaying = 0;
    let sseStill = 0;
    for (let b = 0; b < 200; b++) {
      // every batch the clusters move 0.1 along (1, 1): 20 units over the stream
      for (const c of centres) for (let t = 0; t < d; t++) (c as number[])[t] = (c[t] as number) + 0.1;
      const batch = Array.from({ length: 50 }, () => (centres[r.nextInt(3)] as number[]).map((v) => v + r.nextGaussian()));
      if (b >= 20) {
        // prequential, windowed: the SSE of this batch under the centres learned before it
        sseDecaying += sse(batch, decaying.centers());
        sseStill += sse(batch, still.centers());
        window.push(...batch);
      }
      decaying.learnMany(batch);
      still.learnMany(batch);
    }
    console.log(`drifting stream, windowed SSE per record: decaying ${(sseDecaying / window.length).toFixed(3)}, non-decaying ${(sseStill / window.length).toFixed(3)}`);
    expect(sseDecaying).toBeLessThan(0.5 * sseStill);
  });

  it("is Spark's update rule on a hand-checked batch: weights decay, centres move by m/(w + m)", () => {
    const km = new MiniBatchKMeans({ k: 2, decayFactor: 0.5, seed: 1 });
    km.learnMany([[0], [0], [10], [10]]); // seeds 0 and 10 (k-means++ cannot pick the same point twice here)
    const order = (km.centers()[0] as Float64Array)[0] === 0 ? [0, 1] : [1, 0];
    const at = (j: number): number => (km.centers()[order[j] as number] as Float64Array)[0] as number;
    expect([at(0), at(1)]).toEqual([0, 10]);
    expect(Array.from(km.clusterWeights())).toEqual([2, 2]);
    km.learnMany([[1], [1], [11]]);
    // weights 2·0.5 = 1; cluster 0 gets 2 records of mean 1: c ← 0 + 2/3·(1 − 0); cluster 1 gets 1 record: c ← 10 + 1/2·1
    expect(at(0)).toBeCloseTo(2 / 3, 14);
    expect(at(1)).toBeCloseTo(10.5, 14);
    const w = km.clusterWeights();
    expect([w[order[0] as number], w[order[1] as number]]).toEqual([3, 2]);
  });

  it("timeUnit 'points' discounts by a^m for a batch of m records", () => {
    const km = new MiniBatchKMeans({ k: 1, decayFactor: 0.5, timeUnit: "points" });
    km.learnMany([[0], [0]]);
    km.learnMany([[3], [3], [3]]);
    // w = 2·0.5³ = 0.25, then c ← 0 + 3/3.25·3
    expect((km.centers()[0] as Float64Array)[0]).toBeCloseTo(9 / 3.25, 14);
    expect(km.clusterWeights()[0]).toBeCloseTo(3.25, 14);
  });

  it("splits the heaviest cluster when one is dying", () => {
    const km = new MiniBatchKMeans({ k: 2, decayFactor: 0, seed: 3 });
    km.learnMany([[0], [100]]);
    // decay 0 and every later record near 0: the cluster at 100 gets no records, its weight drops to 0
    km.learnMany([[0.1], [0.2], [-0.1]]);
    const w = km.clusterWeights();
    expect(w[0]).toBe(w[1]);
    const cs = km.centers().map((c) => c[0] as number);
    expect(Math.abs((cs[0] as number) - (cs[1] as number))).toBeLessThan(1e-12);
    expect(Math.abs(cs[0] as number)).toBeLessThan(1);
  });

  it("learnOne batches every batchSize records exactly as learnMany on those batches", () => {
    const { points } = blobs(5, 1000, 4, 3);
    const a = new MiniBatchKMeans({ k: 4, batchSize: 40, halfLife: 3, seed: 9 });
    const b = new MiniBatchKMeans({ k: 4, batchSize: 40, halfLife: 3, seed: 9 });
    for (const p of points) a.learnOne(p);
    for (let i = 0; i < points.length; i += 40) b.learnMany(points.slice(i, i + 40));
    expect(a.snapshot()).toEqual(b.snapshot());
  });

  it("learnMany validates every row before learning any, naming the row", () => {
    const km = new MiniBatchKMeans({ k: 2, batchSize: 4 });
    expect(() => km.learnMany([[1, 2], [1, NaN]])).toThrow(/MiniBatchKMeans.learnMany: xs\[1\]\[1\] must be a finite number/);
    expect(km.snapshot()).toEqual(new MiniBatchKMeans({ k: 2, batchSize: 4 }).snapshot());
    km.learnMany([[1, 2], [3, 4], [5, 6]]);
    const before = km.snapshot();
    expect(() => km.learnMany([[1, 2], [1, 2, 3]])).toThrow(/xs\[1\] has 3 features, expected 2/);
    expect(() => km.learnMany("no" as never)).toThrow(EstimatorInputError);
    expect(km.snapshot()).toEqual(before);
    km.learnMany([]);
    expect(km.snapshot()).toEqual(before);
  });

  it("rejects bad options, naming the option", () => {
    expect(() => new MiniBatchKMeans({ k: 0 })).toThrow(EstimatorConfigError);
    expect(() => new MiniBatchKMeans({ decayFactor: 1.5 })).toThrow(/MiniBatchKMeans.constructor: option decayFactor/);
    expect(() => new MiniBatchKMeans({ decayFactor: 0.9, halfLife: 4 })).toThrow(/option halfLife must be 0 when decayFactor is set/);
    expect(() => new MiniBatchKMeans({ timeUnit: "seconds" as "points" })).toThrow(/option timeUnit/);
    expect(() => new MiniBatchKMeans({ batchSize: 0 })).toThrow(/option batchSize/);
  });

  it("restores with records pending before the centres are seeded and continues identically", () => {
    const { points } = blobs(6, 600, 3, 2);
    const a = new MiniBatchKMeans({ k: 3, batchSize: 64, seed: 2 });
    for (const p of points.slice(0, 30)) a.learnOne(p);
    const b = MiniBatchKMeans.restore(a.snapshot());
    for (const p of points.slice(30)) {
      a.learnOne(p);
      b.learnOne(p);
    }
    expect(b.snapshot()).toEqual(a.snapshot());
  });
});
