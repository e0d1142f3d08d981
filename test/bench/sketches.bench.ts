// [mining] §2: updates/s of SpaceSaving (capacity 1000) and CountMinSketch (ε 0.001, δ 0.01) on a
// seeded Zipf(1.1) stream of 2 M integers over 1 M ranks, against the bloom-filters npm package's
// CountMinSketch.create(ε, δ) and TopK(k 10, ε, δ) timed in the same process. bloom-filters
// hashes only strings/buffers, so its stream is the same ranks pre-converted to strings (the
// conversion is not timed); ours is timed on integers (the fast path) and on those strings.
// The baselines run on a prefix of the stream (the rate is what is compared). Targets:
// bloom-filters names δ "accuracy" (its rows are ⌈ln(1/accuracy)⌉), so both get δ = 0.01: 5 rows, as ours.
// CountMinSketch ≥ 100×, SpaceSaving ≥ 50× TopK; reported, not asserted.
import bloomFilters from "bloom-filters";
import { Random } from "../../algorithms/index.js";
import { CountMinSketch, SpaceSaving } from "../../algorithms/sketches/index.js";
import { perSec, throughput } from "./timing.js";

const { CountMinSketch: PeerCountMin, TopK: PeerTopK } = bloomFilters;

const N = 2_000_000;
const DISTINCT = 1_000_000;
const S = 1.1;
const EPSILON = 0.001;
const DELTA = 0.01;
/** Items of the stream the (slower) baselines are timed on. */
const PEER_N = 200_000;

/** N Zipf(S) ranks over 1..DISTINCT by inverse CDF (seeded). */
function zipfInts(seed: number): Int32Array {
  const cdf = new Float64Array(DISTINCT);
  let sum = 0;
  for (let r = 1; r <= DISTINCT; r++) cdf[r - 1] = sum += r ** -S;
  const random = new Random(seed);
  const out = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const u = random.next() * sum;
    let lo = 0;
    let hi = DISTINCT - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo + 1;
  }
  return out;
}

// One loop per class and item type, so each call site stays monomorphic.
function cmsInts(xs: Int32Array): number {
  const cms = new CountMinSketch({ epsilon: EPSILON, delta: DELTA });
  for (let i = 0; i < xs.length; i++) cms.update(xs[i] as number);
  return cms.estimate(1);
}
function cmsStrings(xs: readonly string[]): number {
  const cms = new CountMinSketch({ epsilon: EPSILON, delta: DELTA });
  for (let i = 0; i < xs.length; i++) cms.update(xs[i] as string);
  return cms.estimate("1");
}
function ssInts(xs: Int32Array): number {
  const ss = new SpaceSaving({ capacity: 1000 });
  for (let i = 0; i < xs.length; i++) ss.update(xs[i] as number);
  return ss.estimate(1);
}
function ssStrings(xs: readonly string[]): number {
  const ss = new SpaceSaving({ capacity: 1000 });
  for (let i = 0; i < xs.length; i++) ss.update(xs[i] as string);
  return ss.estimate("1");
}
function peerCms(xs: readonly string[]): number {
  const cms = PeerCountMin.create(EPSILON, DELTA);
  for (let i = 0; i < PEER_N; i++) cms.update(xs[i] as string);
  return cms.count("1");
}
function peerTopK(xs: readonly string[]): number {
  const topk = new PeerTopK(10, EPSILON, DELTA);
  for (let i = 0; i < PEER_N; i++) topk.add(xs[i] as string);
  return topk.values()[0]?.frequency ?? 0;
}

export function sketchesBench({ reps, log }: { reps: number; log: (line: string) => void }): void {
  const ints = zipfInts(1);
  const strings = Array.from(ints, String);
  const peerReps = Math.min(reps, 3);
  const peerCmsRate = throughput(peerReps, PEER_N, () => peerCms(strings)).perSec;
  const peerTopKRate = throughput(peerReps, PEER_N, () => peerTopK(strings)).perSec;
  const rows: [string, number, number][] = [
    ["CountMinSketch, integers", throughput(reps, N, () => cmsInts(ints)).perSec, peerCmsRate],
    ["CountMinSketch, strings", throughput(reps, N, () => cmsStrings(strings)).perSec, peerCmsRate],
    ["SpaceSaving(1000), integers", throughput(reps, N, () => ssInts(ints)).perSec, peerTopKRate],
    ["SpaceSaving(1000), strings", throughput(reps, N, () => ssStrings(strings)).perSec, peerTopKRate],
  ];
  log(`sketches: Zipf(${S}) over ${DISTINCT} ranks, ${N} updates (baselines: first ${PEER_N}), median of ${reps}`);
  log(`  bloom-filters CountMinSketch.create(${EPSILON}, ${DELTA}): ${perSec(PEER_N, (PEER_N / peerCmsRate) * 1000)}`);
  log(`  bloom-filters TopK(10, ${EPSILON}, ${DELTA}): ${perSec(PEER_N, (PEER_N / peerTopKRate) * 1000)}`);
  for (const [name, rate, peer] of rows) {
    const target = name.startsWith("Count") ? 100 : 50;
    const ratio = rate / peer;
    log(`  ${name}: ${perSec(N, (N / rate) * 1000)} = ${ratio.toFixed(0)}× the baseline (target ≥ ${target}×${ratio >= target ? "" : ", MISSED"})`);
  }
}
