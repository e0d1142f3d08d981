import type { RegistryEntry } from "../base/registry-entry.js";
import { MinMaxScaler } from "./min-max-scaler.js";
import { StandardScaler } from "./standard-scaler.js";

/** Preprocessing estimators checked by the contract suite. FeatureSpec has no state, so no entry. */
export const preprocessingRegistry: readonly RegistryEntry[] = [
  { name: "StandardScaler", kind: "transformer", cls: StandardScaler },
  { name: "MinMaxScaler", kind: "transformer", cls: MinMaxScaler },
];
