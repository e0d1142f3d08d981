import type { RegistryEntry } from "../base/registry-entry.js";
import { Pipe } from "../compose/pipe.js";
import { BaggingRegressor } from "./bagging-regressor.js";
import { HoeffdingTreeRegressor } from "./hoeffding-tree-regressor.js";
import { LinearRegression } from "./linear-regression.js";
import { PARegressor } from "./pa-regressor.js";
import { RLSRegressor } from "./rls-regressor.js";

/** Regression estimators checked by the contract suite (Pipe is a Regressor too, so it is listed here). */
export const regressionRegistry: readonly RegistryEntry[] = [
  { name: "LinearRegression", kind: "regressor", cls: LinearRegression },
  { name: "RLSRegressor", kind: "regressor", cls: RLSRegressor },
  { name: "PARegressor", kind: "regressor", cls: PARegressor },
  { name: "HoeffdingTreeRegressor", kind: "regressor", cls: HoeffdingTreeRegressor },
  { name: "BaggingRegressor", kind: "regressor", cls: BaggingRegressor },
  { name: "Pipe", kind: "regressor", cls: Pipe },
];
