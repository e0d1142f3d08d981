import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { associationRules, EstimatorConfigError, EstimatorInputError, ExactItemsetMiner, type AssociationRule, type Item } from "streamine/algorithms";
import { asSet, byItemset, bruteForceItemsets, countHolding, smallDatabases } from "./brute-force.js";

/** Tan, Steinbach & Kumar's market baskets (Introduction to Data Mining, table 6.1). */
const baskets = [
  ["bread", "milk"],
  ["bread", "diapers", "beer", "eggs"],
  ["milk", "diapers", "beer", "cola"],
  ["bread", "milk", "diapers", "beer"],
  ["bread", "milk", "diapers", "cola"],
];

function frequentOf(transactions: readonly (readonly Item[])[], s: number, maxLength = 0): { itemsets: ReturnType<ExactItemsetMiner["frequent"]>; n: number } {
  const m = new ExactItemsetMiner({ maxLength });
  for (const t of transactions) m.learnOne(t);
  return { itemsets: m.frequent(s), n: m.transactions };
}

const sides = (r: AssociationRule): string => `${r.antecedent.join("+")} => ${r.consequent.join("+")}`;

describe("associationRules", () => {
  const { itemsets, n } = frequentOf(baskets, 0.4);

  it("computes mlxtend's metrics as by hand: {diapers, milk} ⇒ {beer} and {diapers} ⇒ {beer}", () => {
    const rules = associationRules(itemsets, { transactions: n, minConfidence: 0 });
    const dmb = rules.find((r) => sides(r) === "diapers+milk => beer");
    // A∪C in 2 of 5 baskets, A in 3, C in 3.
    expect(dmb?.count).toBe(2);
    expect(dmb?.support).toBeCloseTo(2 / 5, 15);
    expect(dmb?.confidence).toBeCloseTo(2 / 3, 15);
    expect(dmb?.lift).toBeCloseTo(2 / 3 / (3 / 5), 15); // 10/9
    expect(dmb?.leverage).toBeCloseTo(0.4 - 0.6 * 0.6, 15); // 0.04
    expect(dmb?.conviction).toBeCloseTo((1 - 0.6) / (1 - 2 / 3), 14); // 1.2
    const db = rules.find((r) => sides(r) === "diapers => beer");
    // A∪C in 3, A in 4, C in 3.
    expect(db?.confidence).toBe(0.75);
    expect(db?.lift).toBe(1.25);
    expect(db?.leverage).toBeCloseTo(0.6 - 0.8 * 0.6, 15); // 0.12
    expect(db?.conviction).toBeCloseTo(0.4 / 0.25, 14); // 1.6
    const bd = rules.find((r) => sides(r) === "beer => diapers");
    expect(bd?.confidence).toBe(1);
    expect(bd?.conviction).toBe(Infinity);
  });

  it("keeps by default the rules of confidence ≥ 0.8, in itemset then consequent order (listed by hand)", () => {
    // Confidence 1 is every rule whose antecedent has the count of the whole itemset; all others are ≤ 3/4.
    expect(associationRules(itemsets, { transactions: n }).map(sides)).toEqual([
      "beer => diapers",
      "cola => diapers",
      "cola => milk",
      "beer+bread => diapers",
      "beer+milk => diapers",
      "cola+milk => diapers",
      "cola+diapers => milk",
      "cola => diapers+milk",
    ]);
  });

  it("counts the splits: 2^k − 2 rules per k-itemset with no filter", () => {
    const all = associationRules(itemsets, { transactions: n, minConfidence: 0 });
    // 8 pairs and 4 triples at count ≥ 2 (see the miner's test).
    expect(all).toHaveLength(8 * 2 + 4 * 6);
  });

  it("filters on lift, and a rule exactly at a threshold passes", () => {
    const lifted = associationRules(itemsets, { transactions: n, minConfidence: 0, minLift: 1.25 });
    expect(lifted.every((r) => r.lift >= 1.25)).toBe(true);
    expect(lifted.map(sides)).toContain("diapers => beer"); // lift exactly 5/4
    expect(lifted.map(sides)).not.toContain("diapers+milk => beer"); // 10/9
    expect(associationRules(itemsets, { transactions: n, minConfidence: 0.75 }).map(sides)).toContain("diapers => beer"); // confidence exactly 3/4
  });

  it("does not depend on the order of the itemsets or of their items", () => {
    const shuffled = [...itemsets].reverse().map((f) => ({ items: [...f.items].reverse(), count: f.count }));
    expect(associationRules(shuffled, { transactions: n, minConfidence: 0 })).toEqual(associationRules(itemsets, { transactions: n, minConfidence: 0 }));
  });

  it("works on output cut by maxLength, and throws naming a subset missing from the input", () => {
    const short = frequentOf(baskets, 0.4, 2).itemsets;
    expect(associationRules(short, { transactions: n, minConfidence: 0 })).toHaveLength(8 * 2);
    const withoutPair = itemsets.filter((f) => f.items.join() !== "cola,milk");
    expect(() => associationRules(withoutPair, { transactions: n })).toThrow(EstimatorInputError);
    expect(() => associationRules(withoutPair, { transactions: n })).toThrow('associationRules: the count of ["cola","milk"], a subset of ["cola","diapers","milk"], is missing');
  });

  it("rejects bad options and itemsets, naming associationRules", () => {
    for (const options of [{}, { transactions: 0 }, { transactions: NaN }, { transactions: 5, minConfidence: 1.1 }, { transactions: 5, minLift: -1 }, { transactions: 5, minConf: 0.5 }]) {
      expect(() => associationRules(itemsets, options as never), JSON.stringify(options)).toThrow(EstimatorConfigError);
      expect(() => associationRules(itemsets, options as never)).toThrow("associationRules");
    }
    const bad: unknown[] = [
      "not an array",
      [null],
      [{ items: [], count: 1 }],
      [{ items: ["a", "a"], count: 1 }],
      [{ items: ["a"], count: 0 }],
      [{ items: ["a"], count: 6 }],
      [{ items: [NaN], count: 1 }],
      [
        { items: ["a"], count: 1 },
        { items: ["a"], count: 2 },
      ],
    ];
    for (const b of bad) expect(() => associationRules(b as never, { transactions: 5 }), JSON.stringify(b)).toThrow(/^associationRules/);
  });

  it("agrees with the metrics recomputed from the raw transactions, and keeps exactly the rules passing the thresholds", () => {
    // Thresholds as fractions p/q, compared in integers, so the expected set needs no rounding rule.
    const fractions = (values: [number, number][]): fc.Arbitrary<[number, number]> => fc.constantFrom(...values);
    fc.assert(
      fc.property(
        smallDatabases.filter((db) => db.length > 0),
        fc.integer({ min: 1, max: 8 }),
        fractions([[0, 1], [1, 4], [1, 2], [2, 3], [4, 5], [1, 1]]),
        fractions([[0, 1], [1, 2], [1, 1], [5, 4], [3, 2], [2, 1]]),
        fc.integer({ min: 0, max: 3 }),
        (db, eighths, [cp, cq], [lp, lq], maxLength) => {
          const sets = db.map(asSet);
          const N = db.length;
          const { itemsets } = frequentOf(db, eighths / 8, maxLength);
          const rules = associationRules(itemsets, { transactions: N, minConfidence: cp / cq, minLift: lp / lq });
          const expected: string[] = [];
          for (const { items, count } of bruteForceItemsets(db, Math.ceil((eighths / 8) * N), maxLength)) {
            for (let mask = 1; mask < 2 ** items.length - 1; mask++) {
              const a = items.filter((_, i) => Math.floor(mask / 2 ** i) % 2 === 0);
              const c = items.filter((_, i) => Math.floor(mask / 2 ** i) % 2 === 1);
              const [nA, nC] = [countHolding(sets, a), countHolding(sets, c)];
              if (count * cq >= cp * nA && count * N * lq >= lp * nA * nC) expected.push(`${JSON.stringify(a)} => ${JSON.stringify(c)}`);
            }
          }
          const got = rules.map((r) => `${JSON.stringify(r.antecedent)} => ${JSON.stringify(r.consequent)}`);
          expect([...got].sort()).toEqual(expected.sort());
          for (const r of rules) {
            const [nA, nC, nAC] = [countHolding(sets, r.antecedent), countHolding(sets, r.consequent), countHolding(sets, [...r.antecedent, ...r.consequent])];
            const [sA, sC, sAC] = [nA / N, nC / N, nAC / N];
            expect(r.count).toBe(nAC);
            expect(r.support).toBeCloseTo(sAC, 12);
            expect(r.confidence).toBeCloseTo(sAC / sA, 12);
            expect(r.lift).toBeCloseTo(sAC / sA / sC, 12);
            expect(r.leverage).toBeCloseTo(sAC - sA * sC, 12);
            if (nAC === nA) expect(r.conviction).toBe(Infinity);
            else expect(r.conviction).toBeCloseTo((1 - sC) / (1 - sAC / sA), 9);
          }
          // Grouped by itemset in the miner's order.
          const unions = rules.map((r) => [...r.antecedent, ...r.consequent].sort((x, y) => byItemset([x], [y])));
          for (let i = 1; i < unions.length; i++) expect(byItemset(unions[i - 1] as Item[], unions[i] as Item[])).toBeLessThanOrEqual(0);
        },
      ),
      { seed: 20260202, numRuns: 150 },
    );
  });
});
