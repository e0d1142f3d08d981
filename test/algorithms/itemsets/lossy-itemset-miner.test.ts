import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EstimatorInputError, type FrequentItemset, type Item } from "streamine/algorithms";
import { LossyItemsetMiner } from "../../../algorithms/itemsets/lossy-itemset-miner.js";
import { canonical, databases, itemsetOrder, SubsetCounter } from "./streaming-reference.js";

const runs = { seed: 20260412, numRuns: 120 };

/** ε = 1/w exactly, so εN comparisons stay in integers: (f − est)·w ≤ N. */
const settings = fc.record({
  w: fc.constantFrom(5, 10, 20, 50),
  batchBuckets: fc.integer({ min: 1, max: 4 }),
  maxLength: fc.integer({ min: 1, max: 4 }),
  cuts: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  supportPercent: fc.integer({ min: 1, max: 100 }),
});

/** Subsets of 1..maxLength items of a transaction of `size` distinct items. */
function subsets(size: number, maxLength: number): number {
  let total = 0;
  let c = 1;
  for (let k = 1; k <= Math.min(size, maxLength); k++) {
    c = (c * (size - k + 1)) / k;
    total += c;
  }
  return total;
}

/**
 * The space bound of Manku & Motwani's Thm 4.2 restated for itemsets and batches: a set kept
 * after the batch ending at bucket b, inserted with Δ = b − kβ, occurred more than kβ times in
 * the last kβ buckets, and those occurrences are distinct (set, transaction) pairs, so with c
 * the most such pairs (subsets of ≤ maxLength items) in one bucket, entries ≤ c·H(b/β).
 */
function spaceBound(db: readonly Item[][], processed: number, w: number, beta: number, maxLength: number): number {
  let c = 0;
  for (let start = 0; start < processed; start += w) {
    const pairs = db.slice(start, start + w).reduce((s, t) => s + subsets(canonical(t).length, maxLength), 0);
    c = Math.max(c, pairs);
  }
  let harmonic = 0;
  for (let k = 1; k <= processed / w / beta; k++) harmonic += 1 / k;
  return c * harmonic;
}

