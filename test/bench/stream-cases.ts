// Estimator benchmark cases on 1-D streams: drift detectors (`update` then read `drift`, counting
// detections) and statistics (`update` per value, then `get`). One loop per class, for the reason
// given in vector-cases.ts.
import {
  ADWIN,
  Cov,
  DDM,
  EDDM,
  EWMean,
  EWVar,
  HDDM_A,
  HDDM_W,
  KSWIN,
  Max,
  Mean,
  Min,
  PageHinkley,
  Quantile,
  RollingQuantile,
  Var,
} from "../../algorithms/index.js";
import type { BenchCase } from "./bench-case.js";
import { STREAM_N, errorStream, levelShiftStream, meanShiftStream, statStreams } from "./estimator-data.js";

const KSWIN_N = 200_000;
/** The O(1) statistics run at hundreds of M/s: 10M values make a run last tens of ms. */
const STAT_N = 10_000_000;
const ROLLING_N = 1_000_000;
const ROLLING_WINDOW = 1_000;

function adwinLoop(d: ADWIN, s: Float64Array): number {
  let detections = 0;
  for (let i = 0; i < s.length; i++) {
    d.update(s[i] as number);
    if (d.drift) detections++;
  }
  return detections;
}

function pageHinkleyLoop(d: PageHinkley, s: Float64Array): number {
  let detections = 0;
  for (let i = 0; i < s.length; i++) {
    d.update(s[i] as number);
    if (d.drift) detections++;
  }
  return detections;
}

function ddmLoop(d: DDM, s: Float64Array): number {
  let detections = 0;
  for (let i = 0; i < s.length; i++) {
    d.update(s[i] as number);
    if (d.drift) detections++;
  }
  return detections;
}

function eddmLoop(d: EDDM, s: Float64Array): number {
  let detections = 0;
  for (let i = 0; i < s.length; i++) {
    d.update(s[i] as number);
    if (d.drift) detections++;
  }
  return detections;
}

function hddmALoop(d: HDDM_A, s: Float64Array): number {
  let detections = 0;
  for (let i = 0; i < s.length; i++) {
    d.update(s[i] as number);
    if (d.drift) detections++;
  }
  return detections;
}

function hddmWLoop(d: HDDM_W, s: Float64Array): number {
  let detections = 0;
  for (let i = 0; i < s.length; i++) {
    d.update(s[i] as number);
    if (d.drift) detections++;
  }
  return detections;
}

function kswinLoop(d: KSWIN, s: Float64Array): number {
  let detections = 0;
  for (let i = 0; i < s.length; i++) {
    d.update(s[i] as number);
    if (d.drift) detections++;
  }
  return detections;
}

function meanLoop(stat: Mean, s: Float64Array): number {
  for (let i = 0; i < s.length; i++) stat.update(s[i] as number);
  return stat.get();
}

function varLoop(stat: Var, s: Float64Array): number {
  for (let i = 0; i < s.length; i++) stat.update(s[i] as number);
  return stat.get();
}

function ewMeanLoop(stat: EWMean, s: Float64Array): number {
  for (let i = 0; i < s.length; i++) stat.update(s[i] as number);
  return stat.get();
}

function ewVarLoop(stat: EWVar, s: Float64Array): number {
  for (let i = 0; i < s.length; i++) stat.update(s[i] as number);
  return stat.get();
}

function minLoop(stat: Min, s: Float64Array): number {
  for (let i = 0; i < s.length; i++) stat.update(s[i] as number);
  return stat.get();
}

function maxLoop(stat: Max, s: Float64Array): number {
  for (let i = 0; i < s.length; i++) stat.update(s[i] as number);
  return stat.get();
}

function quantileLoop(stat: Quantile, s: Float64Array): number {
  for (let i = 0; i < s.length; i++) stat.update(s[i] as number);
  return stat.get();
}

function rollingQuantileLoop(stat: RollingQuantile, s: Float64Array): number {
  for (let i = 0; i < s.length; i++) stat.update(s[i] as number);
  return stat.get();
}

