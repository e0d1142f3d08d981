import fc from "fast-check";
import { variance as mathVariance } from "mathjs";
import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import { Mean } from "../../../algorithms/stats/mean.js";
import { Var } from "../../../algorithms/stats/variance.js";
import { baseAndInside, expectClose, fields, magnitude, splitData, wellConditioned } from "./reference.js";

const RUNS = { numRuns: 300 };

function meanOf(xs: readonly number[], ws?: readonly number[]): Mean {
  const m = new Mean();
  xs.forEach((x, i) => m.update(x, ws?.[i] ?? 1));
  return m;
}

function varOf(xs: readonly number[], ddof: number, ws?: readonly number[]): Var {
  const v = new Var({ ddof });
  xs.forEach((x, i) => v.update(x, ws?.[i] ?? 1));
  return v;
}

/** The divisor-`n − ddof` variance from simple-statistics' population variance. */
function refVariance(xs: readonly number[], ddof: number): number {
  const n = xs.length;
  return n > ddof ? (ss.variance([...xs]) * n) / (n - ddof) : 0;
}

/** Integer weights as repetitions: the frequency-weight meaning of `update(x, w)`. */
function expand(xs: readonly number[], ws: readonly number[]): number[] {
  return xs.flatMap((x, i) => Array.from({ length: ws[i] ?? 1 }, () => x));
}

const DDOFS = [0, 1, 2] as const;

describe("Mean", () => {
  it("is 0 before any update (River's cold start)", () => {
    expect(new Mean().get()).toBe(0);
    expect(new Mean().n).toBe(0);
  });

  it("one pass equals simple-statistics' mean", () => {
    fc.assert(
      fc.property(wellConditioned(1, 200), (xs) => {
        expectClose(meanOf(xs).get(), ss.mean(xs), magnitude(xs));
      }),
      RUNS,
    );
  });

  it("integer weights equal repeating the value", () => {
    fc.assert(
      fc.property(
        wellConditioned(2, 60).chain((xs) => fc.array(fc.integer({ min: 1, max: 4 }), { minLength: xs.length, maxLength: xs.length }).map((ws) => ({ xs, ws }))),
        ({ xs, ws }) => {
          const m = meanOf(xs, ws);
          expect(m.n).toBe(ws.reduce((a, b) => a + b, 0));
          expectClose(m.get(), ss.mean(expand(xs, ws)), magnitude(xs));
        },
      ),
      RUNS,
    );
  });

  it("real weights give Σwx / Σw", () => {
    fc.assert(
      fc.property(
        wellConditioned(1, 100).chain((xs) => fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: xs.length, maxLength: xs.length }).map((ws) => ({ xs, ws }))),
        ({ xs, ws }) => {
          const sw = ss.sum(ws);
          expectClose(meanOf(xs, ws).get(), ss.sum(xs.map((x, i) => x * (ws[i] ?? 0))) / sw, magnitude(xs));
        },
      ),
      RUNS,
    );
  });

  it("merge(A, B) equals one pass over A ∪ B and leaves B unchanged", () => {
    fc.assert(
      fc.property(splitData(), ({ xs, k }) => {
        const a = meanOf(xs.slice(0, k));
        const b = meanOf(xs.slice(k));
        const before = fields(b);
        a.merge(b);
        expect(fields(b)).toEqual(before);
        expect(a.n).toBe(xs.length);
        expectClose(a.get(), meanOf(xs).get(), magnitude(xs));
      }),
      RUNS,
    );
  });

  it("update then revert is the identity", () => {
    fc.assert(
      fc.property(baseAndInside(), ({ a, b }) => {
        const m = meanOf(a);
        const expected = m.get();
        for (const x of b) m.update(x);
        for (const x of [...b].reverse()) m.revert(x);
        expect(m.n).toBe(a.length);
        expectClose(m.get(), expected, magnitude(a));
        for (const x of b) m.update(x);
        for (const x of b) m.revert(x); // first in, first out, as a rolling window does
        expectClose(m.get(), expected, magnitude(a));
      }),
      RUNS,
    );
  });

  it("reverting every observation returns exactly to the cold state", () => {
    const m = new Mean();
    for (const x of [0.1, 0.2, 0.7]) m.update(x, 0.3);
    for (const x of [0.7, 0.1, 0.2]) m.revert(x, 0.3);
    expect(m.get()).toBe(0);
    expect(m.n).toBe(0);
    expect(fields(m)).toEqual(fields(new Mean()));
  });

  it("merges with an empty mean either way, and with itself", () => {
    const a = meanOf([1, 2, 3]);
    a.merge(new Mean());
    expect(a.get()).toBe(2);
    const e = new Mean();
    e.merge(a);
    expect(e.get()).toBe(2);
    expect(e.n).toBe(3);
    a.merge(a);
    expect(a.get()).toBe(2);
    expect(a.n).toBe(6);
  });
});

