// The anomaly-detection family of "streamine/algorithms".
export {
  HalfSpaceTrees,
  paperHalfSpaceTrees,
  riverHalfSpaceTrees,
  type HalfSpaceTree,
  type HalfSpaceTreesOptions,
} from "./half-space-trees.js";
