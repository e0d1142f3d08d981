// KSWIN: the exact two-sample KS p-value against hand-derived values, an independent closed form and
// tabulated critical values; the test statistic against scipy; detection delay and false alarms on
// seeded streams (bounds are measured figures, stated beside each, with some slack).
import { describe, expect, it } from "vitest";
import { EstimatorConfigError, KSWIN, Random } from "streamine/algorithms";
import { ksExactPValue } from "../../../algorithms/drift/kswin.js";

const pValue = (n: number, k: number): number => ksExactPValue(n, k, new Float64Array(n + 1));

/**
 * Independent reference: the Gnedenko–Korolyuk sum P(D ≥ k/n) = 2·Σ_{j ≥ 1} (−1)^{j+1} C(2n, n − jk) / C(2n, n),
 * in exact BigInt arithmetic, divided to a double only at the end.
 */
function gnedenkoKorolyuk(n: number, k: number): number {
  const choose = (a: number, b: number): bigint => {
    let r = 1n;
    for (let i = 1; i <= b; i++) r = (r * BigInt(a - b + i)) / BigInt(i);
    return r;
  };
  let sum = 0n;
  for (let j = 1; j * k <= n; j++) sum += (j % 2 === 1 ? 2n : -2n) * choose(2 * n, n - j * k);
  const total = choose(2 * n, n);
  // Scale so the integer quotient keeps about 20 significant digits, whatever the size of the p-value.
  const e = total.toString().length - sum.toString().length + 20;
  return Number((sum * 10n ** BigInt(e)) / total) / 10 ** e;
}

describe("the exact two-sample KS p-value for n = m", () => {
  it("matches values enumerated by hand for n = 1, 2, 3", () => {
    // n = 1: both interleavings reach D = 1.
    expect(pValue(1, 1)).toBe(1);
    // n = 2: of the C(4, 2) = 6 orders, xxyy and yyxx reach D = 1; all reach D ≥ 1/2.
    expect(pValue(2, 1)).toBeCloseTo(1, 15);
    expect(pValue(2, 2)).toBeCloseTo(1 / 3, 15);
    // n = 3: 20 orders; the 2³ = 8 built from xy/yx pairs stay within |i − j| ≤ 1, so 12 reach D ≥ 2/3; 2 reach D = 1.
    expect(pValue(3, 1)).toBeCloseTo(1, 15);
    expect(pValue(3, 2)).toBeCloseTo(12 / 20, 15);
    expect(pValue(3, 3)).toBeCloseTo(2 / 20, 15);
    // D = 0 (all ties) and impossible D.
    expect(pValue(5, 0)).toBe(1);
    expect(pValue(5, 6)).toBe(0);
  });

  it("matches the Gnedenko–Korolyuk closed form for every n ≤ 60 and every k, to 1e-12 relative", () => {
    for (let n = 1; n <= 60; n++) {
      for (let k = 1; k <= n; k++) {
        const ref = gnedenkoKorolyuk(n, k);
        expect(Math.abs(pValue(n, k) - ref), `n ${n}, k ${k}`).toBeLessThanOrEqual(1e-12 * ref + 1e-300);
      }
    }
  });

  it("gives the exact rationals for n = m = 30 (Python fractions over math.comb)", () => {
    expect(pValue(30, 11)).toBeCloseTo(59447034315 / 1719111863896, 15); // 0.034580…
    expect(pValue(30, 13)).toBeCloseTo(345425225865 / 52749590350072, 15); // 0.006548…
    expect(pValue(30, 14)).toBeCloseTo(2535735183945 / 1002242216651368, 15); // 0.002530…
    expect(pValue(30, 16)).toBeCloseTo(6525 / 22243771, 15);
  });

  it("reproduces the tabulated critical values for n = m = 30 (Siegel & Castellan Table L_I: K_D = 11 at α = 0.05, 13 at α = 0.01)", () => {
    const critical = (alpha: number): number => {
      let k = 1;
      while (pValue(30, k) > alpha) k++;
      return k;
    };
    expect(critical(0.05)).toBe(11);
    expect(critical(0.01)).toBe(13);
    expect(critical(0.005)).toBe(14); // so KSWIN's default alpha needs D ≥ 14/30
  });
});

