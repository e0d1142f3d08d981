import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Accuracy, F1 } from "streamine/algorithms";

const labelPairs = fc.array(fc.tuple(fc.boolean(), fc.option(fc.boolean(), { nil: null })), { minLength: 1, maxLength: 80 });

describe("Accuracy", () => {
  it("counts equal labels, a null prediction as wrong, true as equal to 1", () => {
    const acc = new Accuracy();
    expect(acc.get()).toBe(0);
    acc.update("a", "a");
    acc.update("a", "b");
    acc.update(true, 1);
    acc.update(0, false);
    acc.update(1, null);
    expect(acc.get()).toBe(3 / 5);
  });

  it("equals the share of equal pairs, and revert undoes update", () => {
    fc.assert(
      fc.property(labelPairs, (data) => {
        const acc = new Accuracy();
        for (const [y, p] of data) acc.update(y, p);
        expect(acc.get()).toBe(data.filter(([y, p]) => y === p).length / data.length);
        const half = data.slice(Math.floor(data.length / 2));
        for (const [y, p] of half.reverse()) acc.revert(y, p);
        const kept = data.slice(0, Math.floor(data.length / 2));
        expect(acc.get()).toBe(kept.length === 0 ? 0 : kept.filter(([y, p]) => y === p).length / kept.length);
      }),
    );
  });
});

describe("F1", () => {
  it("River's example: 40%", () => {
    const f1 = new F1();
    const yTrue = [false, false, false, true, true, true];
    const yPred = [false, false, true, true, false, false];
    yTrue.forEach((y, i) => f1.update(y, yPred[i] ?? null));
    expect(f1.get()).toBeCloseTo(0.4, 15);
  });

  it("uses posLabel, and true matches 1", () => {
    const f1 = new F1({ posLabel: "spam" });
    f1.update("spam", "spam");
    f1.update("spam", "ham");
    f1.update("ham", "spam");
    f1.update("ham", "ham");
    expect(f1.get()).toBe(0.5); // TP 1, FP 1, FN 1
    const numeric = new F1();
    numeric.update(1, 1);
    numeric.update(0, 1);
    expect(numeric.get()).toBe(2 / 3); // TP 1, FP 1
  });

  it("is 0 without a true positive", () => {
    const f1 = new F1();
    expect(f1.get()).toBe(0);
    f1.update(false, true);
    f1.update(true, false);
    expect(f1.get()).toBe(0);
  });

  it("equals 2PR / (P + R) from brute-force precision and recall; revert undoes update", () => {
    fc.assert(
      fc.property(labelPairs, (data) => {
        const f1 = new F1();
        for (const [y, p] of data) f1.update(y, p);
        const tp = data.filter(([y, p]) => y && p === true).length;
        const predicted = data.filter(([, p]) => p === true).length;
        const actual = data.filter(([y]) => y).length;
        const precision = predicted === 0 ? 0 : tp / predicted;
        const recall = actual === 0 ? 0 : tp / actual;
        const expected = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
        expect(f1.get()).toBeCloseTo(expected, 12);
        for (const [y, p] of [...data].reverse()) f1.revert(y, p);
        expect(f1.get()).toBe(0);
      }),
    );
  });
});
