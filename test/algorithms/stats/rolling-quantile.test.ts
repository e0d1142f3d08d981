import fc from "fast-check";
import { quantileSeq } from "mathjs";
import { describe, expect, it } from "vitest";
import { RollingQuantile } from "../../../algorithms/stats/rolling-quantile.js";
import { expectClose } from "./reference.js";

/**
 * Sort-based reference with the same rule as River's RollingQuantile (numpy "linear",
 * Hyndman–Fan 7): h = q·(m − 1), s[lo] + (s[hi] − s[lo])·(h − lo), s[lo] itself on a rank.
 */
function reference(window: readonly number[], q: number): number {
  const s = [...window].sort((a, b) => a - b);
  const m = s.length;
  if (m === 0) return NaN;
  const h = q * (m - 1);
  const lo = Math.floor(h);
  const a = s[lo] ?? NaN;
  if (h === lo) return a;
  const b = s[Math.min(lo + 1, m - 1)] ?? NaN;
  return a + (b - a) * (h - lo);
}

const qs = fc.oneof(fc.constantFrom(0, 0.25, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }));
/** Streams with many ties (small integers) or spread-out reals; −0 mapped to 0 (stored as 0). */
const stream = fc.oneof(
  fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 300 }),
  fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x + 0), { maxLength: 300 }),
);

describe("RollingQuantile", () => {
  it("is NaN before any update", () => {
    expect(new RollingQuantile(0.5, 10).get()).toBeNaN();
  });

  it("matches a sort-based reference bit for bit after every update", () => {
    fc.assert(
      fc.property(stream, qs, fc.integer({ min: 1, max: 50 }), (xs, q, size) => {
        const r = new RollingQuantile(q, size);
        xs.forEach((x, i) => {
          r.update(x);
          const window = xs.slice(Math.max(0, i + 1 - size), i + 1);
          expect(r.n).toBe(window.length);
          expect(r.get()).toBe(reference(window, q));
        });
      }),
      { numRuns: 300 },
    );
  });

  // mathjs compares with a relative tolerance (config.relTol = 1e-12) and treats a nearly
  // integral rank as integral, then rejects it; so this check draws q from a dyadic grid (q·(m − 1)
  // exact) and values on a 1e-3 grid (distinct values never within 1e-12 of each other).
  it("agrees with mathjs' quantileSeq (same rule, other arithmetic) within 1e-12 of the window's magnitude", () => {
    const gridQ = fc.integer({ min: 0, max: 1024 }).map((k) => k / 1024);
    const gridStream = fc.array(fc.integer({ min: -1e9, max: 1e9 }).map((i) => i / 1e3), { maxLength: 300 });
    fc.assert(
      fc.property(gridStream, gridQ, fc.integer({ min: 1, max: 50 }), (xs, q, size) => {
        const r = new RollingQuantile(q, size);
        xs.forEach((x, i) => {
          r.update(x);
          const window = xs.slice(Math.max(0, i + 1 - size), i + 1);
          const scale = Math.max(...window.map(Math.abs));
          expectClose(r.get(), quantileSeq(window, q) as number, scale);
        });
      }),
      { numRuns: 200 },
    );
  });

  it("reproduces River's doc example (q = 0.5, window 101, 0..1000)", () => {
    const r = new RollingQuantile(0.5, 101);
    const seen: number[] = [];
    for (let i = 0; i <= 1000; i++) {
      r.update(i);
      if (i % 100 === 0) seen.push(r.get());
    }
    expect(seen).toEqual([0, 50, 150, 250, 350, 450, 550, 650, 750, 850, 950]);
  });

  it("with q = 0 and 1 is the rolling minimum and maximum", () => {
    const lo = new RollingQuantile(0, 3);
    const hi = new RollingQuantile(1, 3);
    const mins: number[] = [];
    const maxs: number[] = [];
    for (const x of [5, 1, 4, 8, 2, 2, 9]) {
      lo.update(x);
      hi.update(x);
      mins.push(lo.get());
      maxs.push(hi.get());
    }
    expect(mins).toEqual([5, 1, 1, 1, 2, 2, 2]);
    expect(maxs).toEqual([5, 5, 5, 8, 8, 8, 9]);
  });

  it("stores −0 as 0", () => {
    const r = new RollingQuantile(0.5, 2);
    r.update(-0);
    expect(Object.is(r.get(), 0)).toBe(true);
  });

  it("interpolates between extremes without overflowing on a rank", () => {
    const r = new RollingQuantile(1, 2);
    r.update(-Number.MAX_VALUE);
    r.update(Number.MAX_VALUE);
    expect(r.get()).toBe(Number.MAX_VALUE);
  });
});
