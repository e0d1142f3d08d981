// The regression family of "streamine/algorithms".
export { BaggingRegressor, type BaggingRegressorOptions } from "./bagging-regressor.js";
export { HoeffdingTreeRegressor, type HoeffdingTreeRegressorOptions } from "./hoeffding-tree-regressor.js";
export { LinearRegression, type LinearOptimizer, type LinearRegressionOptions } from "./linear-regression.js";
export { PARegressor, type PARegressorOptions } from "./pa-regressor.js";
export { RLSRegressor, type RLSRegressorOptions } from "./rls-regressor.js";
