import fc from "fast-check";
import { quantileSeq } from "mathjs";
import { describe, expect, it } from "vitest";
import { Random } from "../../../algorithms/base/random.js";
import { Quantile } from "../../../algorithms/stats/p2-quantile.js";

/** Φ⁻¹(q) of the standard normal for the quantiles tested. */
const NORMAL_QUANTILE: ReadonlyMap<number, number> = new Map([
  [0.01, -2.3263478740408408],
  [0.1, -1.2815515655446004],
  [0.25, -0.6744897501960817],
  [0.5, 0],
  [0.75, 0.6744897501960817],
  [0.9, 1.2815515655446004],
  [0.99, 2.3263478740408408],
]);

/** Standard error of the sample q-quantile of n normal draws: sqrt(q(1 − q)/n) / φ(Φ⁻¹(q)). */
function sampleQuantileSE(q: number, z: number, n: number): number {
  const density = Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
  return Math.sqrt((q * (1 - q)) / n) / density;
}

describe("Quantile (P²)", () => {
  it("is NaN before any update and defaults to the median", () => {
    const m = new Quantile();
    expect(m.q).toBe(0.5);
    expect(m.get()).toBeNaN();
  });

  it("is exact while n ≤ 5: River's rule, sorted[⌊min(n − 1, n·q)⌋]", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (xs, q) => {
          const p = new Quantile(q);
          xs.forEach((x, i) => {
            p.update(x);
            const sorted = xs.slice(0, i + 1).sort((a, b) => a - b);
            const n = i + 1;
            expect(p.get()).toBe(sorted[Math.floor(Math.min(n - 1, n * q))]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the median of 1..9 in any order as River's implementation documents (5)", () => {
    const p = new Quantile(0.5);
    for (const x of [9, 7, 3, 2, 6, 1, 8, 5, 4]) p.update(x);
    expect(p.get()).toBe(5);
  });

  it("stays within its markers' range and tracks a constant stream exactly", () => {
    const c = new Quantile(0.3);
    for (let i = 0; i < 1000; i++) c.update(2.5);
    expect(c.get()).toBe(2.5);
  });

  // Stated accuracy on 10,000 standard normal draws, seeds 1..10 of base/random:
  // - within 0.02 of the sample quantile (mathjs quantileSeq) for 0.1 ≤ q ≤ 0.9, and within 0.2
  //   at q = 0.01 and 0.99, where P² is known to be loose (few observations reach the tails);
  // - within 4 standard errors of the sample quantile + that bound of Φ⁻¹(q), the true quantile.
  it.each([...NORMAL_QUANTILE.keys()])("on 10k normal draws, q = %s is within the stated error", (q) => {
    const z = NORMAL_QUANTILE.get(q) ?? NaN;
    const n = 10_000;
    const vsSample = q >= 0.1 && q <= 0.9 ? 0.02 : 0.2;
    const vsTrue = 4 * sampleQuantileSE(q, z, n) + vsSample;
    for (let seed = 1; seed <= 10; seed++) {
      const rng = new Random(seed);
      const p = new Quantile(q);
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const x = rng.nextGaussian();
        xs.push(x);
        p.update(x);
      }
      expect(p.n).toBe(n);
      expect(Math.abs(p.get() - (quantileSeq(xs, q) as number))).toBeLessThanOrEqual(vsSample);
      expect(Math.abs(p.get() - z)).toBeLessThanOrEqual(vsTrue);
    }
  });

  it("is within one rank of the true quantile on sorted, evenly spaced data", () => {
    // The markers stay on the line height = rank − 1 and move only once 1 rank or more behind.
    for (const q of [0.1, 0.37, 0.5, 0.9]) {
      const p = new Quantile(q);
      for (let x = 0; x <= 10_000; x++) p.update(x);
      expect(Math.abs(p.get() - q * 10_000)).toBeLessThanOrEqual(1 + 1e-9);
    }
  });
});
