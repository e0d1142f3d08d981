import { describe, expect, it } from "vitest";
import { EstimatorInputError, Random } from "streamine/algorithms";
import { HoeffdingTreeRegressor, type HoeffdingTreeRegressorOptions } from "../../../algorithms/regression/hoeffding-tree-regressor.js";
import { EBST } from "../../../algorithms/regression/tree/e-bst.js";

type Row = { x: readonly number[]; y: number };

/** x ~ N(0, 1)^dim; y = target(x) + noise·N(0, 1). */
function stream(seed: number, n: number, dim: number, target: (x: number[]) => number, noise: number): Row[] {
  const r = new Random(seed);
  const out: Row[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: dim }, () => r.nextGaussian());
    out.push({ x: Object.freeze(x), y: target(x) + noise * r.nextGaussian() });
  }
  return out;
}

/** Prequential MAE of a model (predict, then learn). */
function prequentialMae(model: { predictOne(x: readonly number[]): number; learnOne(x: readonly number[], y: number): void }, rows: Row[]): number {
  let s = 0;
  for (const { x, y } of rows) {
    s += Math.abs(y - model.predictOne(x));
    model.learnOne(x, y);
  }
  return s / rows.length;
}

function runningMeanMae(rows: Row[]): number {
  let mean = 0;
  let s = 0;
  rows.forEach(({ y }, i) => {
    s += Math.abs(y - mean);
    mean += (y - mean) / (i + 1);
  });
  return s / rows.length;
}

const step = (x: number[]): number => ((x[0] as number) > 0 ? 5 : -5);
const linear3 = (x: number[]): number => x.reduce((s, v, j) => s + (j + 1) * v, 0);

describe("HoeffdingTreeRegressor", () => {
  it("answers 0 before learning (cold start) and still validates its input", () => {
    const t = new HoeffdingTreeRegressor();
    expect(t.predictOne([1, 2, 3])).toBe(0);
    expect(t.predictOne([7])).toBe(0);
    expect(() => t.predictOne([1, NaN])).toThrow("HoeffdingTreeRegressor.predictOne: x[1]");
    expect(() => t.learnOne([], 1)).toThrow(EstimatorInputError);
    expect(t.height).toBe(0);
    expect(t.nLeaves).toBe(0);
  });

  it("rejects bad options, naming the option", () => {
    expect(() => new HoeffdingTreeRegressor({ gracePeriod: 0 })).toThrow(/gracePeriod/);
    expect(() => new HoeffdingTreeRegressor({ delta: 1 })).toThrow(/delta/);
    expect(() => new HoeffdingTreeRegressor({ maxDepth: -1 })).toThrow(/maxDepth/);
    expect(() => new HoeffdingTreeRegressor({ leafPrediction: "median" as "mean" })).toThrow(/leafPrediction/);
    expect(() => new HoeffdingTreeRegressor({ splitterDigits: 1.5 })).toThrow(/splitterDigits/);
    expect(() => new HoeffdingTreeRegressor({ grace: 10 } as HoeffdingTreeRegressorOptions)).toThrow(/unknown option "grace"/);
  });

  it("learns a step target: the root splits on x0 near 0 and the MAE beats a running mean", () => {
    const rows = stream(11, 5_000, 3, step, 1);
    const tree = new HoeffdingTreeRegressor();
    const mae = prequentialMae(tree, rows);
    const baseline = runningMeanMae(rows);
    const root = tree.splits()[0];
    expect(root?.feature).toBe(0);
    expect(Math.abs(root?.threshold ?? Infinity)).toBeLessThan(0.15);
    // The noise alone has MAE √(2/π) ≈ 0.80; the running mean sits near 5.
    expect(baseline).toBeGreaterThan(4.5);
    expect(mae).toBeLessThan(1.2);
    expect(tree.predictOne([-1, 0, 0])).toBeCloseTo(-5, 0);
    expect(tree.predictOne([1, 0, 0])).toBeCloseTo(5, 0);
  });

  it("does not attempt a split before gracePeriod records", () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ x: [i % 2], y: i % 2 === 0 ? -1 : 1 }));
    const tree = new HoeffdingTreeRegressor({ gracePeriod: 100, leafPrediction: "mean" });
    for (const { x, y } of rows.slice(0, 99)) tree.learnOne(x, y);
    expect(tree.splits()).toEqual([]);
    const last = rows[99] as { x: number[]; y: number };
    tree.learnOne(last.x, last.y);
    // Perfect separation: merit = the whole variance, the null split 0, so ratio 0 < 1 − ε.
    expect(tree.splits()).toEqual([{ feature: 0, threshold: 0, depth: 0 }]);
    expect(tree.predictOne([0])).toBe(-1);
    expect(tree.predictOne([1])).toBe(1);
  });

  it("respects maxDepth: 0 never splits, 1 splits once, unlimited grows deeper on the same stream", () => {
    const stairs = (x: number[]): number => 10 * Math.floor(2 * (x[0] as number));
    const rows = stream(12, 6_000, 2, stairs, 0.5);
    const grow = (o: HoeffdingTreeRegressorOptions): HoeffdingTreeRegressor => {
      const t = new HoeffdingTreeRegressor({ gracePeriod: 50, leafPrediction: "mean", ...o });
      for (const { x, y } of rows) t.learnOne(x, y);
      return t;
    };
    expect(grow({ maxDepth: 0 }).height).toBe(0);
    const one = grow({ maxDepth: 1 });
    expect(one.height).toBe(1);
    expect(one.nLeaves).toBe(2);
    const two = grow({ maxDepth: 2 });
    expect(two.height).toBe(2);
    expect(two.splits().every((s) => s.depth < 2)).toBe(true);
    expect(grow({}).height).toBeGreaterThan(2);
  });

  it("model leaves fit a noiseless linear target; adaptive leaves pick the model there", () => {
    const rows = stream(13, 4_000, 3, linear3, 0);
    const model = new HoeffdingTreeRegressor({ leafPrediction: "model" });
    const adaptive = new HoeffdingTreeRegressor({ leafPrediction: "adaptive" });
    const mean = new HoeffdingTreeRegressor({ leafPrediction: "mean" });
    const tail = rows.slice(3_000);
    prequentialMae(model, rows.slice(0, 3_000));
    prequentialMae(adaptive, rows.slice(0, 3_000));
    prequentialMae(mean, rows.slice(0, 3_000));
    const mModel = prequentialMae(model, tail);
    const mAdaptive = prequentialMae(adaptive, tail);
    const mMean = prequentialMae(mean, tail);
    expect(mModel).toBeLessThan(0.05);
    expect(mAdaptive).toBeLessThan(0.05);
    expect(mMean).toBeGreaterThan(10 * mModel);
  });

});

