import { describe, expect, it } from "vitest";
import { EstimatorConfigError, PARegressor, Random, type PARegressorOptions } from "streamine/algorithms";

describe("PARegressor", () => {
  it("PA-I: τ = min(C, ℓ/|x|²), hand-checked, and passive inside the ε-tube", () => {
    const m = new PARegressor({ C: 1, mode: 1, eps: 0.1 });
    // ŷ = 0, ℓ = |3 − 0| − 0.1 = 2.9, |x|² = 5 (the intercept is not counted, as in River):
    // τ = min(1, 0.58) = 0.58: w = 0.58·[1, 2], b = 0.58.
    m.learnOne([1, 2], 3);
    expect(m.coefficients[0]).toBeCloseTo(0.58, 15);
    expect(m.coefficients[1]).toBeCloseTo(1.16, 15);
    expect(m.bias).toBeCloseTo(0.58, 15);
    const snapshot = m.snapshot();
    m.learnOne([1, 2], m.predictOne([1, 2]) + 0.1); // |error| = ε: no loss, no change
    expect(m.snapshot()).toEqual(snapshot);
  });

  it("PA-I caps the step at C", () => {
    const m = new PARegressor({ C: 0.1, mode: 1, eps: 0, learnIntercept: false });
    m.learnOne([1], -10); // ℓ/|x|² = 10 > C: τ = 0.1, moving down
    expect(m.coefficients[0]).toBeCloseTo(-0.1, 15);
  });

  it("plain PA steps exactly to the edge of the tube", () => {
    const m = new PARegressor({ mode: 0, eps: 0.5, learnIntercept: false });
    m.learnOne([2, 0], 10); // τ = 9.5/4: w = [4.75, 0], ŷ = 9.5 = y − ε
    expect(m.predictOne([2, 0])).toBeCloseTo(9.5, 14);
    m.learnOne([0, 1], -1); // ℓ = 0.5, τ = 0.5: w₁ = −0.5
    expect([...m.coefficients]).toEqual([4.75, -0.5]);
  });

  it("PA-II: τ = ℓ/(|x|² + 1/(2C))", () => {
    const m = new PARegressor({ C: 0.5, mode: 2, eps: 0, learnIntercept: false });
    m.learnOne([1, 1], 3); // τ = 3/(2 + 1) = 1: w = [1, 1]
    expect([...m.coefficients]).toEqual([1, 1]);
  });

  it("does not move on an all-zero x in PA and PA-I, but moves the intercept in PA-II", () => {
    const pa1 = new PARegressor({ mode: 1 });
    pa1.learnOne([0, 0], 5);
    expect(pa1.bias).toBe(0);
    const pa2 = new PARegressor({ mode: 2, C: 1, eps: 0 });
    pa2.learnOne([0, 0], 5); // τ = 5/(0 + 0.5) = 10
    expect(pa2.bias).toBe(10);
  });

  it("learns a noiseless linear target to within ε", () => {
    const r = new Random(7);
    const m = new PARegressor({ mode: 1, C: 1, eps: 0.01 });
    let last = Infinity;
    for (let i = 0; i < 3_000; i++) {
      const [a, b] = [r.nextGaussian(), r.nextGaussian()];
      const x = [a, b];
      const y = 3 * a - b + 2;
      last = Math.abs(m.predictOne(x) - y);
      m.learnOne(x, y);
    }
    expect(last).toBeLessThan(0.05);
  });

  it("answers 0 before learning, documents its defaults and rejects bad options", () => {
    expect(new PARegressor().predictOne([1])).toBe(0);
    expect(new PARegressor().options).toEqual({ C: 1, mode: 1, eps: 0.1, learnIntercept: true });
    expect(() => new PARegressor({ C: 0 })).toThrow("PARegressor.constructor: option C must be a finite number > 0");
    expect(() => new PARegressor({ mode: 3 } as unknown as PARegressorOptions)).toThrow(EstimatorConfigError);
    expect(() => new PARegressor({ eps: -0.1 })).toThrow("option eps must be a finite number ≥ 0");
  });
});