/** Feeds `older` then `recent` to a KSWIN with windowSize = 2·statSize, where the test compares exactly those halves. */
function testHalves(older: readonly number[], recent: readonly number[], alpha = 0.005): KSWIN {
  const d = new KSWIN({ windowSize: 2 * older.length, statSize: older.length, alpha });
  for (const x of [...older, ...recent]) d.update(x);
  return d;
}

describe("the test KSWIN runs, against scipy 1.17.1 ks_2samp(method='exact')", () => {
  const a = Array.from({ length: 30 }, (_, i) => (i * 7) % 13);

  it("no shared ties beyond the data: D = 8/30, p = 0.23907300248018645", () => {
    const d = testHalves(a, Array.from({ length: 30 }, (_, i) => ((i * 5) % 11) + 3));
    expect(d.statistic).toBeCloseTo(8 / 30, 15);
    expect(d.pValue).toBeCloseTo(0.23907300248018645, 13);
    expect(d.drift).toBe(false);
  });

  it("a shift by 0.5: D = 0.1, p = 0.9988393756362763", () => {
    const d = testHalves(a, a.map((v) => v + 0.5));
    expect(d.statistic).toBeCloseTo(0.1, 15);
    expect(d.pValue).toBeCloseTo(0.9988393756362763, 13);
  });

  it("a shift by 6: D = 14/30, p = 0.0025300622362698397, a drift at alpha 0.005", () => {
    const d = testHalves(a, a.map((v) => v + 6));
    expect(d.statistic).toBeCloseTo(14 / 30, 15);
    expect(d.pValue).toBeCloseTo(0.0025300622362698397, 15);
    expect(d.drift).toBe(true);
  });

  it("ties across the samples: [0,0,1,1,2] vs [1,1,2,2,2] gives D = 0.4, p = 0.873015873015873", () => {
    const d = testHalves([0, 0, 1, 1, 2], [1, 1, 2, 2, 2]);
    expect(d.statistic).toBeCloseTo(0.4, 15);
    expect(d.pValue).toBeCloseTo(0.873015873015873, 13);
  });

  it("a constant stream gives D = 0 and p = 1, and never drifts", () => {
    const d = new KSWIN();
    for (let i = 0; i < 500; i++) {
      d.update(3);
      expect(d.drift).toBe(false);
    }
    expect(d.statistic).toBe(0);
    expect(d.pValue).toBe(1);
  });
});

describe("window semantics", () => {
  it("tests only once the window is full; after a drift keeps the newest statSize values (the paper), not an empty window (River)", () => {
    const d = new KSWIN({ windowSize: 10, statSize: 4, alpha: 0.05 });
    for (let i = 0; i < 9; i++) d.update(0);
    expect(d.width).toBe(9);
    expect(Number.isNaN(d.pValue)).toBe(true);
    d.update(0);
    expect(d.pValue).toBe(1);
    // Four values of 10: the newest 4 are all above every value of any sample from the older 6, D = 1,
    // p = 2 / C(8, 4) = 1/35 ≤ 0.05.
    const flagged: number[] = [];
    for (let i = 0; i < 4; i++) {
      d.update(10);
      if (d.drift) flagged.push(i);
    }
    expect(flagged).toEqual([3]);
    expect(d.pValue).toBeCloseTo(2 / 70, 15);
    expect(d.width).toBe(4);
    // The next test comes once 6 more values have refilled the window.
    for (let i = 0; i < 5; i++) d.update(10);
    expect(d.width).toBe(9);
    expect(d.pValue).toBeCloseTo(2 / 70, 15); // still the last test's
    d.update(10);
    expect(d.pValue).toBe(1);
    expect(d.drift).toBe(false);
  });

  it("draws the older sample with the seed: equal seeds agree, different seeds differ", () => {
    const stream = (seed: number): number[] => {
      const r = new Random(seed);
      return Array.from({ length: 2_000 }, () => r.nextGaussian());
    };
    const run = (seed: number): number[] => {
      const d = new KSWIN({ seed });
      return stream(99).map((x) => {
        d.update(x);
        return d.pValue;
      });
    };
    const a = run(5);
    expect(run(5)).toEqual(a);
    expect(run(6)).not.toEqual(a);
  });

  it("restores from a snapshot taken right after a drift (ring head mid-buffer, RNG mid-stream) and goes on identically", () => {
    const xs = gaussian(8, 3_000, 1_000, 2);
    const a = new KSWIN({ seed: 8 });
    let at = 0;
    while (!a.drift || at < 1_000) a.update(xs[at++] as number);
    expect(a.width).toBe(30);
    const b = KSWIN.restore(a.snapshot());
    const rest = xs.slice(at);
    const pa = rest.map((x) => (a.update(x), a.pValue));
    const pb = rest.map((x) => (b.update(x), b.pValue));
    expect(pb).toEqual(pa);
    expect(b.snapshot()).toEqual(a.snapshot());
  });

  it.each([
    [{ alpha: 0 }, "alpha"],
    [{ alpha: 1 }, "alpha"],
    [{ statSize: 0 }, "statSize"],
    [{ statSize: 2.5 }, "statSize"],
    [{ windowSize: 59 }, "windowSize"],
    [{ windowSize: 20, statSize: 11 }, "windowSize"],
    [{ seed: 0.5 }, "seed"],
  ] as const)("rejects %j naming KSWIN.constructor and the option", (options, option) => {
    expect(() => new KSWIN(options)).toThrow(EstimatorConfigError);
    expect(() => new KSWIN(options)).toThrow(new RegExp(`KSWIN\\.constructor: option ${option}`));
  });

  it("accepts windowSize = 2·statSize, where the test does not depend on the seed", () => {
    const r = new Random(3);
    const xs = Array.from({ length: 1_000 }, (_, i) => r.nextGaussian() + (i < 500 ? 0 : 2));
    const run = (seed: number): number[] => {
      const d = new KSWIN({ windowSize: 60, statSize: 30, seed });
      return xs.map((x) => (d.update(x), d.pValue));
    };
    expect(run(1)).toEqual(run(2));
  });
});

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

