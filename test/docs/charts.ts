// `npm run charts`: regenerates the README's chart (docs/trump-approval-mae.svg) with the package's
// own evaluate → toVegaLite → writePlot, from River's TrumpApproval in the shared data folder.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HoeffdingTreeRegressor, LinearRegression, MAE, PARegressor, pipe, StandardScaler } from "../../algorithms/index.js";
import { datasets, evaluate, toVegaLite, writePlot } from "../../datasets/index.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const models = {
  LinearRegression: () => pipe(new StandardScaler(), new LinearRegression({ interceptLr: 0.1 })),
  PARegressor: () => pipe(new StandardScaler(), new PARegressor()),
  HoeffdingTree: () => pipe(new StandardScaler(), new HoeffdingTreeRegressor({ gracePeriod: 100, modelSelectorDecay: 0.9 })),
};
const rows: { step: number; model: string; mae: number }[] = [];
for (const [model, make] of Object.entries(models)) {
  const df = await evaluate(make(), datasets.trumpApproval.load(), { metrics: { mae: new MAE() }, every: 10 });
  const steps = df["step"].values as number[];
  const maes = df["mae"].values as number[];
  steps.forEach((step, i) => {
    if (step >= 50) rows.push({ step, model, mae: maes[i] as number });
  });
  console.log(`${model}: final MAE ${(maes[maes.length - 1] as number).toFixed(6)}`);
}
const spec = toVegaLite(rows, { x: "step", y: "mae", color: "model", title: "TrumpApproval: prequential MAE, each model after a StandardScaler", width: 560, height: 260 });
const path = join(root, "docs", "trump-approval-mae.svg");
await writePlot(spec, path);
console.log(`wrote ${path}`);
