import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError, ExactItemsetMiner, type Item } from "streamine/algorithms";
import { SnapshotWriter } from "../../../algorithms/base/snapshot.js";
import { bruteForceItemsets, smallDatabases } from "./brute-force.js";

const runs = { seed: 20260201, numRuns: 200 };

/** Tan, Steinbach & Kumar's market baskets (Introduction to Data Mining, table 6.1). */
const baskets = [
  ["bread", "milk"],
  ["bread", "diapers", "beer", "eggs"],
  ["milk", "diapers", "beer", "cola"],
  ["bread", "milk", "diapers", "beer"],
  ["bread", "milk", "diapers", "cola"],
];

function learnt(transactions: readonly (readonly Item[])[], options?: ConstructorParameters<typeof ExactItemsetMiner>[0]): ExactItemsetMiner {
  const m = new ExactItemsetMiner(options);
  for (const t of transactions) m.learnOne(t);
  return m;
}

describe("ExactItemsetMiner", () => {
  it("finds the market-basket itemsets counted by hand", () => {
    const m = learnt(baskets);
    expect(m.transactions).toBe(5);
    // Count ≥ 2 of 5: eggs (1) and every set with it drop; {beer, bread, diapers, milk} is in one basket.
    expect(m.frequent(0.4)).toEqual([
      { items: ["beer"], count: 3 },
      { items: ["bread"], count: 4 },
      { items: ["cola"], count: 2 },
      { items: ["diapers"], count: 4 },
      { items: ["milk"], count: 4 },
      { items: ["beer", "bread"], count: 2 },
      { items: ["beer", "diapers"], count: 3 },
      { items: ["beer", "milk"], count: 2 },
      { items: ["bread", "diapers"], count: 3 },
      { items: ["bread", "milk"], count: 3 },
      { items: ["cola", "diapers"], count: 2 },
      { items: ["cola", "milk"], count: 2 },
      { items: ["diapers", "milk"], count: 3 },
      { items: ["beer", "bread", "diapers"], count: 2 },
      { items: ["beer", "diapers", "milk"], count: 2 },
      { items: ["bread", "diapers", "milk"], count: 2 },
      { items: ["cola", "diapers", "milk"], count: 2 },
    ]);
    // At 1 of 5, each of the 8 subsets of {beer, bread, diapers} with eggs added is in basket 2 only.
    const withEggs = m.frequent(0.2).filter((f) => f.items.includes("eggs"));
    expect(withEggs).toHaveLength(8);
    expect(withEggs.every((f) => f.count === 1)).toBe(true);
  });

  it("agrees with brute-force subset counting on random databases (mixed items, repeats, any maxLength)", () => {
    fc.assert(
      fc.property(smallDatabases, fc.integer({ min: 1, max: 1024 }), fc.integer({ min: 0, max: 4 }), (db, k, maxLength) => {
        // A dyadic support k/1024 makes s·N exact, so the threshold needs no rounding rule.
        const minSupport = k / 1024;
        const m = learnt(db, { maxLength });
        expect(m.transactions).toBe(db.length);
        expect(m.frequent(minSupport)).toEqual(bruteForceItemsets(db, Math.max(1, Math.ceil(minSupport * db.length)), maxLength));
      }),
      runs,
    );
  });

  it("agrees with brute force on a larger skewed database, where the search goes deeper", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), fc.constantFrom([0.02, 4], [0.05, 10], [0.1, 20]), (seed, [s, minCount]) => {
        // 200 baskets of 3–8 draws from 0..24, small items far more likely (log-uniform).
        let state = seed;
        const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
        const db = Array.from({ length: 200 }, () => Array.from({ length: 3 + Math.floor(next() * 6) }, () => Math.floor(25 ** next()) - 1));
        expect(learnt(db).frequent(s)).toEqual(bruteForceItemsets(db, minCount, 0));
      }),
      { ...runs, numRuns: 20 },
    );
  });

  it("sorts numbers before strings, each ascending; 1 and '1' are different items; repeats count once", () => {
    const m = learnt([
      [10, "b", 9, "a", 2.5, "1", 1, 10],
      ["a", 2.5, 10, 9, 1, "1", "b", "b"],
    ]);
    const all = m.frequent(1);
    expect(all.at(-1)).toEqual({ items: [1, 2.5, 9, 10, "1", "a", "b"], count: 2 });
    expect(all.slice(0, 7).map((f) => f.items[0])).toEqual([1, 2.5, 9, 10, "1", "a", "b"]);
    expect(all).toHaveLength(2 ** 7 - 1);
  });

  it("forgives the rounding of minSupport·N: 0.07 of 100 transactions is 7", () => {
    const m = learnt(Array.from({ length: 100 }, (_, i) => [i < 7 ? "seven" : "other"]));
    expect(m.frequent(0.07)).toEqual([
      { items: ["other"], count: 93 },
      { items: ["seven"], count: 7 },
    ]);
    expect(m.frequent(0.071)).toEqual([{ items: ["other"], count: 93 }]);
  });

  it("stops at maxLength", () => {
    expect(learnt(baskets, { maxLength: 1 }).frequent(0.4).map((f) => f.items.length)).toEqual([1, 1, 1, 1, 1]);
    expect(Math.max(...learnt(baskets, { maxLength: 2 }).frequent(0.2).map((f) => f.items.length))).toBe(2);
    expect(learnt(baskets, { maxLength: 2 }).frequent(0.4)).toEqual(learnt(baskets).frequent(0.4).filter((f) => f.items.length <= 2));
  });

  it("answers an empty list before learning, and frequent() changes no state", () => {
    const m = new ExactItemsetMiner();
    expect(m.frequent(0.5)).toEqual([]);
    expect(m.transactions).toBe(0);
    for (const t of baskets) m.learnOne(t);
    const before = m.snapshot();
    m.frequent(0.2);
    expect(m.snapshot()).toEqual(before);
  });

  it("learns from a frozen transaction without changing it", () => {
    const t = Object.freeze(["b", 3, "a", 3]);
    new ExactItemsetMiner().learnOne(t);
    expect(t).toEqual(["b", 3, "a", 3]);
  });

  it("rejects an empty transaction and bad items naming ExactItemsetMiner.learnOne, learning nothing", () => {
    const m = learnt(baskets);
    const before = m.snapshot();
    const bad: unknown[] = [[], ["new", NaN], ["new", Infinity], ["new", null], ["new", { id: 1 }], ["new", [1]], "bread", null, undefined, new Set(["bread"])];
    for (const t of bad) {
      expect(() => m.learnOne(t as Item[]), JSON.stringify(t)).toThrow(EstimatorInputError);
      expect(() => m.learnOne(t as Item[])).toThrow("ExactItemsetMiner.learnOne");
      expect(m.snapshot()).toEqual(before);
    }
    expect(() => m.learnOne([])).toThrow(/at least one item/);
    expect(m.transactions).toBe(5);
  });

  it("rejects a minSupport outside (0, 1] naming ExactItemsetMiner.frequent", () => {
    const m = learnt(baskets);
    for (const s of [0, -0.1, 1.5, NaN, Infinity, "0.5", null]) {
      expect(() => m.frequent(s as number)).toThrow(EstimatorInputError);
      expect(() => m.frequent(s as number)).toThrow("ExactItemsetMiner.frequent");
    }
  });

  it("has maxLength 0 (no limit) by default and rejects bad options naming the constructor", () => {
    expect(new ExactItemsetMiner().options).toEqual({ maxLength: 0 });
    for (const maxLength of [-1, 1.5, Infinity, NaN, "2"]) {
      expect(() => new ExactItemsetMiner({ maxLength: maxLength as number })).toThrow(EstimatorConfigError);
      expect(() => new ExactItemsetMiner({ maxLength: maxLength as number })).toThrow("ExactItemsetMiner.constructor: option maxLength");
    }
    expect(() => new ExactItemsetMiner({ maxLen: 2 } as never)).toThrow(/unknown option "maxLen"/);
  });

  it("restores from a mid-stream snapshot: same itemsets, same bytes, and learns on identically", () => {
    fc.assert(
      fc.property(smallDatabases, fc.nat(), fc.integer({ min: 0, max: 3 }), (db, cutAt, maxLength) => {
        const cut = db.length === 0 ? 0 : cutAt % (db.length + 1);
        const original = learnt(db.slice(0, cut), { maxLength });
        const bytes = original.snapshot();
        const restored = ExactItemsetMiner.restore(bytes);
        expect(restored.snapshot()).toEqual(bytes);
        expect(restored.options).toEqual(original.options);
        expect(restored.transactions).toBe(cut);
        for (const t of db.slice(cut)) {
          original.learnOne(t);
          restored.learnOne(t);
        }
        expect(restored.snapshot()).toEqual(original.snapshot());
        expect(restored.frequent(0.1)).toEqual(original.frequent(0.1));
      }),
      { ...runs, numRuns: 50 },
    );
  });

  it("refuses another class's bytes, an unknown version and corrupt bytes", () => {
    expect(() => ExactItemsetMiner.restore(new SnapshotWriter("LossyCounting", 1, {}).finish())).toThrow(/LossyCounting.*not a ExactItemsetMiner snapshot/);
    const bytes = learnt(baskets).snapshot();
    const future = bytes.slice();
    future[4 + 1 + "ExactItemsetMiner".length] = 9;
    expect(() => ExactItemsetMiner.restore(future)).toThrow("ExactItemsetMiner snapshot version 9 is not supported");
    expect(() => ExactItemsetMiner.restore(bytes.slice(0, -1))).toThrow(EstimatorConfigError);
    const badId = bytes.slice();
    badId[badId.length - 4] = 200; // the last id, beyond the 6 items
    expect(() => ExactItemsetMiner.restore(badId)).toThrow(/transaction 4 has a bad item id 200/);
  });

  it("constructs with each testParams entry", () => {
    for (const params of ExactItemsetMiner.testParams) expect(learnt(baskets, params).frequent(0.4).length).toBeGreaterThan(0);
  });
});
