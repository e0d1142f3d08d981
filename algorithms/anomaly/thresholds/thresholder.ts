// The Thresholder contract lives with the other estimator contracts, so the dataflow core can name it.
export type { Thresholder } from "../../base/estimator.js";
