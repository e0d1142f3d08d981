import { anomalyRegistry } from "./anomaly/registry.js";
import type { RegistryEntry } from "./base/registry-entry.js";
import { clusteringRegistry } from "./clustering/registry.js";
import { driftRegistry } from "./drift/registry.js";
import { itemsetRegistry } from "./itemsets/registry.js";
import { preprocessingRegistry } from "./preprocessing/registry.js";
import { regressionRegistry } from "./regression/registry.js";
import { sketchRegistry } from "./sketches/registry.js";

/**
 * Every estimator class with its contract-suite settings (`testParams` live on the class).
 * A new estimator is covered by the generic suite (test/algorithms/contract.test.ts) by being
 * listed here, through its family's registry.
 * @public
 */
export const registry: readonly RegistryEntry[] = [...preprocessingRegistry, ...regressionRegistry, ...driftRegistry, ...anomalyRegistry, ...clusteringRegistry, ...sketchRegistry, ...itemsetRegistry];
