import type { AnomalyDetector } from "../../algorithms/base/estimator.js";
import { HalfSpaceTrees } from "../../algorithms/index.js";

/** The detectors `streamine nab --detector <name>` runs, each with the settings it is run with on the whole corpus (no per-file tuning). */
export const NAB_DETECTORS: Readonly<Record<string, { readonly describe: string; readonly create: () => AnomalyDetector }>> = {
  hst: {
    describe: "HalfSpaceTrees, River's 10 trees of height 8, window 250, feature range learned from the first window",
    create: () => new HalfSpaceTrees({ limits: "learn", seed: 1 }),
  },
};
