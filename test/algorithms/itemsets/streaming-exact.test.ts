// The streaming miners against ExactItemsetMiner, the family's ground truth: the sliding window
// equals it fed the same window, and Lossy Counting stays within εN of it on retail.dat.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExactItemsetMiner, type FrequentItemset } from "streamine/algorithms";
import { loadFimiTransactions } from "streamine/datasets";
import { LossyItemsetMiner } from "../../../algorithms/itemsets/lossy-itemset-miner.js";
import { SlidingWindowItemsetMiner } from "../../../algorithms/itemsets/sliding-window-itemset-miner.js";
import { databases } from "./streaming-reference.js";

const key = (e: FrequentItemset): string => JSON.stringify(e.items);

describe("SlidingWindowItemsetMiner against ExactItemsetMiner", () => {
  it("equals ExactItemsetMiner fed the same last W transactions, at random points of the stream", () => {
    fc.assert(
      fc.property(
        databases(250),
        fc.integer({ min: 1, max: 80 }),
        fc.constantFrom(0, 1, 2, 3),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        (db, windowSize, maxLength, percent, cuts) => {
          const miner = new SlidingWindowItemsetMiner({ windowSize, maxLength });
          const checkAt = new Set([...cuts.map((c) => 1 + (c % Math.max(1, db.length))), db.length]);
          db.forEach((t, i) => {
            miner.learnOne(t);
            if (!checkAt.has(i + 1)) return;
            const exact = new ExactItemsetMiner({ maxLength });
            for (const u of db.slice(Math.max(0, i + 1 - windowSize), i + 1)) exact.learnOne(u);
            expect(miner.frequent(percent / 100)).toEqual(exact.frequent(percent / 100));
          });
        },
      ),
      { seed: 20260415, numRuns: 100 },
    );
  });
});

describe("LossyItemsetMiner against ExactItemsetMiner on retail.dat", () => {
  it("reports, at s 1 % and ε 0.1 % over the first 20,000 baskets, every itemset of ≤ 3 items with f ≥ sN, none below (s − ε)N, each within εN", () => {
    const epsilon = 0.001;
    const s = 0.01;
    const baskets = loadFimiTransactions("retail.dat").slice(0, 20_000);
    const lossy = new LossyItemsetMiner({ epsilon, maxLength: 3 });
    const exact = new ExactItemsetMiner({ maxLength: 3 });
    // Mid-batch (4 buckets of 1,000) and at the end.
    const checkAt = new Set([7_777, 13_001, 20_000]);
    baskets.forEach((t, i) => {
      lossy.learnOne(t);
      exact.learnOne(t);
      const n = i + 1;
      if (!checkAt.has(n)) return;
      // Every itemset with f ≥ (s − ε)N, with its exact count.
      const truth = new Map(exact.frequent(s - epsilon).map((e) => [key(e), e.count]));
      const found = lossy.frequent(s);
      const reported = new Map(found.map((e) => [key(e), e.count]));
      for (const e of found) {
        const f = truth.get(key(e));
        expect(f, key(e)).toBeDefined();
        expect(e.count).toBeLessThanOrEqual(f as number);
        expect((f as number) - e.count).toBeLessThanOrEqual(epsilon * n);
      }
      const mustReport = exact.frequent(s);
      expect(mustReport.length).toBeGreaterThan(100);
      for (const e of mustReport) expect(reported.has(key(e)), key(e)).toBe(true);
    });
  });
});
