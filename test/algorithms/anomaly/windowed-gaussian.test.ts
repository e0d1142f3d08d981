import stdErfc from "@stdlib/math/base/special/erfc";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError } from "streamine/algorithms";
import { erfc } from "../../../algorithms/anomaly/erfc.js";
import { WindowedGaussian } from "../../../algorithms/anomaly/windowed-gaussian.js";
import { plantedStream, prequentialAuc } from "./planted.js";

/** NAB's handleRecord written out on plain arrays: naive sums for mean and std, @stdlib's erfc. */
function nabScores(values: readonly number[], windowSize: number, stepSize: number): number[] {
  let window: number[] = [];
  let step: number[] = [];
  let mean = 0;
  let std = 1;
  const refit = (): void => {
    mean = window.reduce((s, v) => s + v, 0) / window.length;
    std = Math.sqrt(window.reduce((s, v) => s + (v - mean) ** 2, 0) / window.length);
    if (std === 0) std = 0.000001;
  };
  return values.map((v) => {
    const score = window.length === 0 ? 0 : 1 - 0.5 * stdErfc(Math.abs(v - mean) / std / Math.SQRT2);
    if (window.length < windowSize) {
      window.push(v);
      refit();
    } else {
      step.push(v);
      if (step.length === stepSize) {
        window = [...window.slice(stepSize), ...step];
        step = [];
        refit();
      }
    }
    return score;
  });
}

function run(g: WindowedGaussian, values: readonly number[]): number[] {
  return values.map((v) => {
    const s = g.scoreOne([v]);
    g.learnOne([v]);
    return s;
  });
}

describe("WindowedGaussian", () => {
  it("matches NAB's per-record scores (brute-force reference) within 1e-12, first window included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constantFrom(0, 1, 1, 1)), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        (values, windowSize, stepRaw) => {
          const stepSize = Math.min(stepRaw, windowSize);
          const got = run(new WindowedGaussian({ windowSize, stepSize }), values);
          const want = nabScores(values, windowSize, stepSize);
          got.forEach((s, i) => expect(Math.abs(s - (want[i] as number)), `record ${i}`).toBeLessThan(1e-12));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("scores 0 on the first record, then against the window so far (a single value: σ = 1e-6)", () => {
    const g = new WindowedGaussian();
    expect(g.scoreOne([7])).toBe(0);
    g.learnOne([7]);
    expect(g.scoreOne([7])).toBe(0.5);
    expect(g.scoreOne([7 + 1e-6])).toBeCloseTo(1 - 0.5 * stdErfc(1 / Math.SQRT2), 9); // 7 + 1e-6 − 7 is 1e-6 to ~1e-10
    g.learnOne([9]); // window [7, 9]: μ = 8, σ = 1
    expect(g.scoreOne([9])).toBeCloseTo(1 - 0.5 * stdErfc(1 / Math.SQRT2), 14);
  });

  it("refits only every stepSize records once the window is full", () => {
    const g = new WindowedGaussian({ windowSize: 4, stepSize: 2 });
    for (const v of [1, 2, 3, 4]) g.learnOne([v]);
    const before = g.scoreOne([3.7]);
    g.learnOne([100]); // buffered: the fit is unchanged
    expect(g.scoreOne([3.7])).toBe(before);
    g.learnOne([100]); // window [3, 4, 100, 100]
    expect(g.scoreOne([3.7])).not.toBe(before);
    expect(run(new WindowedGaussian({ windowSize: 4, stepSize: 2 }), [1, 2, 3, 4, 100, 100, 3.7]).at(-1)).toBe(g.scoreOne([3.7]));
  });

  it("erfc agrees with @stdlib's (fdlibm) to 2e-15 relative from 0 to 27, and is 2 − erfc(−x) below 0", () => {
    let worst = 0;
    for (let x = 0; x <= 27; x += 0.0137) worst = Math.max(worst, Math.abs(erfc(x) - stdErfc(x)) / stdErfc(x));
    expect(worst).toBeLessThan(2e-15); // both sides err by ~1e-16; the far tail (x > 20) a little more
    expect(erfc(-1.5)).toBe(2 - erfc(1.5));
    expect(erfc(0)).toBe(1);
    expect(erfc(40)).toBe(0);
    expect(erfc(NaN)).toBeNaN();
  });

  it("finds planted outliers: ROC-AUC > 0.9", () => {
    const auc = prequentialAuc(new WindowedGaussian({ windowSize: 200, stepSize: 10 }), plantedStream(11, 5000));
    expect(auc).toBeGreaterThan(0.9);
  });

  it("validates options and one-element input, naming Class.method", () => {
    expect(() => new WindowedGaussian({ windowSize: 0 })).toThrow(EstimatorConfigError);
    expect(() => new WindowedGaussian({ windowSize: 10, stepSize: 11 })).toThrow(/WindowedGaussian.constructor: option stepSize/);
    const g = new WindowedGaussian();
    expect(() => g.learnOne([1, 2])).toThrow(EstimatorInputError);
    expect(() => g.scoreOne([NaN])).toThrow(/WindowedGaussian.scoreOne/);
  });
});
