// Shared arbitraries and tolerances of the statistics tests.
//
// Tolerance: 1e-12 relative. Welford's update and Chan et al.'s merge have relative error
// bounded by about n·κ·ε for the sum of squares (Chan, Golub & LeVeque 1983), where
// κ = sqrt(1 + n·mean²/M₂) is the data's condition number and ε = 2.2e-16. The generators below
// keep n ≤ 200 and κ ≤ 10 ("well-conditioned data"), so that bound is below 4.4e-13 and 1e-12
// holds with margin (every property here also passes at 1e-13 over 3,000 runs). Means are
// compared relative to the data's magnitude (mean |x|): a mean near 0 is the result of
// cancellation, and no algorithm gets it to 1e-12 of itself. Values are multiples of 1e-9 times
// a scale, never subnormal. Reverted values are drawn inside the range of the data they are
// reverted from, so that their rounding is of the size of the statistic they leave behind.
import fc from "fast-check";
import { expect } from "vitest";

export const REL = 1e-12;

/** |actual − expected| ≤ rel · max(|expected|, scale). */
export function expectClose(actual: number, expected: number, scale = 0, rel = REL): void {
  const bound = rel * Math.max(Math.abs(expected), scale);
  if (!(Math.abs(actual - expected) <= bound)) {
    expect.fail(`expected ${actual} to be within ${bound} of ${expected} (relative ${rel}, scale ${scale})`);
  }
}

/** The mean absolute value: the scale a computed mean is compared at. */
export function magnitude(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += Math.abs(x);
  return xs.length === 0 ? 0 : s / xs.length;
}

/** κ = sqrt(Σx² / M₂), Chan, Golub & LeVeque's condition number of the variance (two-pass). */
export function kappa(xs: readonly number[]): number {
  if (xs.length < 2) return Infinity;
  let s = 0;
  for (const x of xs) s += x;
  const mean = s / xs.length;
  let m2 = 0;
  let sq = 0;
  for (const x of xs) {
    m2 += (x - mean) * (x - mean);
    sq += x * x;
  }
  return m2 > 0 ? Math.sqrt(sq / m2) : Infinity;
}

/** Well-conditioned data: (u + shift)·scale, u ∈ [−1, 1] in steps of 1e-9 (no subnormals), |shift| ≤ 2, scale in [1e-3, 1e3], κ ≤ 10. */
export function wellConditioned(minLength: number, maxLength: number): fc.Arbitrary<number[]> {
  return fc
    .record({
      scale: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
      shift: fc.double({ min: -2, max: 2, noNaN: true }),
      us: fc.array(fc.integer({ min: -1e9, max: 1e9 }).map((i) => i / 1e9), { minLength, maxLength }),
    })
    .map(({ scale, shift, us }) => us.map((u) => (u + shift) * scale + 0))
    .filter((xs) => kappa(xs) <= 10);
}

/** A well-conditioned array and a split index in [0, length]. */
export function splitData(maxLength = 200): fc.Arbitrary<{ xs: number[]; k: number }> {
  return wellConditioned(2, maxLength).chain((xs) => fc.nat({ max: xs.length }).map((k) => ({ xs, k })));
}

/** A well-conditioned array A and values B drawn inside A's range, |B| ≤ |A|. */
export function baseAndInside(): fc.Arbitrary<{ a: number[]; b: number[] }> {
  return wellConditioned(2, 100).chain((a) => {
    const lo = Math.min(...a);
    const hi = Math.max(...a);
    const inside = fc.double({ min: 0, max: 1, noNaN: true }).map((t) => lo + t * (hi - lo));
    return fc.array(inside, { maxLength: a.length }).map((b) => ({ a, b }));
  });
}

/** A copy of an object's own fields, to check that a call left it unchanged. */
export function fields(o: object): Record<string, unknown> {
  return structuredClone({ ...o }) as Record<string, unknown>;
}

/** Numbers that every `update` must reject. */
export const NON_FINITE = [NaN, Infinity, -Infinity] as const;
