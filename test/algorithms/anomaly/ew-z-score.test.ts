import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EWVar, Random } from "streamine/algorithms";
import { EWZScore } from "../../../algorithms/anomaly/ew-z-score.js";
import { plantedStream, prequentialAuc } from "./planted.js";

describe("EWZScore", () => {
  it("equals |x − μ| / σ from an EWVar on the same stream, bit for bit", () => {
    for (const fading of [0.5, 0.05, 1e-3]) {
      const r = new Random(3);
      const z = new EWZScore({ fading });
      const v = new EWVar({ fading });
      for (let i = 0; i < 2000; i++) {
        const x = 100 + 10 * r.nextGaussian();
        const want = i < 2 ? 0 : Math.abs(x - v.mean) / Math.sqrt(v.get());
        expect(z.scoreOne([x])).toBe(want);
        z.learnOne([x]);
        v.update(x);
      }
    }
  });

  it("gives a large finite score to a change after a constant stretch", () => {
    const z = new EWZScore();
    for (let i = 0; i < 10; i++) z.learnOne([4]);
    expect(z.scoreOne([4])).toBe(0);
    expect(z.scoreOne([4.001])).toBeGreaterThan(1e6);
    expect(Number.isFinite(z.scoreOne([4.001]))).toBe(true);
  });

  it("finds planted outliers: ROC-AUC > 0.9", () => {
    expect(prequentialAuc(new EWZScore({ fading: 0.05 }), plantedStream(13, 5000))).toBeGreaterThan(0.9);
  });

  it("validates options", () => {
    expect(() => new EWZScore({ fading: 0 })).toThrow(EstimatorConfigError);
    expect(() => new EWZScore({ fading: 0 })).toThrow(/EWZScore.constructor: option fading/);
  });
});
