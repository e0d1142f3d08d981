import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError } from "streamine/algorithms";
import { RobustZScore } from "../../../algorithms/anomaly/robust-z-score.js";
import { plantedStream, prequentialAuc } from "./planted.js";

/** Median of a sorted copy: the mean of the two middle values for an even count. */
function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length;
  return m % 2 === 1 ? (s[(m - 1) / 2] as number) : ((s[m / 2 - 1] as number) + (s[m / 2] as number)) / 2;
}

/** The robust z of x against a window, from sorted copies (see RobustZScore's remarks). */
function robustZ(window: readonly number[], x: number): number {
  if (window.length < 2) return 0;
  const med = median(window);
  const dev = window.map((v) => Math.abs(v - med));
  const mad = median(dev);
  const scale = mad > 0 ? 1.482602218505602 * mad : 1.2533141373155003 * (dev.reduce((a, b) => a + b, 0) / dev.length);
  return Math.abs(x - med) / Math.max(scale, 1e-12 * (1 + Math.abs(med)));
}

describe("RobustZScore", () => {
  it("equals the robust z from a sorted copy of the last windowSize values (ties, constant stretches included)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 30 }),
        (values, windowSize) => {
          const z = new RobustZScore({ windowSize });
          values.forEach((v, i) => {
            const want = robustZ(values.slice(Math.max(0, i - windowSize), i), v);
            const got = z.scoreOne([v]);
            expect(Math.abs(got - want), `record ${i}`).toBeLessThanOrEqual(1e-12 * Math.max(1, want));
            z.learnOne([v]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is not inflated by an outlier in the window, as a mean/std z-score is", () => {
    const z = new RobustZScore({ windowSize: 9 });
    for (const v of [0, 1, -1, 0.5, -0.5, 0.2, -0.2, 1000, 0]) z.learnOne([v]);
    expect(z.scoreOne([3])).toBeGreaterThan(4);
  });

  it("finds planted outliers: ROC-AUC > 0.9", () => {
    expect(prequentialAuc(new RobustZScore({ windowSize: 50 }), plantedStream(12, 5000))).toBeGreaterThan(0.9);
  });

  it("validates options and one-element input, naming Class.method", () => {
    expect(() => new RobustZScore({ windowSize: 1.5 })).toThrow(EstimatorConfigError);
    expect(() => new RobustZScore().learnOne([1, 2])).toThrow(/RobustZScore.learnOne/);
    expect(() => new RobustZScore().scoreOne([Infinity])).toThrow(EstimatorInputError);
  });
});
