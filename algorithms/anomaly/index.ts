// The anomaly-detection family of "streamine/algorithms".
export {
  HalfSpaceTrees,
  paperHalfSpaceTrees,
  riverHalfSpaceTrees,
  type HalfSpaceTree,
  type HalfSpaceTreesOptions,
} from "./half-space-trees.js";
export { RandomCutForest, type DiVector, type RandomCutForestOptions, type RcfNode, type RcfTreeView } from "./random-cut-forest.js";
