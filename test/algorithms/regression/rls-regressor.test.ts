import { lusolve, type MathNumericType } from "mathjs";
import { describe, expect, it } from "vitest";
import { EstimatorConfigError, Random, RLSRegressor } from "streamine/algorithms";

type Row = { x: number[]; y: number };

/** A noisy linear stream: x ~ N(0, 1)^d, y = 1.5 + Σ (j + 1)·(−1)ʲ·xⱼ + 0.3·N(0, 1). */
function noisyStream(seed: number, n: number, d: number): Row[] {
  const r = new Random(seed);
  const out: Row[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: d }, () => r.nextGaussian());
    out.push({ x, y: 1.5 + x.reduce((s, v, j) => s + (j + 1) * (j % 2 === 0 ? 1 : -1) * v, 0) + 0.3 * r.nextGaussian() });
  }
  return out;
}

/**
 * The batch solution RLS should track, by mathjs: w = (Σ λⁿ⁻ᵗ zzᵀ + λⁿ/δ·I)⁻¹ Σ λⁿ⁻ᵗ z·y with
 * z = (x, 1) — exponentially weighted ridge regression. With λ = 1 and δ → ∞ it is ordinary
 * least squares. Returned as [w₀ … w_{d−1}, intercept].
 */
function weightedRidge(rows: readonly Row[], lambda: number, delta: number, intercept = true): number[] {
  const n = rows.length;
  const p = (rows[0] as Row).x.length + (intercept ? 1 : 0);
  const A = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => (i === j && delta !== Infinity ? lambda ** n / delta : 0)));
  const b = Array.from({ length: p }, () => 0);
  rows.forEach((r, t) => {
    const z = intercept ? [...r.x, 1] : r.x;
    const weight = lambda ** (n - 1 - t);
    for (let i = 0; i < p; i++) {
      b[i] = (b[i] as number) + weight * (z[i] as number) * r.y;
      for (let j = 0; j < p; j++) (A[i] as number[])[j] = ((A[i] as number[])[j] as number) + weight * (z[i] as number) * (z[j] as number);
    }
  });
  return (lusolve(A, b) as MathNumericType[][]).map((row) => row[0] as number);
}

function fitted(m: RLSRegressor): number[] {
  return [...m.coefficients, m.bias];
}

describe("RLSRegressor", () => {
  it("with λ = 1 and δ = 1e6 equals closed-form least squares (mathjs) to 1e-6", () => {
    const rows = noisyStream(1, 200, 4);
    const m = new RLSRegressor({ forgettingFactor: 1, delta: 1e6 });
    for (const r of rows) m.learnOne(r.x, r.y);
    const ols = weightedRidge(rows, 1, Infinity);
    fitted(m).forEach((w, i) => expect(Math.abs(w - (ols[i] as number))).toBeLessThan(1e-6));
    const probe = [0.5, -1, 2, 0.25];
    const expected = probe.reduce((s, v, j) => s + v * (ols[j] as number), ols[4] as number);
    expect(Math.abs(m.predictOne(probe) - expected)).toBeLessThan(1e-6);
  });

  it("is exactly ridge regression with penalty 1/δ at every step (λ = 1, δ = 0.5), to 1e-9", () => {
    const rows = noisyStream(2, 60, 3);
    const m = new RLSRegressor({ forgettingFactor: 1, delta: 0.5 });
    for (let t = 0; t < rows.length; t++) {
      const r = rows[t] as Row;
      m.learnOne(r.x, r.y);
      if (t % 10 === 9 || t < 3) {
        const ridge = weightedRidge(rows.slice(0, t + 1), 1, 0.5);
        fitted(m).forEach((w, i) => expect(Math.abs(w - (ridge[i] as number))).toBeLessThan(1e-9));
      }
    }
  });

  it("with forgetting factor 0.9 equals exponentially weighted ridge regression, to 1e-8", () => {
    const rows = noisyStream(3, 80, 3);
    const m = new RLSRegressor({ forgettingFactor: 0.9, delta: 10 });
    for (const r of rows) m.learnOne(r.x, r.y);
    const ewr = weightedRidge(rows, 0.9, 10);
    fitted(m).forEach((w, i) => expect(Math.abs(w - (ewr[i] as number))).toBeLessThan(1e-8));
  });

  it("without an intercept fits through the origin", () => {
    const rows = noisyStream(4, 100, 2);
    const m = new RLSRegressor({ forgettingFactor: 1, delta: 1e6, learnIntercept: false });
    for (const r of rows) m.learnOne(r.x, r.y);
    const ols = weightedRidge(rows, 1, Infinity, false);
    expect(m.bias).toBe(0);
    [...m.coefficients].forEach((w, i) => expect(Math.abs(w - (ols[i] as number))).toBeLessThan(1e-6));
  });

  it("follows a change of the target faster with forgetting", () => {
    const before = noisyStream(5, 300, 2);
    const after = noisyStream(6, 100, 2).map((r) => ({ x: r.x, y: -r.y }));
    const keep = new RLSRegressor({ forgettingFactor: 1 });
    const forget = new RLSRegressor({ forgettingFactor: 0.9 });
    for (const r of [...before, ...after]) {
      keep.learnOne(r.x, r.y);
      forget.learnOne(r.x, r.y);
    }
    // After the sign flip the target's intercept is −1.5.
    expect(Math.abs(forget.bias + 1.5)).toBeLessThan(0.2);
    expect(Math.abs(keep.bias + 1.5)).toBeGreaterThan(1);
  });

  it("answers 0 before learning and documents its defaults", () => {
    expect(new RLSRegressor().predictOne([1, 2])).toBe(0);
    expect(new RLSRegressor().options).toEqual({ forgettingFactor: 0.99, delta: 1e6, learnIntercept: true });
  });

  it("rejects bad options naming the constructor and the allowed range", () => {
    expect(() => new RLSRegressor({ forgettingFactor: 0 })).toThrow(EstimatorConfigError);
    expect(() => new RLSRegressor({ forgettingFactor: 1.01 })).toThrow("RLSRegressor.constructor: option forgettingFactor must be in (0, 1]");
    expect(() => new RLSRegressor({ delta: -1 })).toThrow("RLSRegressor.constructor: option delta must be a finite number > 0");
  });
});
