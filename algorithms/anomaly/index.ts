// The anomaly-detection family of "streamine/algorithms".
export {
  HalfSpaceTrees,
  paperHalfSpaceTrees,
  riverHalfSpaceTrees,
  type HalfSpaceTree,
  type HalfSpaceTreesOptions,
} from "./half-space-trees.js";
export { RandomCutForest, type DiVector, type RandomCutForestOptions, type RcfNode, type RcfTreeView } from "./random-cut-forest.js";
export { WindowedGaussian, type WindowedGaussianOptions } from "./windowed-gaussian.js";
export { RobustZScore, type RobustZScoreOptions } from "./robust-z-score.js";
export { EWZScore, type EWZScoreOptions } from "./ew-z-score.js";
export { Mahalanobis, type MahalanobisOptions } from "./mahalanobis.js";
export { PredictiveDetector, type PredictiveDetectorOptions } from "./predictive-detector.js";
export type { Thresholder } from "./thresholds/thresholder.js";
export { QuantileFilter, type QuantileFilterOptions } from "./thresholds/quantile-filter.js";
export { SPOT, type SPOTOptions } from "./thresholds/spot.js";
export { DSPOT, type DSPOTOptions } from "./thresholds/dspot.js";
export { ConformalKNN, type ConformalKNNOptions } from "./conformal-knn.js";
export { BestDetector, BestUnivariateDetector } from "./best.js";
