// Estimator benchmark cases on the d = 10 regression stream: regressors and pipes (predict + learn
// per sample), scalers and FeatureSpec, and prequential evaluation.
//
// Each model class has its own copy of the timed loop so every call site stays monomorphic, as in
// the peer's loop: one shared loop would measure V8's megamorphic dispatch rather than the models.
// (Each case also runs in a process of its own; the copies keep that true when cases share one,
// e.g. when profiling.) The loops add the absolute error of each prediction made before learning.
import {
  BaggingRegressor,
  FeatureSpec,
  HoeffdingTreeRegressor,
  LinearRegression,
  MAE,
  MinMaxScaler,
  PARegressor,
  RLSRegressor,
  StandardScaler,
  evaluatePrequential,
  pipe,
  type LinearOptimizer,
  type Pipe,
} from "../../algorithms/index.js";
import type { BenchCase } from "./bench-case.js";
import { D, N, featureRecords } from "./estimator-data.js";

const TREE_N = 50_000;
const BAGGING_N = 10_000;

function linearLoop(model: LinearRegression, xs: number[][], ys: number[]): number {
  let err = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number[];
    const y = ys[i] as number;
    err += Math.abs(model.predictOne(x) - y);
    model.learnOne(x, y);
  }
  return err / xs.length;
}

function rlsLoop(model: RLSRegressor, xs: number[][], ys: number[]): number {
  let err = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number[];
    const y = ys[i] as number;
    err += Math.abs(model.predictOne(x) - y);
    model.learnOne(x, y);
  }
  return err / xs.length;
}

function paLoop(model: PARegressor, xs: number[][], ys: number[]): number {
  let err = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number[];
    const y = ys[i] as number;
    err += Math.abs(model.predictOne(x) - y);
    model.learnOne(x, y);
  }
  return err / xs.length;
}

function treeLoop(model: HoeffdingTreeRegressor, xs: number[][], ys: number[]): number {
  let err = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number[];
    const y = ys[i] as number;
    err += Math.abs(model.predictOne(x) - y);
    model.learnOne(x, y);
  }
  return err / xs.length;
}

function baggingLoop(model: BaggingRegressor, xs: number[][], ys: number[]): number {
  let err = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number[];
    const y = ys[i] as number;
    err += Math.abs(model.predictOne(x) - y);
    model.learnOne(x, y);
  }
  return err / xs.length;
}

/** StandardScaler | LinearRegression. */
function scaledLinearLoop(model: Pipe, xs: number[][], ys: number[]): number {
  let err = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number[];
    const y = ys[i] as number;
    err += Math.abs(model.predictOne(x) - y);
    model.learnOne(x, y);
  }
  return err / xs.length;
}

/** MinMaxScaler | PARegressor: a Pipe too, but other steps behind its call sites. */
function minMaxPaLoop(model: Pipe, xs: number[][], ys: number[]): number {
  let err = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number[];
    const y = ys[i] as number;
    err += Math.abs(model.predictOne(x) - y);
    model.learnOne(x, y);
  }
  return err / xs.length;
}

/** Mean of z² over every output value: 1 once the scaler has seen enough of a standard normal. */
function standardScalerLoop(scaler: StandardScaler, xs: number[][]): number {
  let sq = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number[];
    scaler.learnOne(x);
    const z = scaler.transformOne(x);
    for (let j = 0; j < z.length; j++) sq += (z[j] as number) * (z[j] as number);
  }
  return sq / (xs.length * D);
}

/** Mean output value, in [0, 1] (about 0.5 for a symmetric input). */
function minMaxScalerLoop(scaler: MinMaxScaler, xs: number[][]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number[];
    scaler.learnOne(x);
    const z = scaler.transformOne(x);
    for (let j = 0; j < z.length; j++) s += z[j] as number;
  }
  return s / (xs.length * D);
}

/** Sum of every value read (compared with the same sum over the arrays: the difference is 0). */
function featureSpecLoop(spec: FeatureSpec, records: Record<string, number>[], into: Float64Array): number {
  let s = 0;
  for (let i = 0; i < records.length; i++) {
    const v = spec.toVector(records[i] as Record<string, number>, into);
    for (let j = 0; j < v.length; j++) s += v[j] as number;
  }
  return s;
}

const mae = (v: number): string => `MAE ${v.toFixed(4)}`;
const head = (xs: number[][], ys: number[], n: number): { xs: number[][]; ys: number[] } => ({ xs: xs.slice(0, n), ys: ys.slice(0, n) });

/** LinearRegression as in the existing rows (and as the peer): learning rates 0.02. */
const linear = (optimizer: LinearOptimizer): LinearRegression => new LinearRegression({ optimizer, learningRate: 0.02, interceptLr: 0.02 });

