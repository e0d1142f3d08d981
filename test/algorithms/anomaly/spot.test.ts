import { describe, expect, it } from "vitest";
import { Random } from "streamine/algorithms";
import { fitGpd } from "../../../algorithms/anomaly/thresholds/gpd.js";
import { DSPOT } from "../../../algorithms/anomaly/thresholds/dspot.js";
import { SPOT } from "../../../algorithms/anomaly/thresholds/spot.js";

/** The share of the stream after calibration that the thresholder flags (flag, then learn). */
function alarmRate(t: { isAnomaly(s: number): boolean; learnOne(s: number): void }, draw: () => number, calibration: number, n: number): number {
  let alarms = 0;
  for (let i = 0; i < calibration + n; i++) {
    const s = draw();
    if (i >= calibration && t.isAnomaly(s)) alarms++;
    t.learnOne(s);
  }
  return alarms / n;
}

const exponential = (r: Random) => (): number => -Math.log(1 - r.next());

describe("SPOT", () => {
  // Tolerance: the rate must be within a factor 1.5 of q for exponential scores (excesses exactly GPD) and 3
  // for Gaussian ones: their excesses over the 98 % quantile of 2000 values fit a GPD with γ a little below 0,
  // whose tail is lighter than the Gaussian's, so z_q is low (measured 2.4e-3 for q = 1e-3, 3e-4 for 1e-4).
  // With 1e5 scores the Poisson noise alone is ±10 % (one sd) at q = 1e-3 and ±30 % at 1e-4.
  it.each([
    ["Exp(1)", 1e-3, 0.98, 1.5, (r: Random) => exponential(r)],
    ["N(0, 1)", 1e-3, 0.98, 3, (r: Random) => () => r.nextGaussian()],
    ["Exp(1)", 1e-4, 0.98, 1.5, (r: Random) => exponential(r)],
    ["N(0, 1)", 1e-4, 0.98, 3, (r: Random) => () => r.nextGaussian()],
  ] as const)("flags about a share q of %s scores (q = %s, level %s, within a factor %s)", (_name, q, level, factor, make) => {
    for (const seed of [1, 2]) {
      const rate = alarmRate(new SPOT({ q, level, nInit: 2000 }), make(new Random(seed)), 2000, 100_000);
      expect(rate, `seed ${seed}`).toBeGreaterThan(q / factor);
      expect(rate, `seed ${seed}`).toBeLessThan(q * factor);
    }
  });

  it("fits γ ≈ 0 to exponential excesses and γ ≈ 0.5 to Pareto(α = 2) excesses (Grimshaw's MLE)", () => {
    const r = new Random(9);
    const n = 5000;
    const expo = Float64Array.from({ length: n }, () => -2 * Math.log(1 - r.next()));
    const fitE = fitGpd(expo, n, new Float64Array(n));
    expect(Math.abs(fitE.gamma)).toBeLessThan(0.05);
    expect(fitE.sigma).toBeCloseTo(2, 0);
    // GPD(γ = 0.5, σ = 1) by inversion: (U^(−γ) − 1)·σ/γ
    const pareto = Float64Array.from({ length: n }, () => (Math.pow(1 - r.next(), -0.5) - 1) / 0.5);
    const fitP = fitGpd(pareto, n, new Float64Array(n));
    expect(fitP.gamma).toBeGreaterThan(0.4);
    expect(fitP.gamma).toBeLessThan(0.6);
    expect(fitP.sigma).toBeGreaterThan(0.85);
    expect(fitP.sigma).toBeLessThan(1.15);
  });

  it("learns a score above z_q censored: any anomaly, however large, leaves the same state as one just above z_q", () => {
    const spot = new SPOT({ q: 1e-3, nInit: 1000 });
    const draw = exponential(new Random(4));
    for (let i = 0; i < 1500; i++) spot.learnOne(draw());
    const z = spot.threshold;
    const a = SPOT.restore(spot.snapshot());
    const peaks = spot.tail.peaks;
    spot.learnOne(z + 1e6);
    a.learnOne(z * (1 + 1e-9));
    expect(spot.snapshot()).toEqual(a.snapshot());
    expect(spot.tail.peaks).toBe(peaks + 1);
  });

  it("makes no decision during calibration", () => {
    const spot = new SPOT({ q: 1e-3, nInit: 100 });
    for (let i = 0; i < 99; i++) spot.learnOne(i);
    expect(spot.threshold).toBe(Infinity);
    expect(spot.isAnomaly(1e300)).toBe(false);
    spot.learnOne(99);
    expect(spot.threshold).toBeLessThan(Infinity);
  });
});

describe("DSPOT", () => {
  // Tolerance a factor 3, as for SPOT on Gaussian scores (the drift-removed scores are Gaussian).
  it("keeps the false-alarm rate near q on a drifting Gaussian stream", () => {
    const q = 1e-3;
    const drifting = (seed: number): (() => number) => {
      const r = new Random(seed);
      let i = 0;
      return () => 0.001 * i++ + r.nextGaussian(); // the level climbs by 100 over the stream
    };
    for (const seed of [1, 2]) {
      const rate = alarmRate(new DSPOT({ q, nInit: 2000, depth: 50 }), drifting(seed), 2050, 100_000);
      expect(rate, `seed ${seed}`).toBeGreaterThan(q / 3);
      expect(rate, `seed ${seed}`).toBeLessThan(q * 3);
    }
  });
});
