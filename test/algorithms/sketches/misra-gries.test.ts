import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MisraGries, type SketchItem } from "streamine/algorithms";
import { exactCounts, feedWeighted, mergedAndOnePass, zipfStream } from "./zipf.js";

const streams = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 30 }),
  s: fc.double({ min: 0.6, max: 2, noNaN: true }),
  distinct: fc.integer({ min: 5, max: 2000 }),
  length: fc.integer({ min: 1, max: 4000 }),
  capacity: fc.integer({ min: 1, max: 150 }),
  strings: fc.boolean(),
});
const runs = { seed: 20260102, numRuns: 60 };

/** Misra–Gries: f − N/(k + 1) ≤ estimate ≤ f for every item; every f > N/(k + 1) tracked. */
function checkGuarantees(mg: MisraGries, exact: Map<SketchItem, number>, n: number): void {
  const bound = n / (mg.options.capacity + 1);
  expect(mg.total).toBe(n);
  const tracked = new Set(mg.top(mg.options.capacity).map((e) => e.item));
  for (const [item, f] of exact) {
    const est = mg.estimate(item);
    expect(est).toBeLessThanOrEqual(f + 1e-9);
    expect(f - est).toBeLessThanOrEqual(bound + 1e-9);
    if (f > bound) expect(tracked.has(item)).toBe(true);
  }
  for (const e of mg.top(mg.options.capacity)) {
    expect(e.error).toBeLessThanOrEqual(bound + 1e-9);
    expect((exact.get(e.item) ?? 0) - e.count).toBeLessThanOrEqual(e.error + 1e-9);
  }
}

describe("MisraGries", () => {
  it("meets its guarantee on Zipf streams: f − N/(k + 1) ≤ estimate ≤ f", () => {
    fc.assert(
      fc.property(streams, ({ seed, s, distinct, length, capacity, strings }) => {
        const stream = zipfStream(seed, length, distinct, s, strings);
        const mg = new MisraGries({ capacity });
        for (const x of stream) mg.update(x);
        checkGuarantees(mg, exactCounts(stream), stream.length);
      }),
      runs,
    );
  });

  it("meets it with weighted updates", () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 1, max: 7 }), ({ seed, s, distinct, length, capacity }, w) => {
        const stream = zipfStream(seed, Math.min(length, 1500), distinct, s);
        const mg = new MisraGries({ capacity });
        const { exact, n } = feedWeighted(mg, stream, w, 3);
        checkGuarantees(mg, exact, n);
      }),
      { ...runs, numRuns: 30 },
    );
  });

  it("merges (Agarwal et al.): the bound holds over both streams, and agrees with one pass within it", () => {
    fc.assert(
      fc.property(streams, fc.double({ min: 0, max: 1, noNaN: true }), ({ seed, s, distinct, length, capacity, strings }, split) => {
        const stream = zipfStream(seed, length, distinct, s, strings);
        const { merged: a, one } = mergedAndOnePass(() => new MisraGries({ capacity }), stream, split);
        const exact = exactCounts(stream);
        checkGuarantees(a, exact, stream.length);
        const bound = stream.length / (capacity + 1);
        for (const item of exact.keys()) expect(Math.abs(a.estimate(item) - one.estimate(item))).toBeLessThanOrEqual(bound + 1e-9);
        // and keeps working afterwards
        for (const x of stream) a.update(x);
        checkGuarantees(a, new Map([...exact].map(([k, v]) => [k, 2 * v])), 2 * stream.length);
      }),
      runs,
    );
  });
});
