// NAB v1.1 scoring (shared/data/nab/SCORING.md): pure functions, no file I/O.
export type { NabCounts, NabFileLabels, NabFileScore, NabScoredFile, NabWindow } from "./types.js";
export { NAB_PROFILE_NAMES, NAB_PROFILES, type NabCostMatrix, type NabProfileName } from "./profiles.js";
export { scaledSigmoid } from "./sigmoid.js";
export { nabProbation } from "./probation.js";
export { NAB_OUTSIDE, NAB_PROBATIONARY, nabRowWeights, type NabRowWeights } from "./row-weights.js";
export { scoreNabFile } from "./window-scorer.js";
export { nabBaselines, normaliseNabScore, type NabBaselines } from "./normalise.js";
export { scoreNabCorpus, type NabCorpusScore } from "./corpus.js";
export { optimiseNabThreshold, type NabOptimum } from "./optimise-threshold.js";
