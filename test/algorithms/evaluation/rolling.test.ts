import fc from "fast-check";
import { sumNthPowerDeviations } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { Accuracy, F1, MAE, R2, RMSE, ROCAUC, Rolling, SMAPE, type Label, type RevertibleMetric } from "streamine/algorithms";

function relClose(a: number, b: number, rel: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
}

/** After every update, the rolling metric equals a fresh metric fed the last w pairs. */
function checkRolling<T, P>(
  make: () => RevertibleMetric<T, P>,
  data: readonly (readonly [T, P])[],
  w: number,
  tolerance?: (seen: readonly (readonly [T, P])[], window: readonly (readonly [T, P])[]) => number,
): void {
  const rolling = new Rolling(make(), w);
  data.forEach(([y, p], i) => {
    rolling.update(y, p);
    const fresh = make();
    const win = data.slice(Math.max(0, i + 1 - w), i + 1);
    for (const [yy, pp] of win) fresh.update(yy, pp);
    if (tolerance === undefined) relClose(rolling.get(), fresh.get(), 1e-7);
    else expect(Math.abs(rolling.get() - fresh.get())).toBeLessThanOrEqual(tolerance(data.slice(0, i + 1), win));
  });
}

/**
 * R² = 1 − SS_res/SS_tot amplifies the rounding that reverts leave in SS_tot (≈ n·ε·max y²,
 * including values already gone) by (1 + SS_res/SS_tot)/SS_tot: the conditioning bound.
 */
function r2Tolerance(seen: readonly (readonly [number, number])[], win: readonly (readonly [number, number])[]): number {
  const scale = Math.max(...seen.map(([y, p]) => Math.max(y * y, (y - p) * (y - p))), 1e-300);
  const ssTot = sumNthPowerDeviations(win.map(([y]) => y), 2);
  const ssRes = win.reduce((s, [y, p]) => s + (y - p) * (y - p), 0);
  if (win.length < 2 || ssTot === 0) return 1e-9;
  return 1e-9 + (1e-12 * seen.length * scale * (1 + ssRes / ssTot)) / ssTot;
}

// Realistic magnitudes: 0 or |v| in [1e-6, 100] (subnormal-range doubles would only test underflow).
const value = fc.oneof(
  fc.constant(0),
  fc.tuple(fc.boolean(), fc.double({ min: 1e-6, max: 100, noNaN: true })).map(([negative, m]) => (negative ? -m : m)),
);
const numbers = fc.array(fc.tuple(value, value), { maxLength: 80 });
const labels = fc.array(fc.tuple(fc.boolean(), fc.option(fc.boolean(), { nil: null })), { maxLength: 80 });
const scored = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 })), { maxLength: 80 });
const window = fc.integer({ min: 1, max: 15 });

describe("Rolling equals recomputation over the last n pairs", () => {
  it.each([
    ["MAE", () => new MAE()],
    ["SMAPE", () => new SMAPE()],
  ] as const)("%s", (_name, make) => {
    fc.assert(fc.property(numbers, window, (data, w) => checkRolling<number, number>(make, data, w)));
  });

  it("RMSE (the root turns the mean square's rounding, ≈ n·ε·max e², into its square root)", () => {
    const tolerance = (seen: readonly (readonly [number, number])[]): number =>
      1e-9 + Math.sqrt(1e-12 * seen.length * Math.max(...seen.map(([y, p]) => (y - p) * (y - p))));
    fc.assert(fc.property(numbers, window, (data, w) => checkRolling<number, number>(() => new RMSE(), data, w, tolerance)));
  });

  it("R2 (within its conditioning bound)", () => {
    fc.assert(fc.property(numbers, window, (data, w) => checkRolling<number, number>(() => new R2(), data, w, r2Tolerance)));
  });

  it("R2 over a constant stretch is 0, as recomputed", () => {
    const r2 = new Rolling(new R2(), 3);
    for (const [y, p] of [[0.1, 0], [7.3, 1], [2, 2], [2, 1], [2, 3]] as const) r2.update(y, p);
    expect(r2.get()).toBe(0);
  });

  it.each([
    ["Accuracy", () => new Accuracy()],
    ["F1", () => new F1()],
  ] as const)("%s", (_name, make) => {
    fc.assert(fc.property(labels, window, (data, w) => checkRolling<Label, Label | null>(make, data, w)));
  });

  it("ROCAUC", () => {
    fc.assert(fc.property(scored, window, (data, w) => checkRolling<Label, number>(() => new ROCAUC(), data, w)));
  });

  it("hand-computed rolling MAE and pass-through of input and posLabel", () => {
    const mae = new Rolling(new MAE(), 3);
    for (const [y, p] of [[0, 1], [0, 2], [0, 3], [0, 10]] as const) mae.update(y, p);
    expect(mae.get()).toBe(5); // (2 + 3 + 10) / 3
    expect(mae.input).toBe("value");
    expect(new Rolling(new F1({ posLabel: "x" }), 2).posLabel).toBe("x");
  });

  it("rejects a bad window size", () => {
    expect(() => new Rolling(new MAE(), 0)).toThrow(/windowSize/);
    expect(() => new Rolling(new MAE(), 1.5)).toThrow(/windowSize/);
  });
});
