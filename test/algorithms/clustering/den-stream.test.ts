import { describe, expect, it } from "vitest";
import { DenStream, EstimatorConfigError, EstimatorInputError, ROCAUC } from "streamine/algorithms";
import { microClusterDbscan } from "../../../algorithms/clustering/micro-cluster-dbscan.js";
import { noisyBlobs, referenceDbscan } from "./offline-reference.js";
import { sqDist } from "./reference.js";

/** Well-separated unit-variance blobs with 2–5 % uniform noise in [−16, 16]^d. */
const CONFIGS = [
  { seed: 1, noise: 0.02, centres: [[0, 0], [10, 0], [0, 10]] },
  { seed: 2, noise: 0.05, centres: [[0, 0], [10, 0], [0, 10], [10, 10], [-10, -10]] },
  { seed: 3, noise: 0.03, centres: [[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10]] },
  { seed: 4, noise: 0.04, centres: [[-8, 0], [8, 0]] },
];

/** What a model answers: its clusters, predictions and scores for some probes, its micro-clusters. */
function outputs(ds: DenStream, probes: readonly number[][]): unknown {
  return { centers: ds.centers(), predictions: probes.map((p) => ds.predictOne(p)), scores: probes.map((p) => ds.scoreOne(p)), micro: ds.microClusters() };
}

