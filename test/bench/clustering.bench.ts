// [mining] issue: samples/s of SequentialKMeans (k = 5; d = 2 and d = 10), predicting then learning
// every row of the same seeded 100k-row Gaussian-blob stream, against @stdlib/ml's incremental
// k-means (incr/kmeans, its defaults: Euclidean, k-means++ init on the first k rows) fed the same
// rows, timed first in the same process. The peer takes ndarrays, so each row is copied into its
// preallocated vector (and a 1×d matrix for its predict), as an application would. Target: ≥ 4×.
// Reported, not asserted.
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import { Random } from "../../algorithms/index.js";
import { SequentialKMeans } from "../../algorithms/clustering/index.js";
import { throughput } from "./timing.js";

const require = createRequire(import.meta.url);

const N = 100_000;
const K = 5;
const TARGET = 4;

interface NdArray {
  set(...args: number[]): void;
}
interface StdlibKMeans {
  (vec: NdArray): unknown;
  predict(out: NdArray, X: NdArray): unknown;
}
type StdlibFactory = (k: number, ndims: number, options?: { seed?: number }) => StdlibKMeans;
type NdarrayCtor = new (dtype: string, buffer: Float64Array, shape: number[], strides: number[], offset: number, order: string) => NdArray;

/** N rows of K unit-variance blobs with centres uniform in [−10, 10]^d, plain arrays. */
function rows(seed: number, d: number): number[][] {
  const r = new Random(seed);
  const centres = Array.from({ length: K }, () => Array.from({ length: d }, () => 20 * r.next() - 10));
  return Array.from({ length: N }, () => (centres[r.nextInt(K)] as number[]).map((c) => c + r.nextGaussian()));
}

function ours(reps: number, xs: readonly number[][]): { perSec: number; check: number } {
  return throughput(reps, xs.length, () => {
    const km = new SequentialKMeans({ k: K, seed: 1 });
    let check = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number[];
      check += km.predictOne(x);
      km.learnOne(x);
    }
    return check;
  });
}

function peer(reps: number, xs: readonly number[][], d: number): { perSec: number; check: number } {
  const incrkmeans = require("@stdlib/ml/incr/kmeans/lib/index.js") as StdlibFactory;
  const ndarray = require("@stdlib/ndarray/ctor/lib/index.js") as NdarrayCtor;
  const vbuf = new Float64Array(d);
  const vec = new ndarray("float64", vbuf, [d], [1], 0, "row-major");
  const mat = new ndarray("float64", vbuf, [1, d], [d, 1], 0, "row-major");
  const obuf = new Float64Array(1);
  const out = new ndarray("float64", obuf, [1], [1], 0, "row-major");
  return throughput(reps, xs.length, () => {
    const acc = incrkmeans(K, d, { seed: 1 });
    let check = 0;
    let seeded = false;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number[];
      for (let j = 0; j < d; j++) vbuf[j] = x[j] as number;
      if (seeded) {
        acc.predict(out, mat);
        check += obuf[0] as number;
      }
      seeded = acc(vec) !== null;
    }
    return check;
  });
}

/** Prints one line per dimension: the peer's and our samples/s and the ratio. */
export function clusteringBench({ reps, log }: { reps: number; log: (line: string) => void }): void {
  log(
    `clustering bench: SequentialKMeans (k = ${K}, defaults: k-means++ on the first 100 rows, rate 1/n) vs @stdlib/ml incrkmeans (k = ${K}, its defaults), ` +
      `predict + learn per row, ${N / 1000}k seeded blob rows, median of ${reps} runs after a warm-up, node ${process.version}, ${cpus().length} CPUs, ` +
      `load average ${loadavg()[0]?.toFixed(2) ?? "?"}; target ≥ ${TARGET}× the peer`,
  );
  for (const d of [2, 10]) {
    const xs = rows(7 + d, d);
    const p = peer(reps, xs, d);
    const o = ours(reps, xs);
    const ratio = o.perSec / p.perSec;
    const fmt = (v: number): string => (v >= 1e6 ? `${(v / 1e6).toFixed(2)} M/s` : `${(v / 1e3).toFixed(0)} k/s`);
    log(
      `  d = ${String(d).padStart(2)}: @stdlib/ml ${fmt(p.perSec)}, SequentialKMeans ${fmt(o.perSec)}, ${ratio.toFixed(1)}× ` +
        `(${ratio >= TARGET ? "meets" : "MISSES"} the ${TARGET}× target)`,
    );
  }
}