describe("Var", () => {
  it("is 0 before any update and while n ≤ ddof (River's cold start)", () => {
    for (const ddof of DDOFS) {
      const v = new Var({ ddof });
      expect(v.get()).toBe(0);
      for (let i = 1; i <= ddof; i++) {
        v.update(i * 3);
        expect(v.get()).toBe(0);
      }
    }
  });

  it("defaults to ddof = 1 and reproduces River's doc example", () => {
    const v = new Var();
    expect(v.ddof).toBe(1);
    const seen = [3, 5, 4, 7, 10, 12].map((x) => {
      v.update(x);
      return v.get();
    });
    // River's stats.Var docstring: 0.0, 2.0, 1.0, 2.916666, 7.7, 12.56666.
    [0, 2, 1, 35 / 12, 7.7, 377 / 30].forEach((e, i) => expectClose(seen[i] ?? NaN, e));
  });

  it.each(DDOFS)("one pass equals simple-statistics and mathjs (ddof %i)", (ddof) => {
    fc.assert(
      fc.property(wellConditioned(2, 200), (xs) => {
        const v = varOf(xs, ddof);
        expectClose(v.get(), refVariance(xs, ddof));
        expectClose(v.mean, ss.mean(xs), magnitude(xs));
        if (ddof === 0) expectClose(v.get(), mathVariance(xs, "uncorrected") as unknown as number);
        if (ddof === 1) {
          expectClose(v.get(), ss.sampleVariance(xs));
          expectClose(v.get(), mathVariance(xs, "unbiased") as unknown as number);
        }
      }),
      RUNS,
    );
  });

  it.each(DDOFS)("integer weights equal repeating the value (ddof %i)", (ddof) => {
    fc.assert(
      fc.property(
        wellConditioned(2, 60).chain((xs) => fc.array(fc.integer({ min: 1, max: 4 }), { minLength: xs.length, maxLength: xs.length }).map((ws) => ({ xs, ws }))),
        ({ xs, ws }) => {
          const expanded = expand(xs, ws);
          expectClose(varOf(xs, ddof, ws).get(), refVariance(expanded, ddof));
        },
      ),
      RUNS,
    );
  });

  it("real weights give Σw(x − x̄)² / (Σw − ddof)", () => {
    fc.assert(
      fc.property(
        wellConditioned(2, 100).chain((xs) => fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: xs.length, maxLength: xs.length }).map((ws) => ({ xs, ws }))),
        ({ xs, ws }) => {
          const sw = ss.sum(ws);
          const mean = ss.sum(xs.map((x, i) => x * (ws[i] ?? 0))) / sw;
          const m2 = ss.sum(xs.map((x, i) => (ws[i] ?? 0) * (x - mean) ** 2));
          const v = varOf(xs, 0, ws);
          expectClose(v.mean, mean, magnitude(xs));
          expectClose(v.get(), m2 / sw);
        },
      ),
      RUNS,
    );
  });

  it.each(DDOFS)("merge(A, B) equals one pass over A ∪ B and leaves B unchanged (ddof %i)", (ddof) => {
    fc.assert(
      fc.property(splitData(), ({ xs, k }) => {
        const a = varOf(xs.slice(0, k), ddof);
        const b = varOf(xs.slice(k), ddof);
        const before = fields(b);
        a.merge(b);
        expect(fields(b)).toEqual(before);
        const one = varOf(xs, ddof);
        expect(a.n).toBe(xs.length);
        expectClose(a.get(), one.get());
        expectClose(a.mean, one.mean, magnitude(xs));
      }),
      RUNS,
    );
  });

  it("merges with an empty variance either way, and with itself", () => {
    const a = varOf([1, 2, 3, 6], 1);
    const expected = a.get();
    a.merge(new Var());
    expect(a.get()).toBe(expected);
    const e = new Var();
    e.merge(a);
    expect(e.get()).toBe(expected);
    a.merge(a); // the same four values twice: M₂ doubles, divisor 7
    expectClose(a.get(), (2 * 14) / 7);
  });

  it.each(DDOFS)("update then revert is the identity (ddof %i)", (ddof) => {
    fc.assert(
      fc.property(baseAndInside(), ({ a, b }) => {
        const v = varOf(a, ddof);
        const expected = v.get();
        const mean = v.mean;
        for (const x of b) v.update(x);
        for (const x of [...b].reverse()) v.revert(x);
        expectClose(v.get(), expected);
        expectClose(v.mean, mean, magnitude(a));
        for (const x of b) v.update(x);
        for (const x of b) v.revert(x);
        expectClose(v.get(), expected);
        expectClose(v.mean, mean, magnitude(a));
      }),
      RUNS,
    );
  });

  it("weighted update then revert is the identity", () => {
    fc.assert(
      fc.property(baseAndInside(), fc.double({ min: 0.5, max: 2, noNaN: true }), ({ a, b }, w) => {
        const v = varOf(a, 1);
        const expected = v.get();
        for (const x of b) v.update(x, w);
        for (const x of b) v.revert(x, w);
        expectClose(v.get(), expected);
      }),
      RUNS,
    );
  });

  it("reverting every observation returns exactly to the cold state", () => {
    const v = varOf([0.1, 0.2, 0.7], 1);
    for (const x of [0.2, 0.7, 0.1]) v.revert(x);
    expect(v.get()).toBe(0);
    expect(fields(v)).toEqual(fields(new Var()));
  });

  it("never reports a negative variance on constant data", () => {
    const v = new Var();
    for (let i = 0; i < 100; i++) v.update(0.1);
    for (let i = 0; i < 50; i++) v.revert(0.1);
    expect(v.get()).toBeGreaterThanOrEqual(0);
  });
});