function linearCase(optimizer: LinearOptimizer, peerTarget?: number): BenchCase {
  const c: BenchCase = {
    family: "regression",
    id: optimizer === "sgd" ? "linear" : `linear-${optimizer}`,
    label: `LinearRegression ${optimizer}, predict + learn`,
    n: N,
    covers: ["LinearRegression"],
    check: mae,
    prepare: ({ xs, ys }) => () => linearLoop(linear(optimizer), xs, ys),
  };
  return peerTarget === undefined ? c : { ...c, peerTarget };
}

export const vectorCases: readonly BenchCase[] = [
  linearCase("sgd", 3),
  linearCase("adam"),
  linearCase("adagrad"),
  {
    family: "regression",
    id: "rls",
    label: "RLSRegressor, predict + learn",
    n: N,
    covers: ["RLSRegressor"],
    check: mae,
    prepare: ({ xs, ys }) => () => rlsLoop(new RLSRegressor(), xs, ys),
  },
  {
    family: "regression",
    id: "pa",
    label: "PARegressor, predict + learn",
    n: N,
    covers: ["PARegressor"],
    check: mae,
    prepare: ({ xs, ys }) => () => paLoop(new PARegressor(), xs, ys),
  },
  {
    family: "regression",
    id: "tree",
    label: "HoeffdingTreeRegressor, predict + learn",
    n: TREE_N,
    maxReps: 3,
    covers: ["HoeffdingTreeRegressor"],
    river: { perSec: 4.5e3, target: 10 },
    check: mae,
    prepare: (data) => {
      const { xs, ys } = head(data.xs, data.ys, TREE_N);
      return () => treeLoop(new HoeffdingTreeRegressor(), xs, ys);
    },
  },
  {
    family: "regression",
    id: "bagging",
    label: "BaggingRegressor (10 trees), predict + learn",
    n: BAGGING_N,
    maxReps: 3,
    covers: ["BaggingRegressor"],
    check: mae,
    prepare: (data) => {
      const { xs, ys } = head(data.xs, data.ys, BAGGING_N);
      return () => baggingLoop(new BaggingRegressor(), xs, ys);
    },
  },
  {
    family: "compose",
    id: "pipe",
    label: "StandardScaler | LinearRegression, predict + learn",
    n: N,
    covers: ["Pipe", "StandardScaler", "LinearRegression"],
    peerTarget: 1.5,
    river: { perSec: 61e3 },
    check: mae,
    prepare: ({ xs, ys }) => () => scaledLinearLoop(pipe(new StandardScaler(), linear("sgd")), xs, ys),
  },
  {
    family: "compose",
    id: "pipe-minmax-pa",
    label: "MinMaxScaler | PARegressor, predict + learn",
    n: N,
    covers: ["Pipe", "MinMaxScaler", "PARegressor"],
    check: mae,
    prepare: ({ xs, ys }) => () => minMaxPaLoop(pipe(new MinMaxScaler(), new PARegressor()), xs, ys),
  },
  {
    family: "preprocessing",
    id: "standard-scaler",
    label: "StandardScaler, learnOne + transformOne",
    n: N,
    covers: ["StandardScaler"],
    check: (v) => `mean z² ${v.toFixed(4)}`,
    prepare: ({ xs }) => () => standardScalerLoop(new StandardScaler(), xs),
  },
  {
    family: "preprocessing",
    id: "min-max-scaler",
    label: "MinMaxScaler, learnOne + transformOne",
    n: N,
    covers: ["MinMaxScaler"],
    check: (v) => `mean z ${v.toFixed(4)}`,
    prepare: ({ xs }) => () => minMaxScalerLoop(new MinMaxScaler(), xs),
  },
  {
    family: "preprocessing",
    id: "feature-spec",
    label: "FeatureSpec.toVector, record → reused vector",
    n: N,
    covers: ["FeatureSpec"],
    check: (v) => `Σ read − Σ x = ${v}`,
    prepare: ({ xs }) => {
      const records = featureRecords(xs);
      const names = Array.from({ length: D }, (_, j) => `x${j}`);
      let expected = 0;
      for (const x of xs) for (const v of x) expected += v;
      return () => featureSpecLoop(new FeatureSpec(names), records, new Float64Array(D)) - expected;
    },
  },
  {
    family: "evaluation",
    id: "prequential",
    label: "evaluatePrequential(LinearRegression sgd, MAE)",
    n: N,
    covers: [],
    check: mae,
    prepare: ({ xs, ys }) => {
      const samples = xs.map((x, i) => ({ x, y: ys[i] ?? 0 }));
      return () => evaluatePrequential(linear("sgd"), samples, { metrics: { mae: new MAE() } }).final.mae;
    },
  },
];