describe("DenStream", () => {
  it("on well-separated blobs with uniform noise, finds as many clusters as blobs, centred on them, and scoreOne ranks outliers high", () => {
    const report: string[] = [];
    for (const { seed, noise, centres } of CONFIGS) {
      const records = noisyBlobs(seed, 5000, centres, noise, 16);
      const ds = new DenStream({ epsilon: 1, initSize: 500 });
      const auc = new ROCAUC();
      records.forEach((r, i) => {
        const s = ds.scoreOne(r.x); // prequential: scored before it is learned
        if (i >= 500) auc.update(r.outlier, s);
        ds.learnOne(r.x);
      });
      const found = ds.centers();
      report.push(`seed ${seed}: ${centres.length} blobs, ${found.length} clusters, ROC-AUC ${auc.get().toFixed(4)}`);
      expect(found).toHaveLength(centres.length);
      for (const c of centres) expect(Math.min(...found.map((f) => sqDist(c, f)))).toBeLessThan(0.25);
      expect(auc.get()).toBeGreaterThanOrEqual(0.9);
    }
    console.log(`DenStream on noisy blobs: ${report.join("; ")}`);
  });

  it("its clusters are those of an independent DBSCAN on the same potential micro-clusters", () => {
    const report: string[] = [];
    for (const { seed, noise, centres } of CONFIGS) {
      const ds = new DenStream({ epsilon: 0.7, initSize: 300 }); // a smaller ε: more micro-clusters, some clusters split
      for (const r of noisyBlobs(seed, 3000, centres, noise, 16)) ds.learnOne(r.x);
      const potential = ds.microClusters().filter((m) => m.kind === "potential");
      const points = potential.map((m) => Array.from(m.center));
      const weights = potential.map((m) => m.weight);
      const want = referenceDbscan(points, weights, 1.4, 2);
      const labels = new Int32Array(points.length);
      microClusterDbscan(Float64Array.from(points.flat()), Float64Array.from(weights), points.length, centres[0]?.length ?? 0, 1.4, 2, labels);
      expect(Array.from(labels)).toEqual(want);
      const count = new Set(want.filter((l) => l >= 0)).size;
      const cores = weights.filter((w) => w >= 2).length;
      report.push(`seed ${seed}: ${points.length} potential (${cores} core, ${want.filter((l) => l < 0).length} noise), ${count} clusters`);
      const got = ds.centers();
      expect(got).toHaveLength(count);
      for (let c = 0; c < count; c++) {
        const members = want.map((l, j) => [l, j] as const).filter(([l]) => l === c);
        const mass = members.reduce((s, [, j]) => s + (weights[j] as number), 0);
        const mean = (points[0] as number[]).map((_, t) => members.reduce((s, [, j]) => s + (weights[j] as number) * ((points[j] as number[])[t] as number), 0) / mass);
        mean.forEach((v, t) => expect((got[c] as Float64Array)[t]).toBeCloseTo(v, 9));
      }
    }
    console.log(`DenStream offline step vs reference DBSCAN (ε 0.7): ${report.join("; ")}`);
  });

  it("fades weights by 2^(−λΔt), promotes an outlier micro-cluster at βμ, and prunes every Tp by βμ and ξ", () => {
    // λ 0.5, βμ 1.5, Tp = ⌈2·log₂3⌉ = 4; one record per time unit
    const ds = new DenStream({ lambda: 0.5, epsilon: 1, mu: 2, beta: 0.75, initSize: 3, streamSpeed: 1 });
    for (const x of [[0], [0.1], [0.2]]) ds.learnOne(x); // t 0, 1, 2; at t = 2 they weigh 0.5, √½, 1
    const h = Math.SQRT1_2; // 2^(−λ) per time unit
    const potential0 = 0.5 + h + 1;
    expect(ds.microClusters().map((m) => [m.kind, m.weight])).toEqual([["potential", expect.closeTo(potential0 * h, 12)]]); // seen from t = 3
    ds.learnOne([50]); // t = 3: too far from the potential one: a new outlier micro-cluster
    expect(ds.microClusters().map((m) => m.kind)).toEqual(["potential", "outlier"]);
    // t = 4: joins the outlier one, whose weight √½ + 1 ≥ 1.5 makes it potential; then the pruning at
    // t = 4 deletes the first, faded to 2.207·2^(−1) < 1.5
    ds.learnOne([50.1]);
    const [only, ...rest] = ds.microClusters();
    expect(rest).toEqual([]);
    expect(only?.kind).toBe("potential");
    expect(only?.weight).toBeCloseTo((h + 1) * h, 12);
    expect(only?.center[0]).toBeCloseTo((h * 50 + 50.1) / (h + 1), 12);
    ds.learnOne([-50]); // t = 5: a new outlier micro-cluster
    ds.learnOne([50.05]); // t = 6, 7: into the potential one
    ds.learnOne([50.05]);
    expect(ds.microClusters().map((m) => [m.kind, m.weight])).toEqual([
      ["potential", expect.closeTo((((h + 1) * h * h + 1) * h + 1) * h, 12)],
      ["outlier", expect.closeTo(h ** 3, 12)],
    ]);
    // t = 8: a new outlier micro-cluster, then pruning: ξ = (2^(−0.5·(8 − 5 + 4)) − 1)/(2^(−2) − 1) ≈ 1.22
    // deletes the one made at t = 5 (weight 2^(−1.5) ≈ 0.35); the new one has ξ = 1 ≤ its weight 1
    ds.learnOne([-80]);
    expect(ds.microClusters().map((m) => [m.kind, m.center[0]])).toEqual([
      ["potential", expect.closeTo(50.05, 1)],
      ["outlier", -80],
    ]);
  });

  it("the initial scan takes earlier uncovered records into a later neighbourhood and drops the rest", () => {
    const ds = new DenStream({ epsilon: 1, mu: 2.5, beta: 1, initSize: 5 });
    // βμ = 2.5: 0's neighbourhood {0, 0.9} weighs 2; 0.9's {0, 0.9, 1.8} weighs 3; 10 and 20 alone
    for (const x of [[0], [10], [0.9], [1.8], [20]]) ds.learnOne(x);
    const micro = ds.microClusters();
    expect(micro.map((m) => [m.kind, m.weight])).toEqual([["potential", 3]]);
    expect(micro[0]?.center[0]).toBeCloseTo(0.9, 14);
    expect(micro[0]?.radius).toBeCloseTo(Math.sqrt((0.81 + 0 + 0.81) / 3), 14);
  });

  it("scoreOne grades where x would land: r/(r + ε) in a potential micro-cluster, 1 + … in an outlier one, 2 + … elsewhere", () => {
    const ds = new DenStream({ epsilon: 1, initSize: 3 });
    for (const x of [[0, 0], [0, 1], [1, 0]]) ds.learnOne(x); // one potential micro-cluster, centre (1/3, 1/3)
    ds.learnOne([30, 40]); // an outlier micro-cluster
    const before = ds.snapshot();
    expect(ds.scoreOne([1 / 3, 1 / 3])).toBe(0);
    expect(ds.scoreOne([1 / 3, 1 / 3 + 0.5])).toBeCloseTo(0.5 / 1.5, 12);
    expect(ds.scoreOne([30, 40.5])).toBeCloseTo(1 + 0.5 / 1.5, 12);
    const far = Math.hypot(-10 - 1 / 3, -1 / 3);
    expect(ds.scoreOne([-10, 0])).toBeCloseTo(2 + far / (far + 1), 12);
    expect(ds.snapshot()).toEqual(before);
    const cold = new DenStream({ initSize: 3 });
    expect(cold.scoreOne([1, 2])).toBe(0);
    cold.learnOne([1, 2]);
    expect(cold.scoreOne([100, 100])).toBe(0); // still buffering
  });

  it("answers 0 and has no clusters until the initial scan; predictOne is in [0, clusters)", () => {
    const ds = new DenStream({ epsilon: 1, initSize: 40, streamSpeed: 10 });
    const records = noisyBlobs(5, 400, [[0, 0], [6, 6]], 0.02, 10);
    records.slice(0, 39).forEach((r) => ds.learnOne(r.x));
    expect(ds.centers()).toEqual([]);
    expect(ds.microClusters()).toEqual([]);
    expect(ds.predictOne([0, 0])).toBe(0);
    for (const r of records.slice(39)) {
      ds.learnOne(r.x);
      const id = ds.predictOne(r.x);
      expect(id >= 0 && id < Math.max(1, ds.centers().length)).toBe(true);
    }
    expect(ds.centers()).toHaveLength(2);
  });

  it("restores mid-init and mid-stream, and continues identically", () => {
    const records = noisyBlobs(6, 1500, [[0, 0], [7, 0], [0, 7]], 0.03, 12);
    const probes = records.slice(0, 30).map((r) => r.x);
    for (const cut of [50, 900]) {
      const a = new DenStream({ epsilon: 0.8, initSize: 100, streamSpeed: 20 });
      for (const r of records.slice(0, cut)) a.learnOne(r.x);
      const b = DenStream.restore(a.snapshot());
      expect(b.snapshot()).toEqual(a.snapshot());
      for (const r of records.slice(cut)) {
        expect(b.scoreOne(r.x)).toBe(a.scoreOne(r.x));
        expect(b.predictOne(r.x)).toBe(a.predictOne(r.x));
        a.learnOne(r.x);
        b.learnOne(r.x);
      }
      expect(outputs(b, probes)).toEqual(outputs(a, probes));
      expect(b.snapshot()).toEqual(a.snapshot());
    }
  });

  it("rejects bad input naming the method, before any state change", () => {
    const ds = new DenStream({ epsilon: 1, initSize: 2 });
    expect(() => ds.learnOne([])).toThrow(/DenStream.learnOne: x has no features/);
    expect(() => ds.learnOne([NaN])).toThrow(EstimatorInputError);
    expect(ds.snapshot()).toEqual(new DenStream({ epsilon: 1, initSize: 2 }).snapshot());
    for (const x of [[1, 2], [1, 2.1], [5, 5]]) ds.learnOne(x);
    const before = ds.snapshot();
    expect(() => ds.learnOne([1, 2, 3])).toThrow(/DenStream.learnOne: x has 3 features, expected 2/);
    expect(() => ds.learnOne([-Infinity, 2])).toThrow(/DenStream.learnOne: x\[0\] must be a finite number/);
    expect(() => ds.predictOne([1, NaN])).toThrow(/DenStream.predictOne: x\[1\]/);
    expect(() => ds.scoreOne([1])).toThrow(/DenStream.scoreOne: x has 1 feature, expected 2/);
    expect(() => ds.scoreOne("ab" as never)).toThrow(/DenStream.scoreOne/);
    expect(ds.snapshot()).toEqual(before);
  });

  it("rejects bad options, naming the option", () => {
    expect(() => new DenStream({ lambda: 0 })).toThrow(EstimatorConfigError);
    expect(() => new DenStream({ lambda: -1 })).toThrow(/DenStream.constructor: option lambda/);
    expect(() => new DenStream({ epsilon: 0 })).toThrow(/option epsilon/);
    expect(() => new DenStream({ beta: 1.5 })).toThrow(/option beta must be a number in \(0, 1\]/);
    expect(() => new DenStream({ beta: 0.5, mu: 2 })).toThrow(/option mu must be a finite number with beta·mu > 1/);
    expect(() => new DenStream({ initSize: 0 })).toThrow(/option initSize/);
    expect(() => new DenStream({ streamSpeed: 2.5 })).toThrow(/option streamSpeed/);
    expect(() => new DenStream({ eps: 1 } as never)).toThrow(/unknown option "eps"/);
  });
});
