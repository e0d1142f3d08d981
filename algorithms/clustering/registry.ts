import type { RegistryEntry } from "../base/registry-entry.js";
import { CluStream } from "./clu-stream.js";
import { DenStream } from "./den-stream.js";
import { MiniBatchKMeans } from "./mini-batch-k-means.js";
import { SequentialKMeans } from "./sequential-k-means.js";

/** Clusterers checked by the contract suite. */
export const clusteringRegistry: readonly RegistryEntry[] = [
  { name: "SequentialKMeans", kind: "clusterer", cls: SequentialKMeans },
  { name: "MiniBatchKMeans", kind: "clusterer", cls: MiniBatchKMeans },
  { name: "CluStream", kind: "clusterer", cls: CluStream },
  { name: "DenStream", kind: "clusterer", cls: DenStream },
];
