// Prequential evaluation and metrics of "streamine/algorithms".
export type { AnyMetric, LabelMetric, Metric, MetricInput, RegressionMetric, RevertibleMetric, ScoreMetric } from "./metric.js";
export { MAE } from "./mae.js";
export { RMSE } from "./rmse.js";
export { R2 } from "./r2.js";
export { SMAPE } from "./smape.js";
export { Accuracy } from "./accuracy.js";
export { F1, type F1Options } from "./f1.js";
export { ROCAUC, type ROCAUCOptions } from "./roc-auc.js";
export { RollingROCAUC, type RollingROCAUCOptions } from "./rolling-roc-auc.js";
export { Rolling } from "./rolling.js";
export { evaluatePrequential } from "./prequential.js";
export type {
  PrequentialClassifier,
  PrequentialDetector,
  PrequentialModel,
  PrequentialOptions,
  PrequentialRegressor,
  PrequentialResult,
  PrequentialSample,
} from "./prequential-types.js";
export { evaluatePrequentialAsync, type AnyIterable } from "./prequential-async.js";
export * from "./nab/index.js";
