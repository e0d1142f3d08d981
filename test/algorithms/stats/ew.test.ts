import fc from "fast-check";
import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import { EWMean } from "../../../algorithms/stats/ew-mean.js";
import { EWVar } from "../../../algorithms/stats/ew-variance.js";
import { expectClose, magnitude, wellConditioned } from "./reference.js";

const RUNS = { numRuns: 300 };

/**
 * The closed form of both statistics: after x₁…xₙ the weights are c₁ = (1 − α)ⁿ⁻¹ and
 * cᵢ = α(1 − α)ⁿ⁻ⁱ (i ≥ 2), summing to 1; the EW mean is Σcᵢxᵢ and River's EW variance,
 * EWMean(x²) − EWMean(x)², is the weighted population variance Σcᵢ(xᵢ − mean)² (two-pass here).
 */
function closedForm(xs: readonly number[], a: number): { mean: number; variance: number } {
  const n = xs.length;
  const c = xs.map((_, i) => (i === 0 ? (1 - a) ** (n - 1) : a * (1 - a) ** (n - 1 - i)));
  const mean = ss.sum(xs.map((x, i) => (c[i] ?? 0) * x));
  const variance = ss.sum(xs.map((x, i) => (c[i] ?? 0) * (x - mean) ** 2));
  return { mean, variance };
}

const fading = fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }));

describe("EWMean", () => {
  it("defaults to fading 0.5, is 0 before any update, and reproduces River's doc example", () => {
    const m = new EWMean();
    expect(m.fading).toBe(0.5);
    expect(m.get()).toBe(0);
    const seen = [1, 3, 5, 4, 6, 8, 7, 9, 11].map((x) => {
      m.update(x);
      return m.get();
    });
    expect(seen).toEqual([1, 2, 3.5, 3.75, 4.875, 6.4375, 6.71875, 7.859375, 9.4296875]);
  });

  it("only the first update initialises (River restarts whenever the mean is exactly 0)", () => {
    const m = new EWMean({ fading: 0.5 });
    for (const x of [2, -2, 5]) m.update(x);
    expect(m.get()).toBe(2.5); // River: 5, because the mean was 0 after -2
  });

  it("equals the closed-form weighted mean", () => {
    fc.assert(
      fc.property(wellConditioned(1, 200), fading, (xs, a) => {
        const m = new EWMean({ fading: a });
        for (const x of xs) m.update(x);
        expect(m.n).toBe(xs.length);
        expectClose(m.get(), closedForm(xs, a).mean, magnitude(xs));
      }),
      RUNS,
    );
  });

  it("fading 1 keeps the last value, fading 0 the first", () => {
    const last = new EWMean({ fading: 1 });
    const first = new EWMean({ fading: 0 });
    for (const x of [4, -1, 7.5]) {
      last.update(x);
      first.update(x);
    }
    expect(last.get()).toBe(7.5);
    expect(first.get()).toBe(4);
  });
});

describe("EWVar", () => {
  it("defaults to fading 0.5, is 0 before two updates, and reproduces River's doc example", () => {
    const v = new EWVar();
    expect(v.fading).toBe(0.5);
    expect(v.get()).toBe(0);
    const seen = [1, 3, 5, 4, 6, 8, 7, 9, 11].map((x) => {
      v.update(x);
      return v.get();
    });
    expect(seen).toEqual([0, 1, 2.75, 1.4375, 1.984375, 3.43359375, 1.7958984375, 2.198974609375, 3.56536865234375]);
  });

  it("equals the closed-form weighted variance (compared at the data's variance)", () => {
    fc.assert(
      fc.property(wellConditioned(2, 200), fading, (xs, a) => {
        const v = new EWVar({ fading: a });
        for (const x of xs) v.update(x);
        const ref = closedForm(xs, a);
        expectClose(v.mean, ref.mean, magnitude(xs));
        expectClose(v.get(), ref.variance, ss.variance(xs));
      }),
      RUNS,
    );
  });

  it("equals River's definition EWMean(x²) − EWMean(x)² (compared at mean(x²), the cancellation's scale)", () => {
    fc.assert(
      fc.property(wellConditioned(2, 200), fading, (xs, a) => {
        const v = new EWVar({ fading: a });
        const m = new EWMean({ fading: a });
        const sq = new EWMean({ fading: a });
        for (const x of xs) {
          v.update(x);
          m.update(x);
          sq.update(x * x);
        }
        expect(v.mean).toBe(m.get()); // the same update as EWMean, bit for bit
        expectClose(v.get(), sq.get() - m.get() ** 2, ss.mean(xs.map((x) => x * x)));
      }),
      RUNS,
    );
  });
});
