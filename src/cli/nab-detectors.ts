import type { AnomalyDetector } from "../../algorithms/base/estimator.js";
import { BestUnivariateDetector, HalfSpaceTrees, RandomCutForest, WindowedGaussian } from "../../algorithms/index.js";

/**
 * NAB scores rows in [0, 1]. A strictly increasing map of a detector's scores leaves the sweep's
 * result unchanged (it orders rows, one threshold for the corpus), so s / (1 + s) is used for
 * detectors whose scores are unbounded.
 */
function unitScores(detector: AnomalyDetector): AnomalyDetector {
  return {
    options: detector.options,
    snapshot: () => detector.snapshot(),
    learnOne: (x) => detector.learnOne(x),
    scoreOne: (x) => {
      const s = detector.scoreOne(x);
      return s / (1 + s);
    },
  };
}

/** The detectors `streamine nab --detector <name>` runs, each with the settings it is run with on the whole corpus (no per-file tuning). */
export const NAB_DETECTORS: Readonly<Record<string, { readonly describe: string; readonly create: () => AnomalyDetector }>> = {
  best: {
    describe: "BestUnivariateDetector: ConformalKNN with its defaults (shingles of 1, 2 and 19 values, window 1200, k 10, rest period 120)",
    create: () => new BestUnivariateDetector(),
  },
  hst: {
    describe: "HalfSpaceTrees, River's 10 trees of height 8, window 250, feature range learned from the first window",
    create: () => new HalfSpaceTrees({ limits: "learn", seed: 1 }),
  },
  windowedGaussian: {
    describe: "NAB's windowed Gaussian baseline: window 6400, step 100, score 1 − tail probability",
    create: () => new WindowedGaussian(),
  },
  rcf: {
    describe: "RandomCutForest as AWS ran it on NAB: 100 trees, sample 256, shingle 1",
    create: () => unitScores(new RandomCutForest({ trees: 100, sampleSize: 256, shingleSize: 1, seed: 1 })),
  },
};
