// The preprocessing family of "streamine/algorithms".
export { FeatureSpec } from "./feature-spec.js";
export { MinMaxScaler, type MinMaxScalerOptions } from "./min-max-scaler.js";
export { StandardScaler, type StandardScalerOptions } from "./standard-scaler.js";
