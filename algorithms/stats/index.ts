// The statistics of "streamine/algorithms": re-exports only.
export { Cov, type CovOptions } from "./covariance.js";
export { EWMean, type EWOptions } from "./ew-mean.js";
export { EWVar } from "./ew-variance.js";
export { Max } from "./max.js";
export { Mean } from "./mean.js";
export { Min } from "./min.js";
export { Quantile } from "./p2-quantile.js";
export { RollingStatistic, rolling } from "./rolling.js";
export { RollingQuantile } from "./rolling-quantile.js";
export type { Bivariate, Revertible, Statistic, Univariate } from "./univariate.js";
export { Var, type VarOptions } from "./variance.js";
