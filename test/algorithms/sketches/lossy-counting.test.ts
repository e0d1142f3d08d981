import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LossyCounting, type SketchItem } from "streamine/algorithms";
import { exactCounts, feedWeighted, mergedAndOnePass, zipfStream } from "./zipf.js";

const streams = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 30 }),
  s: fc.double({ min: 0.6, max: 2, noNaN: true }),
  distinct: fc.integer({ min: 5, max: 2000 }),
  length: fc.integer({ min: 1, max: 5000 }),
  epsilon: fc.constantFrom(0.002, 0.01, 0.03, 0.1),
  supportOverEpsilon: fc.double({ min: 1.5, max: 10, noNaN: true }),
  strings: fc.boolean(),
});
const runs = { seed: 20260103, numRuns: 60 };

/** Manku & Motwani: f − εN ≤ estimate ≤ f; frequent() ⊇ {f ≥ sN} and ∩ {f < (s − ε)N} = ∅. */
function checkGuarantees(lc: LossyCounting, exact: Map<SketchItem, number>, n: number): void {
  const { epsilon, support } = lc.options;
  expect(lc.total).toBe(n);
  const frequent = new Set(lc.frequent().map((e) => e.item));
  for (const [item, f] of exact) {
    const est = lc.estimate(item);
    expect(est).toBeLessThanOrEqual(f);
    expect(f - est).toBeLessThanOrEqual(epsilon * n + 1e-9);
    if (f >= support * n) expect(frequent.has(item), `f ${f} ≥ sN ${support * n}`).toBe(true);
    if (f < (support - epsilon) * n - 1e-9) expect(frequent.has(item)).toBe(false);
  }
  for (const e of lc.top(lc.tracked)) expect((exact.get(e.item) ?? 0) - e.count).toBeLessThanOrEqual(e.error + 1e-9);
  // Space: at most (1/ε)·log(εN) counters, plus the bucket in progress (Manku & Motwani, Thm 4.2).
  const w = Math.ceil(1 / epsilon);
  expect(lc.tracked).toBeLessThanOrEqual(w * Math.log2(Math.max(2, n / w)) + w + 1);
}

describe("LossyCounting", () => {
  it("meets its guarantee on Zipf streams", () => {
    fc.assert(
      fc.property(streams, ({ seed, s, distinct, length, epsilon, supportOverEpsilon, strings }) => {
        const stream = zipfStream(seed, length, distinct, s, strings);
        const lc = new LossyCounting({ epsilon, support: Math.min(1, epsilon * supportOverEpsilon) });
        for (const x of stream) lc.update(x);
        checkGuarantees(lc, exactCounts(stream), stream.length);
      }),
      runs,
    );
  });

  it("meets it with weighted updates (which may cross several bucket boundaries)", () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 1, max: 40 }), ({ seed, s, distinct, length, epsilon }, w) => {
        const stream = zipfStream(seed, Math.min(length, 1500), distinct, s);
        const lc = new LossyCounting({ epsilon, support: Math.min(1, 3 * epsilon) });
        const { exact, n } = feedWeighted(lc, stream, w, 7);
        checkGuarantees(lc, exact, n);
      }),
      { ...runs, numRuns: 30 },
    );
  });

  it("merges: the guarantees hold over both streams, and agree with one pass within εN", () => {
    fc.assert(
      fc.property(streams, fc.double({ min: 0, max: 1, noNaN: true }), ({ seed, s, distinct, length, epsilon, strings }, split) => {
        const stream = zipfStream(seed, length, distinct, s, strings);
        const { merged: a, one } = mergedAndOnePass(() => new LossyCounting({ epsilon, support: Math.min(1, 4 * epsilon) }), stream, split);
        const exact = exactCounts(stream);
        checkGuarantees(a, exact, stream.length);
        for (const item of exact.keys()) expect(Math.abs(a.estimate(item) - one.estimate(item))).toBeLessThanOrEqual(epsilon * stream.length + 1e-9);
      }),
      runs,
    );
  });

  it("fading 1 is plain Lossy Counting; fading < 1 forgets an item that stopped", () => {
    const plain = new LossyCounting({ epsilon: 0.01, support: 0.05 });
    const one = new LossyCounting({ epsilon: 0.01, support: 0.05, fading: 1 });
    const faded = new LossyCounting({ epsilon: 0.01, support: 0.05, fading: 0.5 });
    for (let i = 0; i < 2000; i++) {
      const x = i < 1000 ? "old" : "new";
      plain.update(x);
      one.update(x);
      faded.update(x);
    }
    expect(one.snapshot()).toEqual(plain.snapshot());
    expect(plain.estimate("old")).toBe(1000);
    // 1000 new items = 10 buckets of 100: "old" decayed by at least 0.5^10 (and is then pruned).
    expect(faded.estimate("old")).toBeLessThanOrEqual(1000 * 0.5 ** 10);
    expect(faded.top(1)[0]?.item).toBe("new");
    expect(faded.total).toBeLessThan(2000);
  });
});