function gaussian(seed: number, n: number, change: number, shift: number): number[] {
  const r = new Random(seed);
  return Array.from({ length: n }, (_, i) => r.nextGaussian() + (i < change ? 0 : shift));
}

function detections(d: KSWIN, stream: readonly number[]): number[] {
  const out: number[] = [];
  stream.forEach((x, i) => {
    d.update(x);
    if (d.drift) out.push(i);
  });
  return out;
}

describe("River's doc example (alpha 0.0001; 1,000 draws from {0, 1}, then 1,000 from {4, …, 7})", () => {
  it.each([12345, 1, 2, 3, 4, 5, 42])("first detects at index 1016, as River's doc output, whatever the seed (stream and detector seed %i)", (seed) => {
    // Every new value exceeds every old one, so while the older part holds only old values D = m/30 for the
    // m new values among the newest 30, whatever is drawn: the first m with p ≤ 0.0001 is 17 (index 1016).
    const r = new Random(seed);
    const xs: number[] = [];
    for (let i = 0; i < 1_000; i++) xs.push(r.nextInt(2));
    for (let i = 0; i < 1_000; i++) xs.push(4 + r.nextInt(4));
    expect(detections(new KSWIN({ alpha: 0.0001, seed }), xs).find((i) => i >= 1_000)).toBe(1016);
  });
});

describe("detection delay and false alarms on seeded Gaussian streams (20 seeds, detector seed = stream seed)", () => {
  it("N(0,1) → N(2,1) at 2,000: every seed detects within 30 samples (measured 9–24), with at most 60 false alarms before it over the 20 × 2,000 values (measured 56)", () => {
    let falseAlarms = 0;
    const delays: number[] = [];
    for (const seed of SEEDS) {
      const found = detections(new KSWIN({ seed }), gaussian(seed, 4_000, 2_000, 2));
      falseAlarms += found.filter((i) => i < 2_000).length;
      const first = found.find((i) => i >= 2_000);
      expect(first, `seed ${seed} missed the change`).toBeDefined();
      delays.push((first as number) - 2_000);
    }
    expect(Math.max(...delays)).toBeLessThanOrEqual(30);
    expect(falseAlarms).toBeLessThanOrEqual(60);
  });

  it.each([
    // [name, alpha, bound]; the measured count over 20 × 10,000 values of N(0, 1) is in each name.
    ["defaults (alpha 0.005): measured 293, about 1.5 per 1,000 values (one test per value, strongly correlated)", 0.005, 320],
    ["alpha 0.0001 (River's doc setting): measured 12", 0.0001, 15],
  ] as const)("false alarms on stationary N(0,1), %s", (_name, alpha, bound) => {
    let total = 0;
    for (const seed of SEEDS) total += detections(new KSWIN({ seed, alpha }), gaussian(seed, 10_000, 10_000, 0)).length;
    expect(total).toBeLessThanOrEqual(bound);
  });
});
