// Estimator benchmarks (issue 4 §7): d = 10, 200k samples, predict + learn per sample, against
// @stdlib/ml's incremental SGD regression in the same process, and River's published figures on
// a 2-core machine of the same kind as the cross-language bar. Each case runs in a process of its
// own (with its peer), as an application using one model would: sharing one process lets the
// JIT's type feedback from one model's inputs slow down the next.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import {
  ADWIN,
  HoeffdingTreeRegressor,
  LinearRegression,
  PageHinkley,
  Random,
  StandardScaler,
  pipe,
  type Regressor,
} from "../../algorithms/index.js";
import { collectGarbage, median } from "./timing.js";

const require = createRequire(import.meta.url);

interface StdlibSgd {
  (x: number[], y: number): void;
  predict(x: number[]): number;
}
type StdlibFactory = (options: { learningRate: string; eta0: number; lambda: number }) => StdlibSgd;

const D = 10;
const N = 200_000;

/** Standardised features and a noisy linear target, as plain arrays (what @stdlib/ml takes). */
function regressionData(seed: number): { xs: number[][]; ys: number[] } {
  const random = new Random(seed);
  const w = Array.from({ length: D }, (_, j) => (j % 2 === 0 ? 1 : -1) * (1 + j / D));
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < N; i++) {
    const x = Array.from({ length: D }, () => random.nextGaussian());
    xs.push(x);
    ys.push(x.reduce((s, v, j) => s + v * (w[j] ?? 0), 0.5) + 0.1 * random.nextGaussian());
  }
  return { xs, ys };
}

/** Median samples/s of `reps` runs of `run` over `n` samples (a fresh model each run). */
function throughput(reps: number, n: number, run: () => number): { perSec: number; check: number } {
  const times: number[] = [];
  // One collection, then a warm-up: a full GC between timed runs makes V8 drop optimised code and
  // re-tier, which then dominates a 200k-sample run (both for the peer and for us).
  collectGarbage();
  let check = run();
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    check = run();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { perSec: (n / median(times)) * 1_000, check };
}

// Predict + learn over the data. Each model type has its own copy of the loop so every call site
// stays monomorphic, as in the peer's loop: one shared loop would measure V8's megamorphic
// dispatch rather than the models.
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

function pipeLoop(model: Regressor, xs: number[][], ys: number[]): number {
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

const fmt = (r: number): string => (r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(1)} k/s`);

/** One benchmark case's figures, as printed by the case process. */
interface CaseResult {
  readonly perSec: number;
  readonly check: number;
  readonly peerPerSec: number | null;
  readonly peerCheck: number | null;
}

function peerThroughput(reps: number, xs: number[][], ys: number[]): { perSec: number; check: number } {
  const incrSGDRegression = require("@stdlib/ml/incr/sgd-regression/lib/index.js") as StdlibFactory;
  return throughput(reps, xs.length, () => {
    const acc = incrSGDRegression({ learningRate: "constant", eta0: 0.02, lambda: 0 });
    let err = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number[];
      const y = ys[i] as number;
      err += i === 0 ? Math.abs(y) : Math.abs(acc.predict(x) - y);
      acc(x, y);
    }
    return err / xs.length;
  });
}

const TREE_N = 50_000;
const STREAM_N = 1_000_000;

/** Runs one case in this process: the model's throughput and, for linear models, the peer's. */
export function runCase(name: string, reps: number): CaseResult {
  if (name === "adwin" || name === "page-hinkley") {
    const random = new Random(2);
    const stream = new Float64Array(STREAM_N);
    for (let i = 0; i < STREAM_N; i++) stream[i] = i < STREAM_N / 2 ? random.nextInt(2) : 4 + random.nextInt(4);
    const r = throughput(reps, STREAM_N, () => {
      const d = name === "adwin" ? new ADWIN() : new PageHinkley();
      let detections = 0;
      for (let i = 0; i < stream.length; i++) {
        d.update(stream[i] as number);
        if (d.drift) detections++;
      }
      return detections;
    });
    return { perSec: r.perSec, check: r.check, peerPerSec: null, peerCheck: null };
  }
  const { xs, ys } = regressionData(1);
  if (name === "tree") {
    const r = throughput(Math.min(reps, 3), TREE_N, () => treeLoop(new HoeffdingTreeRegressor(), xs.slice(0, TREE_N), ys.slice(0, TREE_N)));
    return { perSec: r.perSec, check: r.check, peerPerSec: null, peerCheck: null };
  }
  const peer = peerThroughput(reps, xs, ys);
  const make = (): LinearRegression => new LinearRegression({ optimizer: "sgd", learningRate: 0.02, interceptLr: 0.02 });
  const r = name === "linear" ? throughput(reps, N, () => linearLoop(make(), xs, ys)) : throughput(reps, N, () => pipeLoop(pipe(new StandardScaler(), make()), xs, ys));
  return { perSec: r.perSec, check: r.check, peerPerSec: peer.perSec, peerCheck: peer.check };
}

function inChild(name: string, reps: number): CaseResult {
  const script = fileURLToPath(new URL("./estimator-case.js", import.meta.url));
  const out = execFileSync(process.execPath, ["--expose-gc", script, name, String(reps)], { encoding: "utf8" });
  return JSON.parse(out) as CaseResult;
}

export function estimatorBench({ reps, log }: { reps: number; log: (line: string) => void }): void {
  const linear = inChild("linear", reps);
  const scaled = inChild("pipe", reps);
  const tree = inChild("tree", reps);
  const adwin = inChild("adwin", reps);
  const ph = inChild("page-hinkley", reps);
  const peer = linear.peerPerSec ?? NaN;
  const peer2 = scaled.peerPerSec ?? NaN;
  log(`estimator bench: d = ${D}, ${N / 1000}k samples (tree ${TREE_N / 1000}k, drift ${STREAM_N / 1e6} M values), median of ${reps} runs after a warm-up, one process per case, node ${process.version}`);
  log("");
  const rows: [string, number, string, string][] = [
    ["@stdlib/ml incrSGDRegression (peer), predict + learn", peer, "1.00 (peer, in the LinearRegression process)", `MAE ${(linear.peerCheck ?? NaN).toFixed(4)}`],
    ["LinearRegression sgd, predict + learn", linear.perSec, `${(linear.perSec / peer).toFixed(2)} × peer (target ≥ 3)`, `MAE ${linear.check.toFixed(4)}`],
    [
      "StandardScaler | LinearRegression, predict + learn",
      scaled.perSec,
      `${(scaled.perSec / peer2).toFixed(2)} × peer ${fmt(peer2)} (target ≥ 1.5); ${(scaled.perSec / 61e3).toFixed(0)} × River 61k/s`,
      `MAE ${scaled.check.toFixed(4)}`,
    ],
    ["HoeffdingTreeRegressor, predict + learn", tree.perSec, `${(tree.perSec / 4.5e3).toFixed(1)} × River 4.5k/s (target ≥ 10)`, `MAE ${tree.check.toFixed(4)}`],
    ["ADWIN.update", adwin.perSec, `${(adwin.perSec / 0.51e6).toFixed(1)} × River 0.51 M/s (target ≥ 10)`, `${adwin.check} detections`],
    ["PageHinkley.update", ph.perSec, `${(ph.perSec / 2.7e6).toFixed(1)} × River 2.7 M/s (target ≥ 10)`, `${ph.check} detections`],
  ];
  for (const [name, rate, ratio, check] of rows) log(`${name.padEnd(52)} ${fmt(rate).padStart(11)}   ${ratio.padEnd(62)} ${check}`);
}
