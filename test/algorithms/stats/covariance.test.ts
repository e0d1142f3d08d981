import fc from "fast-check";
import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import { Cov } from "../../../algorithms/stats/covariance.js";
import { expectClose, fields, kappa, magnitude, wellConditioned } from "./reference.js";

const RUNS = { numRuns: 300 };
const DDOFS = [0, 1, 2] as const;

interface Pairs {
  xs: number[];
  ys: number[];
}

/**
 * Two columns of the same length n ≥ 3, each well-conditioned (κ ≤ 10); y partly follows x so
 * that the covariance is not always ~0.
 */
function pairs(maxLength = 200): fc.Arbitrary<Pairs> {
  return wellConditioned(3, maxLength)
    .chain((xs) =>
      fc
        .record({
          noise: fc.array(fc.integer({ min: -1e9, max: 1e9 }).map((i) => i / 1e9), { minLength: xs.length, maxLength: xs.length }),
          slope: fc.double({ min: -2, max: 2, noNaN: true }),
        })
        .map(({ noise, slope }) => ({ xs, ys: xs.map((x, i) => slope * x + (noise[i] ?? 0) * 10 + 0) })),
    )
    .filter(({ ys }) => kappa(ys) <= 10);
}

/** Pairs A, and pairs B (|B| ≤ |A|) whose x and y lie inside A's ranges. */
function pairsAndInside(): fc.Arbitrary<{ a: Pairs; b: Pairs }> {
  return pairs(100).chain((a) => {
    const inside = (v: readonly number[]): fc.Arbitrary<number> => {
      const lo = Math.min(...v);
      const hi = Math.max(...v);
      return fc.double({ min: 0, max: 1, noNaN: true }).map((t) => lo + t * (hi - lo));
    };
    const b = fc.array(fc.tuple(inside(a.xs), inside(a.ys)), { maxLength: a.xs.length });
    return b.map((ps) => ({ a, b: { xs: ps.map((p) => p[0]), ys: ps.map((p) => p[1]) } }));
  });
}

function covOf(xs: readonly number[], ys: readonly number[], ddof: number, ws?: readonly number[]): Cov {
  const c = new Cov({ ddof });
  xs.forEach((x, i) => c.update(x, ys[i] ?? NaN, ws?.[i] ?? 1));
  return c;
}

/** simple-statistics' sample covariance, rescaled to the divisor n − ddof. */
function refCov(xs: readonly number[], ys: readonly number[], ddof: number): number {
  const n = xs.length;
  return (ss.sampleCovariance([...xs], [...ys]) * (n - 1)) / (n - ddof);
}

/**
 * Covariance can be ~0 through cancellation, so it is compared at the scale σx·σy (population):
 * |Δ| ≤ 1e-12 · max(|cov|, σx·σy), a relative error on the correlation coefficient.
 */
function covScale(xs: readonly number[], ys: readonly number[]): number {
  return Math.sqrt(ss.variance([...xs]) * ss.variance([...ys]));
}

