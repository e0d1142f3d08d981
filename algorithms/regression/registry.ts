import type { RegistryEntry } from "../base/registry-entry.js";

/** regression estimators checked by the contract suite. */
export const regressionRegistry: readonly RegistryEntry[] = [];
