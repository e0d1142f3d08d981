import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SpaceSaving, type SketchItem } from "streamine/algorithms";
import { exactCounts, feedWeighted, mergedAndOnePass, zipfStream } from "./zipf.js";

const streams = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 30 }),
  s: fc.double({ min: 0.6, max: 2, noNaN: true }),
  distinct: fc.integer({ min: 5, max: 2000 }),
  length: fc.integer({ min: 1, max: 4000 }),
  capacity: fc.integer({ min: 1, max: 150 }),
  strings: fc.boolean(),
});
const runs = { seed: 20260101, numRuns: 60 };

/** Metwally et al.'s guarantees of `ss` against exact counts over N = total weight. */
function checkGuarantees(ss: SpaceSaving, exact: Map<SketchItem, number>, n: number): void {
  const m = ss.options.capacity;
  const bound = n / m;
  const top = ss.top(m);
  expect(ss.total).toBe(n);
  const tracked = new Map(top.map((e) => [e.item, e]));
  for (const e of top) {
    const f = exact.get(e.item) ?? 0;
    expect(e.count).toBeGreaterThanOrEqual(f); // never undercounts
    expect(e.count - f).toBeLessThanOrEqual(e.error + 1e-9); // overcount within its recorded error
    expect(e.error).toBeLessThanOrEqual(bound + 1e-9); // ≤ N/m
    expect(ss.estimate(e.item)).toBe(e.count);
  }
  const minCount = top.length < m ? 0 : Math.min(...top.map((e) => e.count));
  for (const [item, f] of exact) {
    if (f > bound) expect(tracked.has(item), `item ${String(item)} with f ${f} > N/m ${bound}`).toBe(true);
    if (!tracked.has(item)) {
      expect(ss.estimate(item)).toBe(0);
      expect(f).toBeLessThanOrEqual(minCount + 1e-9);
    }
  }
  for (let i = 1; i < top.length; i++) expect((top[i] as { count: number }).count).toBeLessThanOrEqual((top[i - 1] as { count: number }).count);
}

describe("SpaceSaving", () => {
  it("keeps the exact counts while it has room", () => {
    const ss = new SpaceSaving({ capacity: 10 });
    const stream = zipfStream(1, 500, 10, 1.1);
    for (const x of stream) ss.update(x);
    for (const [item, f] of exactCounts(stream)) expect(ss.estimate(item)).toBe(f);
    expect(ss.top(10).every((e) => e.error === 0)).toBe(true);
  });

  it("meets its guarantee on Zipf streams: f ≤ estimate ≤ f + N/m, every f > N/m kept", () => {
    fc.assert(
      fc.property(streams, ({ seed, s, distinct, length, capacity, strings }) => {
        const stream = zipfStream(seed, length, distinct, s, strings);
        const ss = new SpaceSaving({ capacity });
        for (const x of stream) ss.update(x);
        checkGuarantees(ss, exactCounts(stream), stream.length);
      }),
      runs,
    );
  });

  it("meets it with weighted updates too", () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 1, max: 5 }), ({ seed, s, distinct, length, capacity }, w) => {
        const stream = zipfStream(seed, Math.min(length, 1500), distinct, s);
        const ss = new SpaceSaving({ capacity });
        const { exact, n } = feedWeighted(ss, stream, w, 1);
        checkGuarantees(ss, exact, n);
      }),
      { ...runs, numRuns: 30 },
    );
  });

  it("merges: the merged summary meets the guarantee over both streams and agrees with one pass", () => {
    fc.assert(
      fc.property(streams, fc.double({ min: 0, max: 1, noNaN: true }), ({ seed, s, distinct, length, capacity, strings }, split) => {
        const stream = zipfStream(seed, length, distinct, s, strings);
        const { merged: a, one } = mergedAndOnePass(() => new SpaceSaving({ capacity }), stream, split);
        const exact = exactCounts(stream);
        checkGuarantees(a, exact, stream.length);
        const bound = stream.length / capacity;
        for (const [item, f] of exact) {
          if (f > bound) expect(Math.abs(a.estimate(item) - one.estimate(item))).toBeLessThanOrEqual(bound + 1e-9);
        }
      }),
      runs,
    );
  });

  it("keeps updating correctly after a merge", () => {
    const a = new SpaceSaving({ capacity: 20 });
    const b = new SpaceSaving({ capacity: 20 });
    const s1 = zipfStream(1, 2000, 300, 1.1);
    const s2 = zipfStream(2, 2000, 300, 1.1);
    for (const x of s1) a.update(x);
    for (const x of s2) b.update(x);
    a.merge(b);
    const s3 = zipfStream(3, 2000, 300, 1.1);
    for (const x of s3) a.update(x);
    const all = [...s1, ...s2, ...s3];
    const exact = exactCounts(all);
    for (const e of a.top(20)) expect(e.count).toBeGreaterThanOrEqual(exact.get(e.item) ?? 0);
    for (const [item, f] of exact) if (f > all.length / 20) expect(a.estimate(item)).toBeGreaterThanOrEqual(f);
  });

  it("tells 1 from \"1\" and 0 from -0 as a Map does", () => {
    const ss = new SpaceSaving({ capacity: 4 });
    ss.update(1);
    ss.update("1", 2);
    ss.update(-0);
    ss.update(0);
    ss.update(0.25);
    expect(ss.estimate(1)).toBe(1);
    expect(ss.estimate("1")).toBe(2);
    expect(ss.estimate(0)).toBe(2);
    expect(ss.estimate(0.25)).toBe(1);
  });

  it("is the outside-facing API: capacity 1000, update, estimate, top(10)", () => {
    const ss = new SpaceSaving({ capacity: 1000 });
    for (const x of zipfStream(9, 20_000, 5000, 1.1)) ss.update(x);
    const top = ss.top(10);
    expect(top).toHaveLength(10);
    expect(ss.estimate(top[0]?.item as SketchItem)).toBe(top[0]?.count);
  });
});
