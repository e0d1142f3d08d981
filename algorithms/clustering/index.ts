// The clustering family of "streamine/algorithms".
export { SequentialKMeans, type SequentialKMeansOptions } from "./sequential-k-means.js";
export { MiniBatchKMeans, type MiniBatchKMeansOptions } from "./mini-batch-k-means.js";
