// Quality target of issue 4 §6 on River's ChickWeights (target `weight`), prequential over the
// whole dataset with evaluatePrequential. River's published MAEs: Bagging 23.114 (its best),
// HoeffdingTreeRegressor 23.162, LinearRegression 23.759. Every model here uses default options
// behind a StandardScaler where River's examples use one.
import { describe, expect, it } from "vitest";
import { HoeffdingTreeRegressor, LinearRegression, MAE, RLSRegressor, StandardScaler, evaluatePrequential, pipe, type Regressor } from "streamine/algorithms";
import { loadChickWeights } from "streamine/datasets";

const mae = (model: Regressor): number => {
  const { final } = evaluatePrequential(model, loadChickWeights(), { metrics: { mae: new MAE() } });
  return final["mae"] ?? NaN;
};

describe("ChickWeights, prequential MAE", () => {
  it("our best model (RLSRegressor, defaults) is at or below River's best, 23.11", () => {
    expect(mae(new RLSRegressor())).toBeLessThanOrEqual(23.11);
  });

  it("StandardScaler → HoeffdingTreeRegressor reproduces River's 23.162", () => {
    expect(mae(pipe(new StandardScaler(), new HoeffdingTreeRegressor()))).toBeCloseTo(23.162, 2);
  });

  it("StandardScaler → LinearRegression reproduces River's 23.759", () => {
    expect(mae(pipe(new StandardScaler(), new LinearRegression()))).toBeCloseTo(23.759, 2);
  });
});
