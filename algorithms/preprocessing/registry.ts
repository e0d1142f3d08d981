import type { RegistryEntry } from "../base/registry-entry.js";

/** preprocessing estimators checked by the contract suite. */
export const preprocessingRegistry: readonly RegistryEntry[] = [];
