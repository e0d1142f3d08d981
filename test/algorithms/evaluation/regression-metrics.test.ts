import fc from "fast-check";
import { mean, rootMeanSquare, sumNthPowerDeviations } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { MAE, R2, RMSE, SMAPE, type RegressionMetric, type RevertibleMetric } from "streamine/algorithms";

// Realistic magnitudes: 0 or |v| in [1e-6, 1e3] (subnormal-range doubles would only test underflow).
const value = fc.oneof(
  fc.constant(0),
  fc.tuple(fc.boolean(), fc.double({ min: 1e-6, max: 1e3, noNaN: true })).map(([negative, m]) => (negative ? -m : m)),
);
const pairs = fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 60 });

function run(metric: RegressionMetric, data: readonly (readonly [number, number])[]): number {
  for (const [y, p] of data) metric.update(y, p);
  return metric.get();
}

function close(actual: number, expected: number, rel = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

describe("regression metrics: hand-computed values", () => {
  it("MAE and RMSE on River's R2 example pairs", () => {
    const data = [[3, 2.5], [-0.5, 0], [2, 2], [7, 8]] as const;
    expect(run(new MAE(), data)).toBe(0.5); // (0.5 + 0.5 + 0 + 1) / 4
    expect(run(new RMSE(), data)).toBeCloseTo(Math.sqrt(1.5 / 4), 15); // (0.25 + 0.25 + 0 + 1) / 4
  });

  it("R2 follows River's documented sequence 0, 0.9183, 0.9230, 0.9486 (printed truncated to 4 digits)", () => {
    const r2 = new R2();
    const got: number[] = [];
    for (const [y, p] of [[3, 2.5], [-0.5, 0], [2, 2], [7, 8]] as const) {
      r2.update(y, p);
      got.push(r2.get());
    }
    expect(got[0]).toBe(0);
    expect(got[1]).toBeCloseTo(1 - 0.5 / 6.125, 14); // 0.91836…
    expect(got[2]).toBeCloseTo(1 - 0.5 / 6.5, 14); // 0.92307…
    expect(got[3]).toBeCloseTo(1 - 1.5 / 29.1875, 14); // 0.94860…
    expect(got.slice(1).map((v) => Math.trunc(v * 1e4) / 1e4)).toEqual([0.9183, 0.923, 0.9486]);
  });

  it("R2 is 0 while all true values are equal (SS_tot = 0), as River", () => {
    expect(run(new R2(), [[2, 1], [2, 3], [2, 2]])).toBe(0);
  });

  it("SMAPE matches River's documented 37.869392", () => {
    const yTrue = [0, 0.07533, 0.07533, 0.07533, 0.07533, 0.07533, 0.07533, 0.0672, 0.0672];
    const yPred = [0, 0.102, 0.107, 0.047, 0.1, 0.032, 0.047, 0.108, 0.089];
    expect(run(new SMAPE(), yTrue.map((y, i) => [y, yPred[i] ?? NaN] as const))).toBeCloseTo(37.869392, 6);
  });

  it("every metric is 0 before any update", () => {
    for (const m of [new MAE(), new RMSE(), new R2(), new SMAPE()]) expect(m.get()).toBe(0);
  });
});

describe("regression metrics against simple-statistics", () => {
  it("MAE = mean |e|, RMSE = rootMeanSquare(e), R2 = 1 − Σe² / Σ(y − ȳ)², SMAPE = 100·mean(2|e| / (|y| + |ŷ|))", () => {
    fc.assert(
      fc.property(pairs, (data) => {
        const ys = data.map(([y]) => y);
        const errors = data.map(([y, p]) => y - p);
        close(run(new MAE(), data), mean(errors.map(Math.abs)));
        close(run(new RMSE(), data), rootMeanSquare(errors));
        const ssTot = sumNthPowerDeviations(ys, 2);
        const ssRes = errors.reduce((s, e) => s + e * e, 0);
        const r2 = run(new R2(), data);
        // Documented: SS_tot ≤ 64·n·ε·max y² counts as "all y equal" → 0. Near that line either
        // answer is right; elsewhere the formula holds within R²'s conditioning bound.
        const maxY2 = Math.max(...ys.map((y) => y * y));
        const line = 64 * data.length * Number.EPSILON * maxY2;
        const tol = 1e-9 + (1e-12 * data.length * Math.max(maxY2, ...errors.map((e) => e * e)) * (1 + ssRes / ssTot)) / ssTot;
        if (data.length < 2 || ssTot <= line / 2) expect(r2).toBe(0);
        else if (ssTot <= 2 * line) expect(r2 === 0 || Math.abs(r2 - (1 - ssRes / ssTot)) <= tol).toBe(true);
        else expect(Math.abs(r2 - (1 - ssRes / ssTot))).toBeLessThanOrEqual(tol);
        const terms = data.map(([y, p]) => (Math.abs(y) + Math.abs(p) === 0 ? 0 : (2 * Math.abs(y - p)) / (Math.abs(y) + Math.abs(p))));
        close(run(new SMAPE(), data), 100 * mean(terms));
      }),
    );
  });
});

describe("regression metrics: update then revert is the identity", () => {
  const makers: [string, () => RevertibleMetric<number, number>][] = [
    ["MAE", () => new MAE()],
    ["RMSE", () => new RMSE()],
    ["R2", () => new R2()],
    ["SMAPE", () => new SMAPE()],
  ];
  it.each(makers)("%s", (_name, make) => {
    fc.assert(
      fc.property(pairs, pairs, (base, extra) => {
        const m = make();
        for (const [y, p] of base) m.update(y, p);
        const before = m.get();
        for (const [y, p] of extra) m.update(y, p);
        for (const [y, p] of [...extra].reverse()) m.revert(y, p);
        // Rounding left by update/revert is relative to the largest term seen, not to the value:
        // compare RMSE on the mean square, the others against the data's scale.
        const scale = Math.max(1, ...[...base, ...extra].map(([y, p]) => (y - p) * (y - p)));
        if (make() instanceof RMSE) expect(Math.abs(m.get() ** 2 - before ** 2)).toBeLessThanOrEqual(1e-12 * scale);
        else if (make() instanceof R2) {
          // R² divides by SS_tot: the rounding (relative to the scale) grows by (1 + SS_res/SS_tot)/SS_tot.
          const ssTot = base.length < 2 ? 0 : sumNthPowerDeviations(base.map(([y]) => y), 2);
          const ssRes = base.reduce((s, [y, p]) => s + (y - p) * (y - p), 0);
          const yScale = Math.max(scale, ...[...base, ...extra].map(([y]) => y * y));
          const tol = ssTot === 0 ? 1e-9 : 1e-9 + (1e-12 * (base.length + extra.length) * yScale * (1 + ssRes / ssTot)) / ssTot;
          expect(Math.abs(m.get() - before)).toBeLessThanOrEqual(tol);
        } else close(m.get(), before, 1e-7);
        for (const [y, p] of [...base].reverse()) m.revert(y, p);
        expect(m.get()).toBe(0);
      }),
    );
  });
});
