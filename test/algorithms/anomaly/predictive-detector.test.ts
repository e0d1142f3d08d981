import { describe, expect, it } from "vitest";
import { EstimatorConfigError, LinearRegression, RLSRegressor, type Regressor } from "streamine/algorithms";
import { PredictiveDetector } from "../../../algorithms/anomaly/predictive-detector.js";
import { plantedStream, prequentialAuc } from "./planted.js";

/** The detector written out: lags newest first, the forecaster's residuals, their EW mean and variance. */
function referenceScores(values: readonly number[], model: Regressor, lags: number, fading: number): number[] {
  const past: number[] = [];
  let n = 0;
  let mean = 0;
  let variance = 0;
  return values.map((v) => {
    let score = 0;
    if (past.length === lags) {
      const r = v - model.predictOne(past);
      if (n >= 2) score = Math.abs(r - mean) / Math.max(Math.sqrt(variance), 1e-12 * (1 + Math.abs(past[0] as number)));
      if (n === 0) mean = r;
      else {
        const d = r - mean;
        mean = fading * r + (1 - fading) * mean;
        variance = (1 - fading) * (variance + fading * d * d);
      }
      n++;
      model.learnOne(past, v);
      past.pop();
    }
    past.unshift(v);
    return score;
  });
}

describe("PredictiveDetector", () => {
  it("scores the standardized residual of the regressor's forecast from the lags, as written out", () => {
    const values = plantedStream(21, 600).map((r) => r.x[0] as number);
    for (const [lags, fading] of [[1, 0.05], [4, 0.3]] as const) {
      const d = new PredictiveDetector({ regressor: () => new RLSRegressor(), lags, fading });
      const want = referenceScores(values, new RLSRegressor(), lags, fading);
      values.forEach((v, i) => {
        expect(d.scoreOne([v]), `record ${i}`).toBe(want[i]);
        d.learnOne([v]);
      });
    }
  });

  it("finds planted outliers: ROC-AUC > 0.9", () => {
    expect(prequentialAuc(new PredictiveDetector({ lags: 3 }), plantedStream(14, 5000))).toBeGreaterThan(0.9);
  });

  it("restores a regressor of an unlisted class only when given the class", () => {
    class MyRegressor extends LinearRegression {
      static override restore(bytes: Uint8Array): MyRegressor {
        return Object.setPrototypeOf(LinearRegression.restore(bytes), MyRegressor.prototype) as MyRegressor;
      }
    }
    const d = new PredictiveDetector({ regressor: () => new LinearRegression(), lags: 2 });
    for (let i = 0; i < 20; i++) d.learnOne([i % 3]);
    expect(PredictiveDetector.restore(d.snapshot()).snapshot()).toEqual(d.snapshot());
    expect(() => new PredictiveDetector({ regressor: 3 as unknown as Regressor })).toThrow(EstimatorConfigError);
    expect(MyRegressor.name).toBe("MyRegressor");
  });
});
