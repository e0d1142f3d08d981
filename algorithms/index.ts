// The public surface of "streamine/algorithms": re-exports only.
export { Random } from "./base/random.js";
export type {
  AnomalyDetector,
  Classifier,
  Clusterer,
  DriftDetector,
  Estimator,
  EstimatorClass,
  ItemsetMiner,
  Regressor,
  Transformer,
} from "./base/estimator.js";
export type { FrequentItemset, Item, Label, Vector } from "./base/vector.js";
export { EstimatorConfigError, EstimatorInputError } from "./base/input-error.js";
export type { ContractCheck, EstimatorKind, RegistryEntry } from "./base/registry-entry.js";
export { registry } from "./registry.js";
export * from "./stats/index.js";
export * from "./drift/index.js";
export * from "./anomaly/index.js";
export * from "./clustering/index.js";
export * from "./sketches/index.js";
export * from "./itemsets/index.js";
export * from "./preprocessing/index.js";
export * from "./regression/index.js";
export * from "./evaluation/index.js";
export * from "./compose/index.js";
