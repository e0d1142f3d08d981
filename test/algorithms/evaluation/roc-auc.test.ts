import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROCAUC, RollingROCAUC } from "streamine/algorithms";

/** The reference: correctly ordered (positive, negative) pairs over all pairs, ties 1/2; 0 without both classes. */
function bruteAuc(data: readonly (readonly [boolean, number])[]): number {
  const pos = data.filter(([y]) => y).map(([, s]) => s);
  const neg = data.filter(([y]) => !y).map(([, s]) => s);
  if (pos.length === 0 || neg.length === 0) return 0;
  let correct = 0;
  for (const p of pos) for (const n of neg) correct += p > n ? 1 : p === n ? 0.5 : 0;
  return correct / (pos.length * neg.length);
}

// Few distinct scores, so ties are frequent; some unbounded ones for anomaly-style scores.
const score = fc.oneof(fc.integer({ min: 0, max: 10 }).map((i) => i / 10), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
const samples = fc.array(fc.tuple(fc.boolean(), score), { minLength: 0, maxLength: 150 });

describe("ROCAUC (exact)", () => {
  it("hand-computed: 3 of 4 pairs, then a tie", () => {
    const auc = new ROCAUC();
    expect(auc.get()).toBe(0);
    auc.update(false, 0.1);
    auc.update(true, 0.8);
    expect(auc.get()).toBe(1);
    auc.update(false, 0.4);
    auc.update(true, 0.35);
    expect(auc.get()).toBe(0.75);
    auc.update(false, 0.35);
    expect(auc.get()).toBe(4.5 / 6);
  });

  it("equals brute-force pair counting after every update", () => {
    fc.assert(
      fc.property(samples, (data) => {
        const auc = new ROCAUC();
        data.forEach(([y, s], i) => {
          auc.update(y, s);
          expect(auc.get()).toBeCloseTo(bruteAuc(data.slice(0, i + 1)), 12);
        });
      }),
    );
  });

  it("stays exact on 5,000 sorted scores (the treap's worst insertion order)", () => {
    const auc = new ROCAUC();
    // positives at even i, negatives at odd i, scores increasing: positive 2k beats the k
    // negatives 1, 3, …, 2k − 1 below it, so Σ_{k<2500} k = 2500·2499/2 pairs are ordered right.
    for (let i = 0; i < 5000; i++) auc.update(i % 2 === 0, i);
    const correct = (2500 * 2499) / 2;
    expect(auc.get()).toBe(correct / (2500 * 2500));
  });

  it("revert undoes update", () => {
    fc.assert(
      fc.property(samples, samples, (base, extra) => {
        const auc = new ROCAUC();
        for (const [y, s] of base) auc.update(y, s);
        const before = auc.get();
        for (const [y, s] of extra) auc.update(y, s);
        for (const [y, s] of [...extra].reverse()) auc.revert(y, s);
        expect(auc.get()).toBeCloseTo(before, 12);
      }),
    );
  });

  it("takes posLabel, where true also matches 1, and rejects NaN", () => {
    const auc = new ROCAUC({ posLabel: "fraud" });
    auc.update("fraud", 0.9);
    auc.update("ok", 0.2);
    expect(auc.get()).toBe(1);
    const numeric = new ROCAUC();
    numeric.update(1, 0.2);
    numeric.update(0, 0.9);
    expect(numeric.get()).toBe(0);
    expect(() => numeric.update(1, NaN)).toThrow(/ROCAUC.update/);
  });
});

describe("RollingROCAUC", () => {
  it("River's example (window 4): 75%", () => {
    const auc = new RollingROCAUC({ windowSize: 4 });
    const yTrue = [0, 1, 0, 1, 0, 1, 0, 0, 1, 1];
    const yPred = [0.3, 0.5, 0.5, 0.7, 0.1, 0.3, 0.1, 0.4, 0.35, 0.8];
    yTrue.forEach((y, i) => auc.update(y, yPred[i] ?? 0));
    expect(auc.get()).toBe(0.75);
  });

  it("equals brute force over the last windowSize samples after every update", () => {
    fc.assert(
      fc.property(samples, fc.integer({ min: 1, max: 20 }), (data, w) => {
        const auc = new RollingROCAUC({ windowSize: w });
        data.forEach(([y, s], i) => {
          auc.update(y, s);
          expect(auc.get()).toBeCloseTo(bruteAuc(data.slice(Math.max(0, i + 1 - w), i + 1)), 12);
        });
      }),
    );
  });

  it("rejects a bad window size", () => {
    expect(() => new RollingROCAUC({ windowSize: 0 })).toThrow(/windowSize/);
  });
});
