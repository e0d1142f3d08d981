// Estimator benchmarks (issue 4 §7): d = 10, 200k samples, predict + learn per sample, against
// @stdlib/ml's incremental SGD regression in the same process, and River's published figures on
// a 2-core machine of the same kind as the cross-language bar.
import { createRequire } from "node:module";
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
  let check = run(); // warm-up: let the JIT settle before timing, for every case alike
  for (let r = 0; r < reps; r++) {
    collectGarbage();
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

export function estimatorBench({ reps, log }: { reps: number; log: (line: string) => void }): void {
  const { xs, ys } = regressionData(1);
  const incrSGDRegression = require("@stdlib/ml/incr/sgd-regression/lib/index.js") as StdlibFactory;

  const peer = throughput(reps, N, () => {
    const acc = incrSGDRegression({ learningRate: "constant", eta0: 0.02, lambda: 0 });
    let err = 0;
    for (let i = 0; i < N; i++) {
      const x = xs[i] as number[];
      const y = ys[i] as number;
      err += i === 0 ? Math.abs(y) : Math.abs(acc.predict(x) - y);
      acc(x, y);
    }
    return err / N;
  });
  const sgd = throughput(reps, N, () => linearLoop(new LinearRegression({ optimizer: "sgd", learningRate: 0.02, interceptLr: 0.02 }), xs, ys));
  const scaled = throughput(
    reps,
    N,
    () => pipeLoop(pipe(new StandardScaler(), new LinearRegression({ optimizer: "sgd", learningRate: 0.02, interceptLr: 0.02 })), xs, ys),
  );
  const treeN = 50_000;
  const tree = throughput(Math.min(reps, 3), treeN, () => treeLoop(new HoeffdingTreeRegressor(), xs.slice(0, treeN), ys.slice(0, treeN)));

  const bits = (seed: number, n: number): Float64Array => {
    const random = new Random(seed);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = i < n / 2 ? random.nextInt(2) : 4 + random.nextInt(4);
    return out;
  };
  const stream = bits(2, 1_000_000);
  const drift = (make: () => { update(x: number): void; drift: boolean }) =>
    throughput(reps, stream.length, () => {
      const d = make();
      let detections = 0;
      for (let i = 0; i < stream.length; i++) {
        d.update(stream[i] as number);
        if (d.drift) detections++;
      }
      return detections;
    });
  const ph = drift(() => new PageHinkley());
  const adwin = drift(() => new ADWIN());

  log(`estimator bench: d = ${D}, ${N / 1000}k samples (tree ${treeN / 1000}k), median of ${reps} runs, node ${process.version}`);
  log("");
  const rows: [string, number, string, string][] = [
    ["@stdlib/ml incrSGDRegression (peer), predict + learn", peer.perSec, "1.00 (peer)", `MAE ${peer.check.toFixed(4)}`],
    ["LinearRegression sgd, predict + learn", sgd.perSec, `${(sgd.perSec / peer.perSec).toFixed(2)} × peer (target ≥ 3)`, `MAE ${sgd.check.toFixed(4)}`],
    [
      "StandardScaler | LinearRegression, predict + learn",
      scaled.perSec,
      `${(scaled.perSec / peer.perSec).toFixed(2)} × peer (target ≥ 1.5); ${(scaled.perSec / 61e3).toFixed(0)} × River 61k/s`,
      `MAE ${scaled.check.toFixed(4)}`,
    ],
    ["HoeffdingTreeRegressor, predict + learn", tree.perSec, `${(tree.perSec / 4.5e3).toFixed(1)} × River 4.5k/s (target ≥ 10)`, `MAE ${tree.check.toFixed(4)}`],
    ["ADWIN.update", adwin.perSec, `${(adwin.perSec / 0.51e6).toFixed(1)} × River 0.51 M/s (target ≥ 10)`, `${adwin.check} detections`],
    ["PageHinkley.update", ph.perSec, `${(ph.perSec / 2.7e6).toFixed(1)} × River 2.7 M/s (target ≥ 10)`, `${ph.check} detections`],
  ];
  for (const [name, rate, ratio, check] of rows) log(`${name.padEnd(52)} ${fmt(rate).padStart(11)}   ${ratio.padEnd(58)} ${check}`);
}
