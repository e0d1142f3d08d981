// Quality target of issue 4 §6: StandardScaler → LinearRegression(interceptLr 0.1) on River's
// TrumpApproval, prequential (predict, then learn), whole dataset. River publishes MAE 0.558735
// for this model (its `linear_model.LinearRegression` docstring), printed to 6 decimals, so River's
// value is below 0.5587355: that is the threshold here. (The "≤ 0.5587" is below River's
// own figure; a model that reproduces River exactly lands at 0.558735 and misses it by 3.5e-5.)
import { describe, expect, it } from "vitest";
import { LinearRegression, pipe, StandardScaler } from "streamine/algorithms";
import { loadTrumpApproval } from "streamine/datasets";

describe("StandardScaler → LinearRegression on TrumpApproval", () => {
  it("reaches River's published prequential MAE 0.558735", () => {
    const data = loadTrumpApproval();
    const model = pipe(new StandardScaler(), new LinearRegression({ interceptLr: 0.1 }));
    let sum = 0;
    for (const { x, y } of data) {
      sum += Math.abs(model.predictOne(x) - y);
      model.learnOne(x, y);
    }
    expect(data).toHaveLength(1001);
    expect(sum / data.length).toBeLessThan(0.5587355);
  });
});
