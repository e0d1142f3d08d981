// [mining] §3: the streaming itemset miners on retail.dat (88,162 baskets, 16,470 items; loading
// is not timed). Reported, not asserted.
// - LossyItemsetMiner at ε 0.001 with its default maxLength 3 and batchBuckets: baskets/s over
//   the whole file, against exact counting of every subset of ≤ 3 items in a Map<string, number>
//   (what Lossy Counting exists to avoid) timed on the first 2,000 baskets in the same process.
// - Its entries (sets kept after each batch), the most over the run and at the end, against
//   two bounds. (1/ε)·ln(εN) is Manku & Motwani's bound for single items (Thm 4.2) and does
//   NOT bound itemsets: its proof charges each kept entry to its occurrences, of which a bucket
//   of w = 1/ε items has w, while a bucket of w baskets has Σ_t Σ_{k≤3} C(|t|, k) (set, basket)
//   pairs, 687 per basket on average on retail. Rerun for itemsets in batches of β buckets, the
//   proof gives entries ≤ c·H(εN/β), c the most such pairs in one bucket and H the harmonic
//   number: that is the bound that applies, and it is loose, since most of a basket's subsets
//   never recur.
// - SlidingWindowItemsetMiner with W = 10,000: baskets/s over the whole file, and frequent(0.01)
//   on the last full window against ExactItemsetMiner fed those 10,000 baskets and mined at 0.01
//   (re-mining the window from scratch at each query).
import { ExactItemsetMiner } from "../../algorithms/itemsets/exact-itemset-miner.js";
import { LossyItemsetMiner } from "../../algorithms/itemsets/lossy-itemset-miner.js";
import { SlidingWindowItemsetMiner } from "../../algorithms/itemsets/sliding-window-itemset-miner.js";
import { loadFimiTransactions } from "../../datasets/index.js";
import { median, perSec, throughput } from "./timing.js";

const EPSILON = 0.001;
const MAX_LENGTH = 3;
const WINDOW = 10_000;
const SUPPORT = 0.01;
/** Baskets the (slower) exact subset counting is timed on. */
const PEER_N = 2_000;

/** Subsets of 1..MAX_LENGTH items of a basket of `size` distinct items. */
function subsets(size: number): number {
  let total = 0;
  let c = 1;
  for (let k = 1; k <= Math.min(size, MAX_LENGTH); k++) {
    c = (c * (size - k + 1)) / k;
    total += c;
  }
  return total;
}

/** The itemset bound c·H(εN/β) of the header, for the baskets of completed batches. */
function itemsetBound(baskets: readonly number[][], n: number, width: number, beta: number): number {
  const processed = n - (n % (width * beta));
  let c = 0;
  for (let start = 0; start < processed; start += width) {
    let pairs = 0;
    for (const t of baskets.slice(start, start + width)) pairs += subsets(new Set(t).size);
    c = Math.max(c, pairs);
  }
  let harmonic = 0;
  for (let k = 1; k <= processed / width / beta; k++) harmonic += 1 / k;
  return c * harmonic;
}

function lossyRun(baskets: readonly number[][]): number {
  const miner = new LossyItemsetMiner({ epsilon: EPSILON, maxLength: MAX_LENGTH });
  for (let i = 0; i < baskets.length; i++) miner.learnOne(baskets[i] as number[]);
  return miner.size;
}

/** The baseline: every subset of ≤ 3 items counted exactly, keyed by its ascending items. */
function exactSubsetCounts(baskets: readonly number[][]): number {
  const counts = new Map<string, number>();
  for (let i = 0; i < PEER_N; i++) {
    const t = [...new Set(baskets[i])].sort((a, b) => a - b);
    for (let a = 0; a < t.length; a++) {
      const ka = `${t[a]}`;
      counts.set(ka, (counts.get(ka) ?? 0) + 1);
      for (let b = a + 1; b < t.length; b++) {
        const kb = `${ka},${t[b]}`;
        counts.set(kb, (counts.get(kb) ?? 0) + 1);
        for (let c = b + 1; c < t.length; c++) {
          const kc = `${kb},${t[c]}`;
          counts.set(kc, (counts.get(kc) ?? 0) + 1);
        }
      }
    }
  }
  return counts.size;
}

function slidingRun(baskets: readonly number[][]): SlidingWindowItemsetMiner {
  const miner = new SlidingWindowItemsetMiner({ windowSize: WINDOW });
  for (let i = 0; i < baskets.length; i++) miner.learnOne(baskets[i] as number[]);
  return miner;
}

/** Median ms of `reps` calls after 5 untimed ones (a single warm-up leaves the query in V8's baseline tier). */
function timeMedian(reps: number, fn: () => unknown): number {
  for (let i = 0; i < 5; i++) fn();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

export function itemsetStreamBench({ reps, log }: { reps: number; log: (line: string) => void }): void {
  const baskets = loadFimiTransactions("retail.dat");
  const n = baskets.length;
  const lossyRate = throughput(reps, n, () => lossyRun(baskets)).perSec;
  const peer = throughput(Math.min(reps, 3), PEER_N, () => exactSubsetCounts(baskets));

  // One more pass, untimed, for the entries after every basket.
  const miner = new LossyItemsetMiner({ epsilon: EPSILON, maxLength: MAX_LENGTH });
  let most = 0;
  let mostAt = 0;
  for (let i = 0; i < n; i++) {
    miner.learnOne(baskets[i] as number[]);
    if (miner.size > most) [most, mostAt] = [miner.size, i + 1];
  }
  const { batchBuckets } = miner.options;
  const width = Math.ceil(1 / EPSILON);
  const itemBound = width * Math.log(EPSILON * n);

  log(`itemset streams: retail.dat, ${n} baskets, median of ${reps}`);
  log(`  LossyItemsetMiner(ε ${EPSILON}, maxLength ${MAX_LENGTH}, batchBuckets ${batchBuckets}): ${perSec(n, (n / lossyRate) * 1000)} = ${(lossyRate / peer.perSec).toFixed(0)}× exact ≤${MAX_LENGTH}-subset counting in a Map (${perSec(PEER_N, (PEER_N / peer.perSec) * 1000)}, ${peer.check} distinct subsets in its first ${PEER_N} baskets)`);
  log(`    entries: at most ${most} (after ${mostAt} baskets), ${miner.size} at the end (+ ${miner.buffered} buffered baskets; batches of ${batchBuckets * width})`);
  log(`    single-item bound (1/ε)·ln(εN) = ${itemBound.toFixed(0)} (does not apply to itemsets; see the header)`);
  log(`    itemset bound c·H(εN/β) = ${itemsetBound(baskets, n, width, batchBuckets).toExponential(2)} (c: most (subset, basket) pairs in one bucket)`);

  const sliding = slidingRun(baskets);
  const slidingRate = throughput(reps, n, () => slidingRun(baskets).windowLength).perSec;
  const ours = timeMedian(reps, () => sliding.frequent(SUPPORT));
  const last = baskets.slice(n - WINDOW);
  const exactMs = timeMedian(reps, () => {
    const exact = new ExactItemsetMiner();
    for (const t of last) exact.learnOne(t);
    return exact.frequent(SUPPORT);
  });
  const found = sliding.frequent(SUPPORT).length;
  log(`  SlidingWindowItemsetMiner(W ${WINDOW}): learn ${perSec(n, (n / slidingRate) * 1000)}`);
  log(`    frequent(${SUPPORT}) on a full window: ${ours.toFixed(2)} ms (${found} itemsets) = ${(exactMs / ours).toFixed(1)}× ExactItemsetMiner fed the window and mined (${exactMs.toFixed(1)} ms)`);
}