describe("Cov", () => {
  it("is 0 before any update and while n ≤ ddof; ddof defaults to 1", () => {
    expect(new Cov().ddof).toBe(1);
    for (const ddof of DDOFS) {
      const c = new Cov({ ddof });
      expect(c.get()).toBe(0);
      for (let i = 1; i <= ddof; i++) {
        c.update(i, 2 * i);
        expect(c.get()).toBe(0);
      }
    }
  });

  it("reproduces River's doc example", () => {
    const c = new Cov();
    const xs = [-2.1, -1, 4.3];
    const ys = [3, 1.1, 0.12];
    const seen = xs.map((x, i) => {
      c.update(x, ys[i] ?? NaN);
      return c.get();
    });
    // River's stats.Cov docstring: 0.0, -1.044999, -4.286.
    expectClose(seen[0] ?? NaN, 0);
    expectClose(seen[1] ?? NaN, -1.045);
    expectClose(seen[2] ?? NaN, -4.286);
  });

  it.each(DDOFS)("one pass equals simple-statistics (ddof %i)", (ddof) => {
    fc.assert(
      fc.property(pairs(), ({ xs, ys }) => {
        const c = covOf(xs, ys, ddof);
        expectClose(c.get(), refCov(xs, ys, ddof), covScale(xs, ys));
        expectClose(c.meanX, ss.mean(xs), magnitude(xs));
        expectClose(c.meanY, ss.mean(ys), magnitude(ys));
      }),
      RUNS,
    );
  });

  it("cov(x, x) equals Var's definition: simple-statistics' sample variance", () => {
    fc.assert(
      fc.property(wellConditioned(2, 200), (xs) => {
        expectClose(covOf(xs, xs, 1).get(), ss.sampleVariance(xs));
      }),
      RUNS,
    );
  });

  it("integer weights equal repeating the pair", () => {
    fc.assert(
      fc.property(
        pairs(60).chain((p) => fc.array(fc.integer({ min: 1, max: 4 }), { minLength: p.xs.length, maxLength: p.xs.length }).map((ws) => ({ ...p, ws }))),
        ({ xs, ys, ws }) => {
          const ex = xs.flatMap((x, i) => Array.from({ length: ws[i] ?? 1 }, () => x));
          const ey = ys.flatMap((y, i) => Array.from({ length: ws[i] ?? 1 }, () => y));
          expectClose(covOf(xs, ys, 1, ws).get(), refCov(ex, ey, 1), covScale(ex, ey));
        },
      ),
      RUNS,
    );
  });

  it.each(DDOFS)("merge(A, B) equals one pass over A ∪ B and leaves B unchanged (ddof %i)", (ddof) => {
    fc.assert(
      fc.property(
        pairs().chain((p) => fc.nat({ max: p.xs.length }).map((k) => ({ ...p, k }))),
        ({ xs, ys, k }) => {
          const a = covOf(xs.slice(0, k), ys.slice(0, k), ddof);
          const b = covOf(xs.slice(k), ys.slice(k), ddof);
          const before = fields(b);
          a.merge(b);
          expect(fields(b)).toEqual(before);
          const one = covOf(xs, ys, ddof);
          expect(a.n).toBe(xs.length);
          expectClose(a.get(), one.get(), covScale(xs, ys));
          expectClose(a.meanX, one.meanX, magnitude(xs));
          expectClose(a.meanY, one.meanY, magnitude(ys));
        },
      ),
      RUNS,
    );
  });

  it("update then revert is the identity", () => {
    fc.assert(
      fc.property(pairsAndInside(), ({ a, b }) => {
        const c = covOf(a.xs, a.ys, 1);
        const expected = c.get();
        const scale = covScale(a.xs, a.ys);
        const k = b.xs.length;
        for (let i = 0; i < k; i++) c.update(b.xs[i] ?? NaN, b.ys[i] ?? NaN);
        for (let i = k - 1; i >= 0; i--) c.revert(b.xs[i] ?? NaN, b.ys[i] ?? NaN);
        expectClose(c.get(), expected, scale);
        for (let i = 0; i < k; i++) c.update(b.xs[i] ?? NaN, b.ys[i] ?? NaN, 1.5);
        for (let i = 0; i < k; i++) c.revert(b.xs[i] ?? NaN, b.ys[i] ?? NaN, 1.5);
        expectClose(c.get(), expected, scale);
        expectClose(c.meanX, ss.mean(a.xs), magnitude(a.xs));
        expectClose(c.meanY, ss.mean(a.ys), magnitude(a.ys));
      }),
      RUNS,
    );
  });

  it("reverting every pair returns exactly to the cold state; merge handles empty sides", () => {
    const c = covOf([1, 2, 4], [3, 1, 2], 1);
    const e = new Cov();
    e.merge(c);
    expect(e.get()).toBe(c.get());
    c.merge(new Cov());
    expect(e.get()).toBe(c.get());
    for (const [x, y] of [[2, 1], [1, 3], [4, 2]] as const) c.revert(x, y);
    expect(fields(c)).toEqual(fields(new Cov()));
  });
});
