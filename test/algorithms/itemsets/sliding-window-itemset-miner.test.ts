import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EstimatorInputError, Random, type Item } from "streamine/algorithms";
import { SlidingWindowItemsetMiner } from "../../../algorithms/itemsets/sliding-window-itemset-miner.js";
import { countAll, databases } from "./streaming-reference.js";

const runs = { seed: 20260413, numRuns: 150 };

const settings = fc.record({
  // Up to 100 slots: crosses the 32- and 64-bit word boundaries of the bitsets.
  windowSize: fc.integer({ min: 1, max: 100 }),
  maxLength: fc.constantFrom(0, 1, 2, 3, 4),
  cuts: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
  supportPercent: fc.integer({ min: 1, max: 100 }),
});

describe("SlidingWindowItemsetMiner", () => {
  it("equals brute-force counting of the last W transactions at random points of the stream", () => {
    fc.assert(
      fc.property(databases(300), settings, (db, { windowSize, maxLength, cuts, supportPercent }) => {
        const miner = new SlidingWindowItemsetMiner({ windowSize, maxLength });
        const checkAt = new Set([...cuts.map((c) => c % (db.length + 1)), db.length]);
        const check = (n: number): void => {
          const window = db.slice(Math.max(0, n - windowSize), n);
          expect(miner.windowLength).toBe(window.length);
          expect(miner.total).toBe(n);
          expect(miner.frequent(supportPercent / 100)).toEqual(countAll(window, maxLength === 0 ? Infinity : maxLength).frequent(supportPercent));
        };
        if (checkAt.has(0)) check(0);
        db.forEach((t, i) => {
          miner.learnOne(t);
          if (checkAt.has(i + 1)) check(i + 1);
        });
      }),
      runs,
    );
  });

  it("forgets what left the window (hand-checked)", () => {
    const miner = new SlidingWindowItemsetMiner({ windowSize: 3 });
    for (const t of [["a", "b"], ["a", "c"], ["a", "b", "c"], ["b", "c"]]) miner.learnOne(t);
    // Window: {a, c}, {a, b, c}, {b, c}; at 60 % an itemset needs 2 of the 3.
    expect(miner.frequent(0.6)).toEqual([
      { items: ["a"], count: 2 },
      { items: ["b"], count: 2 },
      { items: ["c"], count: 3 },
      { items: ["a", "c"], count: 2 },
      { items: ["b", "c"], count: 2 },
    ]);
    miner.learnOne(["d"]);
    miner.learnOne(["d", "b"]);
    // Window: {b, c}, {d}, {b, d}.
    expect(miner.frequent(0.6)).toEqual([
      { items: ["b"], count: 2 },
      { items: ["d"], count: 2 },
    ]);
  });

  it("rejects an empty transaction naming SlidingWindowItemsetMiner.learnOne: no slot taken, N and its bytes unchanged", () => {
    const miner = new SlidingWindowItemsetMiner({ windowSize: 3 });
    for (const t of [["a", "b"], ["a", "c"], ["a", "b", "c"]]) miner.learnOne(t);
    const before = miner.snapshot();
    expect(() => miner.learnOne([])).toThrow(EstimatorInputError);
    expect(() => miner.learnOne([])).toThrow("SlidingWindowItemsetMiner.learnOne: a transaction must hold at least one item, got an empty array");
    expect(miner.snapshot()).toEqual(before);
    expect([miner.total, miner.windowLength]).toEqual([3, 3]);
    // One item repeated is not empty: it takes the oldest slot and counts once.
    miner.learnOne(["c", "c"]);
    // Window: {a, c}, {a, b, c}, {c}.
    expect(miner.total).toBe(4);
    expect(miner.frequent(0.6)).toEqual([
      { items: ["a"], count: 2 },
      { items: ["c"], count: 3 },
      { items: ["a", "c"], count: 2 },
    ]);
  });

  it("answers from an empty window with no itemsets", () => {
    expect(new SlidingWindowItemsetMiner().frequent(0.5)).toEqual([]);
  });

  it("stays exact, and bounded, while its item dictionary is compacted on an ever-growing vocabulary", () => {
    const windowSize = 200;
    const miner = new SlidingWindowItemsetMiner({ windowSize, maxLength: 3 });
    const random = new Random(7);
    const db: Item[][] = [];
    const sizes: number[] = [];
    for (let i = 1; i <= 12_000; i++) {
      const t: Item[] = [`once-${i}`];
      for (let k = 0; k < 4; k++) t.push(Math.floor(8 * random.next() ** 2));
      db.push(t);
      miner.learnOne(t);
      if (i % 1_500 === 0) {
        expect(miner.frequent(0.05)).toEqual(countAll(db.slice(i - windowSize), 3).frequent(5));
        sizes.push(miner.snapshot().length);
      }
    }
    // 12,000 "once-…" strings would take 180 kB; the window's 200 plus at most 2·208 + 1024 dead ones stay.
    expect(Math.max(...sizes)).toBeLessThan(60_000);
  });
});
