import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CountMinSketch, type SketchItem } from "streamine/algorithms";
import { exactCounts, mergedAndOnePass, zipfStream } from "./zipf.js";

const streams = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 30 }),
  s: fc.double({ min: 0.6, max: 2, noNaN: true }),
  distinct: fc.integer({ min: 5, max: 3000 }),
  length: fc.integer({ min: 1, max: 5000 }),
  epsilon: fc.constantFrom(0.005, 0.01, 0.05, 0.2),
  delta: fc.constantFrom(0.001, 0.01, 0.1, 0.3),
  conservative: fc.boolean(),
  hashSeed: fc.integer({ min: -1000, max: 1000 }),
  strings: fc.boolean(),
});
const runs = { seed: 20260104, numRuns: 60 };

/**
 * Cormode & Muthukrishnan: estimate ≥ f always; estimate ≤ f + εN with probability ≥ 1 − δ per
 * item. The items are not independent, so the count of violations is checked against its mean
 * δ·distinct with generous slack (in practice it is almost always 0).
 */
function checkGuarantees(cms: CountMinSketch, exact: Map<SketchItem, number>, n: number): void {
  const { epsilon, delta } = cms.options;
  expect(cms.total).toBe(n);
  let violations = 0;
  for (const [item, f] of exact) {
    const est = cms.estimate(item);
    expect(est).toBeGreaterThanOrEqual(f);
    if (est > f + epsilon * n) violations++;
  }
  expect(violations).toBeLessThanOrEqual(2 * delta * exact.size + 2);
}

describe("CountMinSketch", () => {
  it("sizes itself width ⌈e/ε⌉, depth ⌈ln 1/δ⌉", () => {
    const cms = new CountMinSketch({ epsilon: 0.001, delta: 0.01 });
    expect(cms.width).toBe(2719);
    expect(cms.depth).toBe(5);
    expect(new CountMinSketch({ epsilon: 0.5, delta: 0.9 }).depth).toBe(1);
  });

  it("meets its guarantee on Zipf streams, plain and conservative", () => {
    fc.assert(
      fc.property(streams, ({ seed, s, distinct, length, epsilon, delta, conservative, hashSeed, strings }) => {
        const stream = zipfStream(seed, length, distinct, s, strings);
        const cms = new CountMinSketch({ epsilon, delta, conservative, seed: hashSeed });
        for (const x of stream) cms.update(x);
        checkGuarantees(cms, exactCounts(stream), stream.length);
      }),
      runs,
    );
  });

  it("conservative update never estimates above plain update with the same hashes", () => {
    fc.assert(
      fc.property(streams, ({ seed, s, distinct, length, epsilon, delta, strings }) => {
        const stream = zipfStream(seed, length, distinct, s, strings);
        const plain = new CountMinSketch({ epsilon, delta });
        const cons = new CountMinSketch({ epsilon, delta, conservative: true });
        for (const x of stream) {
          plain.update(x, 2);
          cons.update(x, 2);
        }
        for (const [item, f] of exactCounts(stream)) {
          expect(cons.estimate(item)).toBeGreaterThanOrEqual(2 * f);
          expect(cons.estimate(item)).toBeLessThanOrEqual(plain.estimate(item));
        }
      }),
      { ...runs, numRuns: 30 },
    );
  });

  it("merges: plain sketches merge into exactly the one-pass sketch; conservative ones within the bound", () => {
    fc.assert(
      fc.property(streams, fc.double({ min: 0, max: 1, noNaN: true }), ({ seed, s, distinct, length, epsilon, delta, conservative, hashSeed, strings }, split) => {
        const stream = zipfStream(seed, length, distinct, s, strings);
        const { merged: a, one } = mergedAndOnePass(() => new CountMinSketch({ epsilon, delta, conservative, seed: hashSeed }), stream, split);
        const exact = exactCounts(stream);
        checkGuarantees(a, exact, stream.length);
        if (!conservative) expect(a.snapshot()).toEqual(one.snapshot());
        else for (const item of exact.keys()) expect(a.estimate(item)).toBeGreaterThanOrEqual(one.estimate(item));
      }),
      runs,
    );
  });

  it("with track, top(k) finds the heaviest items of a skewed stream", () => {
    const stream = zipfStream(11, 20_000, 1000, 1.5);
    const cms = new CountMinSketch({ epsilon: 0.001, delta: 0.01, track: 20 });
    for (const x of stream) cms.update(x);
    const truth = [...exactCounts(stream)].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([item]) => item);
    const top = cms.top(10);
    expect(top).toHaveLength(10);
    for (const item of truth) expect(top.map((e) => e.item)).toContain(item);
    for (let i = 1; i < top.length; i++) expect((top[i] as { count: number }).count).toBeLessThanOrEqual((top[i - 1] as { count: number }).count);
  });

  it("hashes strings and numbers apart, and seeds change the hashes", () => {
    const cms = new CountMinSketch({ epsilon: 0.01, delta: 0.01 });
    cms.update(1, 5);
    cms.update(0.5, 3);
    expect(cms.estimate(1)).toBeGreaterThanOrEqual(5);
    expect(cms.estimate(0.5)).toBeGreaterThanOrEqual(3);
    expect(cms.estimate("1")).toBeLessThan(5);
    const a = new CountMinSketch({ seed: 1 });
    const b = new CountMinSketch({ seed: 2 });
    a.update("x");
    b.update("x");
    expect(a.snapshot()).not.toEqual(b.snapshot());
  });

  it("is the outside-facing API: epsilon 0.001, delta 0.01, update, estimate", () => {
    const cms = new CountMinSketch({ epsilon: 0.001, delta: 0.01 });
    for (let i = 0; i < 10_000; i++) cms.update(i % 100);
    expect(cms.estimate(7)).toBeGreaterThanOrEqual(100);
    expect(cms.estimate(7)).toBeLessThanOrEqual(100 + 10);
  });
});