function covLoop(stat: Cov, xs: Float64Array, ys: Float64Array): number {
  for (let i = 0; i < xs.length; i++) stat.update(xs[i] as number, ys[i] as number);
  return stat.get();
}

const detections = (v: number): string => `${v} detection${v === 1 ? "" : "s"}`;

/** A drift detector's row: `n` values of `stream(n)` through `loop(new Detector(), …)` (default options). */
function driftCase<T>(
  id: string,
  label: string,
  stream: (n: number) => Float64Array,
  Detector: new () => T,
  loop: (d: T, s: Float64Array) => number,
  extra: Partial<Pick<BenchCase, "n" | "river">> = {},
): BenchCase {
  const n = extra.n ?? STREAM_N;
  return {
    family: "drift",
    id,
    label,
    n,
    covers: [Detector.name],
    check: detections,
    prepare: () => {
      const s = stream(n);
      return () => loop(new Detector(), s);
    },
    ...(extra.river === undefined ? {} : { river: extra.river }),
  };
}

/** A statistic's row over `n` values of x ~ N(3, 2²); `expect` is what `get()` should be near. */
function statCase<T>(id: string, label: string, expect: string, make: () => T, loop: (stat: T, s: Float64Array) => number, n = STAT_N): BenchCase {
  return {
    family: "statistics",
    id,
    label,
    n,
    covers: [],
    check: (v) => `${v.toFixed(4)} (≈ ${expect})`,
    prepare: () => {
      const { xs } = statStreams(n);
      return () => loop(make(), xs);
    },
  };
}

export const streamCases: readonly BenchCase[] = [
  driftCase("adwin", "ADWIN.update", levelShiftStream, ADWIN, adwinLoop, { river: { perSec: 0.51e6, target: 10 } }),
  driftCase("page-hinkley", "PageHinkley.update", levelShiftStream, PageHinkley, pageHinkleyLoop, { river: { perSec: 2.7e6, target: 10 } }),
  driftCase("ddm", "DDM.update, 0/1 errors 10 % → 30 %", errorStream, DDM, ddmLoop),
  driftCase("eddm", "EDDM.update, 0/1 errors 10 % → 30 %", errorStream, EDDM, eddmLoop),
  driftCase("hddm-a", "HDDM_A.update, 0/1 errors 10 % → 30 %", errorStream, HDDM_A, hddmALoop),
  driftCase("hddm-w", "HDDM_W.update, 0/1 errors 10 % → 30 %", errorStream, HDDM_W, hddmWLoop),
  driftCase("kswin", "KSWIN.update, N(0, 1) → N(1, 1)", meanShiftStream, KSWIN, kswinLoop, { n: KSWIN_N }),
  statCase("mean", "Mean.update", "3", () => new Mean(), meanLoop),
  statCase("var", "Var.update", "4", () => new Var(), varLoop),
  statCase("ew-mean", "EWMean({ fading: 0.01 }).update", "3", () => new EWMean({ fading: 0.01 }), ewMeanLoop),
  statCase("ew-var", "EWVar({ fading: 0.01 }).update", "4", () => new EWVar({ fading: 0.01 }), ewVarLoop),
  statCase("min", "Min.update", "−7", () => new Min(), minLoop),
  statCase("max", "Max.update", "13", () => new Max(), maxLoop),
  statCase("quantile", "Quantile(0.5).update (P²)", "3", () => new Quantile(0.5), quantileLoop),
  statCase("rolling-quantile", `RollingQuantile(0.5, ${ROLLING_WINDOW}).update`, "3", () => new RollingQuantile(0.5, ROLLING_WINDOW), rollingQuantileLoop, ROLLING_N),
  {
    family: "statistics",
    id: "cov",
    label: "Cov.update(x, y), y = 2x + N(0, 1)",
    n: STAT_N,
    covers: [],
    check: (v) => `${v.toFixed(4)} (≈ 8)`,
    prepare: () => {
      const { xs, ys } = statStreams(STAT_N);
      return () => covLoop(new Cov(), xs, ys);
    },
  },
];