describe("LossyItemsetMiner", () => {
  it("keeps Manku & Motwani's guarantees at random points of skewed streams", () => {
    fc.assert(
      fc.property(databases(300), settings, (db, { w, batchBuckets, maxLength, cuts, supportPercent }) => {
        const miner = new LossyItemsetMiner({ epsilon: 1 / w, maxLength, batchBuckets });
        const exact = new SubsetCounter(maxLength);
        // s > ε: the support in percent must exceed 100/w.
        const percent = Math.max(supportPercent, Math.floor(100 / w) + 1);
        const checkAt = new Set([...cuts.map((c) => c % (db.length + 1)), db.length]);
        const check = (): void => {
          const n = exact.n;
          expect(miner.total).toBe(n);
          for (const { items, count } of exact.counts.values()) {
            const est = miner.estimate(items);
            expect(est, JSON.stringify(items)).toBeLessThanOrEqual(count);
            expect((count - est) * w, JSON.stringify(items)).toBeLessThanOrEqual(n);
          }
          const found = miner.frequent(percent / 100);
          const keys = new Set(found.map((e) => JSON.stringify(e.items)));
          for (const e of found) {
            const truth = exact.count(e.items);
            expect(e.items).toEqual(canonical(e.items));
            expect(e.count).toBe(miner.estimate(e.items));
            expect(e.count).toBeLessThanOrEqual(truth);
            expect((truth - e.count) * w).toBeLessThanOrEqual(n);
            // No set below (s − ε)N: truth ≥ (percent/100 − 1/w)·n.
            expect(truth * 100 * w).toBeGreaterThanOrEqual((percent * w - 100) * n);
          }
          for (const e of exact.frequent(percent)) expect(keys.has(JSON.stringify(e.items)), JSON.stringify(e)).toBe(true);
          for (let i = 1; i < found.length; i++) expect(itemsetOrder(found[i - 1] as FrequentItemset, found[i] as FrequentItemset)).toBeLessThan(0);
          const processed = n - miner.buffered;
          expect(processed % (w * batchBuckets)).toBe(0);
          expect(miner.size).toBeLessThanOrEqual(spaceBound(db, processed, w, batchBuckets, maxLength) + 1e-9);
        };
        if (checkAt.has(0)) check();
        db.forEach((t, i) => {
          miner.learnOne(t);
          exact.add(t);
          if (checkAt.has(i + 1)) check();
        });
      }),
      runs,
    );
  });

  it("drops a set once f + Δ ≤ b and inserts a set seen more than β times with Δ = b (hand-checked)", () => {
    // w = 4, β = 1: each bucket of 4 transactions is a batch.
    const miner = new LossyItemsetMiner({ epsilon: 0.25, maxLength: 2, batchBuckets: 1 });
    for (const t of [["a"], ["b"], ["a"], ["c"]]) miner.learnOne(t);
    // Bucket 1: a occurs 2 > β times and is kept (2, Δ 0); b and c once each: not kept.
    expect(miner.size).toBe(1);
    expect(miner.estimate(["b"])).toBe(0);
    for (const t of [["a", "b"], ["a", "b"], ["b"], ["a"]]) miner.learnOne(t);
    // Bucket 2: a (5, 0); b new (3, Δ 1), its first occurrence lost; {a, b} new (2, Δ 1).
    expect([miner.estimate(["a"]), miner.estimate(["b"]), miner.estimate(["b", "a"])]).toEqual([5, 3, 2]);
    // s 0.5: estimates ≥ (0.5 − 0.25)·8 = 2.
    expect(miner.frequent(0.5)).toEqual([
      { items: ["a"], count: 5 },
      { items: ["b"], count: 3 },
      { items: ["a", "b"], count: 2 },
    ]);
    miner.learnOne(["c"]);
    miner.learnOne(["c"]);
    // Mid-bucket (b stays 2): c's 2 buffered occurrences exceed the width 0; {a, b}: 2 + 1 > 2 is still kept.
    expect([miner.estimate(["c"]), miner.estimate(["a", "b"]), miner.size, miner.buffered]).toEqual([2, 2, 3, 2]);
    miner.learnOne(["c"]);
    miner.learnOne(["d"]);
    // Bucket 3: {a, b} has 2 + 1 ≤ 3 and goes; c (3, Δ 2) comes in; d once: not kept.
    expect([miner.estimate(["a", "b"]), miner.estimate(["c"]), miner.estimate(["d"]), miner.size]).toEqual([0, 3, 0, 3]);
  });

  it("rejects an empty transaction naming LossyItemsetMiner.learnOne, N and its bytes unchanged, even one short of a batch", () => {
    // w = 10, β = 1: the 10th transaction would fill the buffer and apply the batch.
    const miner = new LossyItemsetMiner({ epsilon: 0.1, batchBuckets: 1 });
    for (let i = 0; i < 9; i++) miner.learnOne(["a", 1]);
    const before = miner.snapshot();
    expect(() => miner.learnOne([])).toThrow(EstimatorInputError);
    expect(() => miner.learnOne([])).toThrow("LossyItemsetMiner.learnOne: a transaction must hold at least one item, got an empty array");
    expect(miner.snapshot()).toEqual(before);
    expect([miner.total, miner.buffered, miner.size]).toEqual([9, 9, 0]);
    // One item repeated is not empty: it counts once, and completes the batch.
    miner.learnOne(["b", "b", "b"]);
    expect([miner.total, miner.buffered, miner.estimate(["b"])]).toEqual([10, 0, 0]);
    expect(miner.frequent(0.4)).toEqual([
      { items: [1], count: 9 },
      { items: ["a"], count: 9 },
      { items: [1, "a"], count: 9 },
    ]);
  });

  it("answers estimate and frequent without changing its state, mid-batch too", () => {
    const miner = new LossyItemsetMiner({ epsilon: 0.1, batchBuckets: 3 });
    for (let i = 0; i < 47; i++) miner.learnOne([i % 3, `s${i % 5}`, i % 7]);
    expect(miner.buffered).toBe(17);
    const before = miner.snapshot();
    miner.frequent(0.2);
    miner.estimate([0, "s0"]);
    expect(miner.snapshot()).toEqual(before);
  });

  it("keeps its item dictionary, and its snapshot, bounded on an ever-growing vocabulary", () => {
    const miner = new LossyItemsetMiner({ epsilon: 0.01, maxLength: 2, batchBuckets: 1 });
    const sizes: number[] = [];
    for (let i = 1; i <= 50_000; i++) {
      miner.learnOne(["common", `once-${i}`]);
      if (i % 10_000 === 0) sizes.push(miner.snapshot().length);
    }
    expect(miner.frequent(0.5)).toEqual([{ items: ["common"], count: 50_000 }]);
    // Unbounded, 50,000 "once-…" strings of ≤ 15 bytes would take 750 kB; compacted, at most 2·1 + 1024 + 100 stay.
    expect(Math.max(...sizes)).toBeLessThan(1127 * 15 + 1000);
  });
});
