import { describe, expect, it } from "vitest";
import { Random, type Regressor } from "streamine/algorithms";
import { BaggingRegressor } from "../../../algorithms/regression/bagging-regressor.js";
import { HoeffdingTreeRegressor } from "../../../algorithms/regression/hoeffding-tree-regressor.js";
import { LinearRegression } from "../../../algorithms/regression/linear-regression.js";
import { pipe } from "../../../algorithms/compose/pipe.js";
import { StandardScaler } from "../../../algorithms/preprocessing/standard-scaler.js";
import { openSnapshot, SnapshotWriter } from "../../../algorithms/base/snapshot.js";

type Row = { x: readonly number[]; y: number };

function stream(seed: number, n: number, dim: number, target: (x: number[]) => number, noise: number): Row[] {
  const r = new Random(seed);
  const out: Row[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: dim }, () => r.nextGaussian());
    out.push({ x: Object.freeze(x), y: target(x) + noise * r.nextGaussian() });
  }
  return out;
}

function outputs(m: Regressor, rows: Row[]): number[] {
  return rows.map(({ x, y }) => {
    const p = m.predictOne(x);
    m.learnOne(x, y);
    return p;
  });
}

const mae = (m: Regressor, rows: Row[]): number => outputs(m, rows).reduce((s, p, i) => s + Math.abs((rows[i] as Row).y - p), 0) / rows.length;
const linear3 = (x: number[]): number => x.reduce((s, v, j) => s + (j + 1) * v, 0);

/** A member that counts its learnOne calls and predicts that count (to observe the Poisson weights). */
class Counter implements Regressor {
  readonly options = Object.freeze({});
  calls = 0;
  learnOne(): void {
    this.calls++;
  }
  predictOne(): number {
    return this.calls;
  }
  snapshot(): Uint8Array {
    return new SnapshotWriter("Counter", 1, {}).f64(this.calls).finish();
  }
  static restore(bytes: Uint8Array): Counter {
    const { reader } = openSnapshot(bytes, "Counter", [1]);
    const c = new Counter();
    c.calls = reader.f64();
    reader.end();
    return c;
  }
}

describe("BaggingRegressor", () => {
  it("draws Poisson(1) weights: mean 1 per member and record, P(0) = e⁻¹", () => {
    const bag = new BaggingRegressor({ model: () => new Counter(), nModels: 20, seed: 3 });
    const n = 5_000;
    const zeros = new Array<number>(20).fill(0);
    let prev = bag.models.map((m) => (m as Counter).calls);
    for (let i = 0; i < n; i++) {
      bag.learnOne([i], 0);
      bag.models.forEach((m, j) => {
        const c = (m as Counter).calls;
        if (c === prev[j]) zeros[j] = (zeros[j] ?? 0) + 1;
      });
      prev = bag.models.map((m) => (m as Counter).calls);
    }
    const total = bag.models.reduce((s, m) => s + (m as Counter).calls, 0);
    // 100,000 draws: the standard error of the mean is 1/√100000 ≈ 0.003, of P(0) ≈ 0.0015.
    expect(total / (20 * n)).toBeCloseTo(1, 1);
    expect(Math.abs(total / (20 * n) - 1)).toBeLessThan(0.015);
    expect(Math.abs(zeros.reduce((s, z) => s + z, 0) / (20 * n) - Math.exp(-1))).toBeLessThan(0.008);
  });

  it("predicts the members' mean", () => {
    const bag = new BaggingRegressor({ model: () => new Counter(), nModels: 4, seed: 5 });
    for (let i = 0; i < 10; i++) bag.learnOne([1, 2], 0);
    const counts = bag.models.map((m) => (m as Counter).calls);
    expect(bag.predictOne([1, 2])).toBe(counts.reduce((s, c) => s + c, 0) / 4);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const rows = stream(21, 1_000, 3, linear3, 1);
    const run = (seed: number): number[] => outputs(new BaggingRegressor({ model: new HoeffdingTreeRegressor({ gracePeriod: 50 }), nModels: 5, seed }), rows);
    const a = run(1);
    expect(run(1)).toEqual(a);
    const b = run(2);
    expect(b.some((v, i) => v !== a[i])).toBe(true);
  });

  it("clones a given model by its options (not its learned state), and rebuilds from a factory", () => {
    const template = new HoeffdingTreeRegressor({ gracePeriod: 40 });
    template.learnOne([1], 1);
    const bag = new BaggingRegressor({ model: template, nModels: 3 });
    expect(bag.models.every((m) => m instanceof HoeffdingTreeRegressor && m !== template && m.options.gracePeriod === 40)).toBe(true);
    expect(bag.predictOne([1])).toBe(0);
    const made = new BaggingRegressor({ model: () => new Counter(), nModels: 2 });
    expect(made.models.every((m) => m instanceof Counter)).toBe(true);
  });

  it("restores members of a class it is given, and names the class it is missing", () => {
    const bag = new BaggingRegressor({ model: () => new Counter(), nModels: 3, seed: 9 });
    for (let i = 0; i < 20; i++) bag.learnOne([i], 1);
    const bytes = bag.snapshot();
    expect(() => BaggingRegressor.restore(bytes)).toThrow(/members are Counter snapshots; pass the class/);
    const back = BaggingRegressor.restore(bytes, [Counter]);
    expect(back.snapshot()).toEqual(bytes);
    expect(back.predictOne([0])).toBe(bag.predictOne([0]));
  });

  it("bags the family's other regressors and pipes, and restores them without being told their class", () => {
    const rows = stream(41, 400, 3, linear3, 0.1);
    for (const model of [new LinearRegression({ interceptLr: 0.1 }), pipe(new StandardScaler(), new LinearRegression())]) {
      const bag = new BaggingRegressor({ model, nModels: 3, seed: 4 });
      outputs(bag, rows.slice(0, 200));
      const back = BaggingRegressor.restore(bag.snapshot());
      expect(back.snapshot()).toEqual(bag.snapshot());
      expect(outputs(back, rows.slice(200))).toEqual(outputs(bag, rows.slice(200)));
    }
  });

  it("rejects bad options", () => {
    expect(() => new BaggingRegressor({ nModels: 0 })).toThrow(/nModels/);
    expect(() => new BaggingRegressor({ seed: 1.5 })).toThrow(/seed/);
    expect(() => new BaggingRegressor({ model: {} as Regressor })).toThrow(/model/);
  });

  it("on a noisy stream its MAE is at most a single tree's (same tree settings)", () => {
    // y = step in x0 + linear in x1 + N(0, 2²): trees of 50-record grace periods overfit the noise; bagging averages it.
    const target = (x: number[]): number => ((x[0] as number) > 0 ? 4 : -4) + 2 * (x[1] as number);
    const rows = stream(31, 6_000, 3, target, 2);
    const settings = { gracePeriod: 50, leafPrediction: "mean" } as const;
    const single = mae(new HoeffdingTreeRegressor(settings), rows);
    const bagged = mae(new BaggingRegressor({ model: new HoeffdingTreeRegressor(settings), nModels: 10, seed: 1 }), rows);
    console.log(`prequential MAE over 6000 records: single tree ${single.toFixed(4)}, bagging of 10 ${bagged.toFixed(4)}`);
    expect(bagged).toBeLessThanOrEqual(single);
  });

});