describe("EBST", () => {
  /** Brute force: sort, then for every distinct value t compute var(all) − Σ nᵢ/n var(side) directly. */
  function reference(xs: number[], ys: number[], minSamples: number): { merit: number; threshold: number } {
    const v = (a: number[]): number => {
      if (a.length <= 1) return 0;
      const m = a.reduce((s, b) => s + b, 0) / a.length;
      return a.reduce((s, b) => s + (b - m) ** 2, 0) / (a.length - 1);
    };
    const all = v(ys);
    let best = { merit: -Infinity, threshold: NaN };
    for (const t of [...new Set(xs)].sort((a, b) => a - b)) {
      const l = ys.filter((_, i) => (xs[i] as number) <= t);
      const r = ys.filter((_, i) => (xs[i] as number) > t);
      const merit = l.length < minSamples || r.length < minSamples ? 0 : all - (l.length / ys.length) * v(l) - (r.length / ys.length) * v(r);
      if (merit > best.merit + 1e-9) best = { merit, threshold: t };
    }
    return best;
  }

  it.each([1, 2, 3])("finds the same best threshold and merit as a brute-force search (seed %i)", (seed) => {
    const r = new Random(seed);
    const xs = Array.from({ length: 300 }, () => Math.round(r.nextGaussian() * 20) / 10);
    const ys = xs.map((x) => (x > 0.4 ? 3 : 0) + x + r.nextGaussian());
    const t = new EBST(4);
    let n = 0;
    let mean = 0;
    let m2 = 0;
    xs.forEach((x, i) => {
      const y = ys[i] as number;
      t.insert(x, y);
      n++;
      const d = y - mean;
      mean += d / n;
      m2 += d * (y - mean);
    });
    t.bestSplit(n, mean, m2, 5);
    const ref = reference(xs, ys, 5);
    expect(t.bestThreshold).toBe(ref.threshold);
    expect(t.bestMerit).toBeCloseTo(ref.merit, 9);
    expect(t.bestN).toBe(xs.filter((x) => x <= ref.threshold).length);
  });

  it("walks a degenerate (sorted-input) tree of 20,000 keys without recursion", () => {
    const t = new EBST();
    let n = 0;
    let mean = 0;
    let m2 = 0;
    for (let i = 0; i < 20_000; i++) {
      const y = i < 12_345 ? 0 : 1;
      t.insert(i, y);
      n++;
      const d = y - mean;
      mean += d / n;
      m2 += d * (y - mean);
    }
    t.bestSplit(n, mean, m2, 5);
    expect(t.bestThreshold).toBe(12_344);
    expect(t.bestN).toBe(12_345);
    expect(t.bestM2).toBe(0);
  });
});
