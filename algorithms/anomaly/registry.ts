import type { RegistryEntry } from "../base/registry-entry.js";
import { HalfSpaceTrees } from "./half-space-trees.js";
import { ConformalKNN } from "./conformal-knn.js";
import { EWZScore } from "./ew-z-score.js";
import { Mahalanobis } from "./mahalanobis.js";
import { PredictiveDetector } from "./predictive-detector.js";
import { RandomCutForest } from "./random-cut-forest.js";
import { RobustZScore } from "./robust-z-score.js";
import { WindowedGaussian } from "./windowed-gaussian.js";

/** Anomaly detectors checked by the contract suite. */
export const anomalyRegistry: readonly RegistryEntry[] = [
  { name: "HalfSpaceTrees", kind: "anomaly", cls: HalfSpaceTrees },
  { name: "RandomCutForest", kind: "anomaly", cls: RandomCutForest },
  { name: "WindowedGaussian", kind: "anomaly", cls: WindowedGaussian, dim: 1 },
  { name: "RobustZScore", kind: "anomaly", cls: RobustZScore, dim: 1 },
  { name: "EWZScore", kind: "anomaly", cls: EWZScore, dim: 1 },
  { name: "Mahalanobis", kind: "anomaly", cls: Mahalanobis },
  { name: "PredictiveDetector", kind: "anomaly", cls: PredictiveDetector, dim: 1 },
  { name: "ConformalKNN", kind: "anomaly", cls: ConformalKNN },
];
