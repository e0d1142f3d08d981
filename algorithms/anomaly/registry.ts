import type { RegistryEntry } from "../base/registry-entry.js";
import { HalfSpaceTrees } from "./half-space-trees.js";
import { RandomCutForest } from "./random-cut-forest.js";

/** Anomaly detectors checked by the contract suite. */
export const anomalyRegistry: readonly RegistryEntry[] = [
  { name: "HalfSpaceTrees", kind: "anomaly", cls: HalfSpaceTrees },
  { name: "RandomCutForest", kind: "anomaly", cls: RandomCutForest },
];
