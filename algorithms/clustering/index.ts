// The clustering family of "streamine/algorithms".
export { SequentialKMeans, type SequentialKMeansOptions } from "./sequential-k-means.js";
export { MiniBatchKMeans, type MiniBatchKMeansOptions } from "./mini-batch-k-means.js";
export { CluStream, type CluStreamMicroCluster, type CluStreamOptions } from "./clu-stream.js";
export { DenStream, type DenStreamMicroCluster, type DenStreamOptions } from "./den-stream.js";
