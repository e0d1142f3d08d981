// [mining] §3: seconds for ExactItemsetMiner to learn a FIMI file and mine it at 0.5 % support
// (T10I4D100K.dat: 100k baskets, 870 items; retail.dat: 88k baskets, 16k items), against a plain
// Apriori written below (level-wise candidates by join and prune, counted by enumerating each
// basket's k-subsets against a Map of candidate keys, each basket first trimmed to the items of
// some candidate) timed in the same process on the same arrays. Apriori's itemsets and
// counts are compared with ours and any difference is printed. Loading the files is not timed.
// Reported, not asserted.
import { ExactItemsetMiner } from "../../algorithms/itemsets/index.js";
import { loadFimiTransactions, type FimiFile } from "../../datasets/index.js";
import { collectGarbage, median } from "./timing.js";

const SUPPORT = 0.005;
const FILES: readonly FimiFile[] = ["T10I4D100K.dat", "retail.dat"];

/** Itemset key: its items ascending, comma-joined. */
const keyOf = (items: readonly number[]): string => items.join(",");

/** Apriori (Agrawal & Srikant 1994): every itemset with count ≥ minCount, as key → count. */
function apriori(transactions: readonly number[][], minCount: number): Map<string, number> {
  const singles = new Map<number, number>();
  for (const t of transactions) for (const item of new Set(t)) singles.set(item, (singles.get(item) ?? 0) + 1);
  const found = new Map<string, number>();
  let level: number[][] = [];
  for (const [item, count] of singles) {
    if (count < minCount) continue;
    found.set(keyOf([item]), count);
    level.push([item]);
  }
  let baskets = transactions.map((t) => [...new Set(t)].sort((a, b) => a - b));
  for (let k = 2; level.length > 0; k++) {
    const counts = new Map<string, number>();
    const next = candidates(level, found);
    for (const c of next) counts.set(keyOf(c), 0);
    // Without this trimming, enumerating the k-subsets of long baskets dominates (36 s on T10I4D100K).
    const used = new Set(next.flat());
    baskets = baskets.map((basket) => basket.filter((item) => used.has(item))).filter((basket) => basket.length >= k);
    for (const basket of baskets) countSubsets(basket, k, 0, [], counts);
    level = [];
    for (const [key, count] of counts) {
      if (count < minCount) continue;
      found.set(key, count);
      level.push(key.split(",").map(Number));
    }
  }
  return found;
}

/** Lexicographic order of ascending item arrays of one length. */
function compareSets(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

/** Joins frequent (k−1)-itemsets sharing their first k−2 items; keeps a join only if all its (k−1)-subsets are frequent. */
function candidates(level: number[][], frequent: ReadonlyMap<string, number>): number[][] {
  // Sorted, the itemsets sharing a prefix are adjacent, and b's last item is above a's.
  const sorted = [...level].sort(compareSets);
  const out: number[][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as number[];
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j] as number[];
      if (keyOf(a.slice(0, -1)) !== keyOf(b.slice(0, -1))) break;
      const joined = [...a, b[b.length - 1] as number];
      const allSubsetsFrequent = joined.every((_, drop) => frequent.has(keyOf(joined.filter((__, i2) => i2 !== drop))));
      if (allSubsetsFrequent) out.push(joined);
    }
  }
  return out;
}

/** Adds 1 to the count of every k-subset of `basket` (from index `from`, after `chosen`) that is a candidate. */
function countSubsets(basket: readonly number[], k: number, from: number, chosen: number[], counts: Map<string, number>): void {
  if (chosen.length === k) {
    const key = keyOf(chosen);
    const count = counts.get(key);
    if (count !== undefined) counts.set(key, count + 1);
    return;
  }
  for (let i = from; i <= basket.length - (k - chosen.length); i++) {
    chosen.push(basket[i] as number);
    countSubsets(basket, k, i + 1, chosen, counts);
    chosen.pop();
  }
}

/** Median seconds of `reps` runs of `run`, after one untimed warm-up, and the last result. */
function seconds<T>(reps: number, run: () => T): { s: number; result: T } {
  collectGarbage();
  let result = run();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    result = run();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { s: median(times), result };
}

function differences(ours: ReadonlyMap<string, number>, theirs: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (const [key, count] of ours) if (theirs.get(key) !== count) out.push(`{${key}}: ours ${count}, Apriori ${theirs.get(key) ?? "missing"}`);
  for (const [key, count] of theirs) if (!ours.has(key)) out.push(`{${key}}: ours missing, Apriori ${count}`);
  return out;
}

export function itemsetsBench({ reps, log }: { reps: number; log: (line: string) => void }): void {
  log(`itemsets: learn + frequent(${SUPPORT}) on FIMI files, median of ${reps} (Apriori: of ${Math.min(reps, 3)})`);
  for (const file of FILES) {
    const transactions = loadFimiTransactions(file);
    const learn = seconds(reps, () => {
      const miner = new ExactItemsetMiner();
      for (const t of transactions) miner.learnOne(t);
      return miner;
    });
    const mine = seconds(reps, () => learn.result.frequent(SUPPORT));
    const minCount = Math.ceil(SUPPORT * transactions.length);
    const baseline = seconds(Math.min(reps, 3), () => apriori(transactions, minCount));
    const ours = learn.s + mine.s;
    const found = new Map(mine.result.map((f) => [keyOf(f.items as number[]), f.count]));
    log(`  ${file}: ${found.size} itemsets; ExactItemsetMiner ${ours.toFixed(3)} s (learn ${learn.s.toFixed(3)} s, frequent ${mine.s.toFixed(3)} s); Apriori ${baseline.s.toFixed(3)} s = ${(baseline.s / ours).toFixed(1)}× ours`);
    const diff = differences(found, baseline.result);
    if (diff.length > 0) log(`  ${file}: ${diff.length} itemsets DIFFER from Apriori, e.g. ${diff.slice(0, 5).join("; ")}`);
  }
}
