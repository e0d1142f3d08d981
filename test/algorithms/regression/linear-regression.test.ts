import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError, LinearRegression, Random, type LinearRegressionOptions } from "streamine/algorithms";

type Row = { x: readonly number[]; y: number };

/** A noiseless linear stream: x ~ N(0, 1)³, y = 2·x₀ − 3·x₁ + 0.5·x₂ + 1. */
const TRUE_W = [2, -3, 0.5];
const TRUE_B = 1;
function linearStream(seed: number, n: number): Row[] {
  const r = new Random(seed);
  const out: Row[] = [];
  for (let i = 0; i < n; i++) {
    const x = [r.nextGaussian(), r.nextGaussian(), r.nextGaussian()];
    out.push({ x, y: TRUE_B + TRUE_W.reduce((s, w, j) => s + w * (x[j] as number), 0) });
  }
  return out;
}

function maxError(m: LinearRegression): number {
  const w = m.coefficients;
  return Math.max(Math.abs(m.bias - TRUE_B), ...TRUE_W.map((t, j) => Math.abs((w[j] as number) - t)));
}

describe("LinearRegression", () => {
  it("with SGD converges to the true weights of a noiseless linear stream (max error ≤ 1e-9)", () => {
    // The stream is realisable, so constant-step SGD contracts the error geometrically
    // (about (1 − 2·lr)ⁿ per weight): after 5,000 records at lr 0.02 it is far below 1e-9.
    const m = new LinearRegression({ optimizer: "sgd", learningRate: 0.02, interceptLr: 0.02 });
    for (const r of linearStream(1, 5_000)) m.learnOne(r.x, r.y);
    expect(maxError(m)).toBeLessThan(1e-9);
    expect(m.predictOne([1, 1, 1])).toBeCloseTo(0.5, 8);
  });

  it.each([
    ["adam", { optimizer: "adam", learningRate: 0.01, interceptLr: 0.05 }],
    ["adagrad", { optimizer: "adagrad", learningRate: 0.5, interceptLr: 0.05 }],
  ] as const)("with %s converges on the same stream (max error ≤ 1e-3)", (_name, options) => {
    // Adam's steps stay near lr in size until the moments settle, so its tolerance is looser.
    const m = new LinearRegression(options);
    for (const r of linearStream(2, 20_000)) m.learnOne(r.x, r.y);
    expect(maxError(m)).toBeLessThan(1e-3);
  });

  it("answers the initial intercept before learning, without fixing the dimension", () => {
    expect(new LinearRegression().predictOne([1, 2])).toBe(0);
    const m = new LinearRegression({ interceptInit: 4 });
    expect(m.predictOne([1, 2])).toBe(4);
    m.learnOne([1, 2, 3], 0); // the dimension is fixed by learning, not by predicting
    expect(() => m.predictOne([1, 2])).toThrow("LinearRegression.predictOne: x has 2 features, expected 3");
  });

  it("takes River's SGD step, hand-checked: loss gradient 2·(ŷ − y), intercept with its own rate", () => {
    const m = new LinearRegression({ learningRate: 0.1, interceptLr: 0.5 });
    m.learnOne([1, 2], 1); // ŷ = 0, g = −2: w = −0.1·[1, 2]·(−2) = [0.2, 0.4], b = −0.5·(−2) = 1
    expect([...m.coefficients]).toEqual([0.2, 0.4]);
    expect(m.bias).toBe(1);
    m.learnOne([1, 0], 0); // ŷ = 1.2, g = 2.4: w₀ = 0.2 − 0.24, b = 1 − 1.2
    expect(m.coefficients[0]).toBeCloseTo(-0.04, 15);
    expect(m.coefficients[1]).toBe(0.4);
    expect(m.bias).toBeCloseTo(-0.2, 15);
  });

  it("clips the loss gradient to ±clipGradient", () => {
    const m = new LinearRegression({ learningRate: 0.1, interceptLr: 0.1, clipGradient: 0.5 });
    m.learnOne([2], 100); // g = −200 clipped to −0.5: w = 0.1·2·0.5, b = 0.1·0.5
    expect(m.coefficients[0]).toBeCloseTo(0.1, 15);
    expect(m.bias).toBeCloseTo(0.05, 15);
  });

  it("adds l2·w to each weight's gradient", () => {
    const m = new LinearRegression({ learningRate: 0.1, interceptLr: 0, l2: 1 });
    m.learnOne([1], 1); // w = 0.2 (the penalty of w = 0 is 0)
    m.learnOne([0], 0); // x = 0, ŷ = 0: only the penalty: w = 0.2 − 0.1·0.2
    expect(m.coefficients[0]).toBeCloseTo(0.18, 15);
  });

  it("applies River's cumulative L1 penalty after the step, never crossing 0", () => {
    const m = new LinearRegression({ learningRate: 0.1, interceptLr: 0, l1: 0.5 });
    m.learnOne([1], 1); // step to 0.2, then owed 0.5·0.1 = 0.05: w = 0.15
    expect(m.coefficients[0]).toBeCloseTo(0.15, 15);
    m.learnOne([0], 0); // no gradient; owed 0.1 in total, 0.05 already paid: w = 0.1
    expect(m.coefficients[0]).toBeCloseTo(0.1, 15);
    for (let i = 0; i < 5; i++) m.learnOne([0], 0);
    expect(m.coefficients[0]).toBe(0); // clamped at 0, not pushed past it
  });

  it("takes Adam's bias-corrected first step of size ≈ learningRate against the gradient", () => {
    const m = new LinearRegression({ optimizer: "adam", learningRate: 0.1, interceptLr: 0 });
    // g = −2: m = −0.2, v = 0.004, lrₜ = 0.1·√0.001/0.1; River adds eps to √v before the bias
    // correction, so the step is 0.1·s/(s + 1e-8) with s = √0.004, not exactly 0.1.
    m.learnOne([1], 1);
    const s = Math.sqrt(0.004);
    expect(m.coefficients[0]).toBeCloseTo((0.1 * s) / (s + 1e-8), 14);
  });

  it("takes AdaGrad's first step lr·g/√(g² + eps)", () => {
    const m = new LinearRegression({ optimizer: "adagrad", learningRate: 0.1, interceptLr: 0 });
    m.learnOne([3], 0.5); // g = 3·2·(0 − 0.5) = −3: step 0.1·3/√9
    expect(m.coefficients[0]).toBeCloseTo(0.1, 8);
  });

  const optimizers: LinearRegressionOptions[] = [
    { optimizer: "sgd", learningRate: 0.02, l2: 0.01 },
    { optimizer: "adam", learningRate: 0.05, l1: 0.001 },
    { optimizer: "adagrad", learningRate: 0.1, clipGradient: 1 },
  ];
  it.each(optimizers)("learnMany equals a loop of learnOne exactly (%o)", (options) => {
    const rows = linearStream(3, 300);
    const one = new LinearRegression(options);
    const many = new LinearRegression(options);
    for (const r of rows.slice(0, 100)) one.learnOne(r.x, r.y);
    many.learnMany(rows.slice(0, 100).map((r) => r.x), rows.slice(0, 100).map((r) => r.y));
    for (let b = 100; b < 300; b += 50) {
      const batch = rows.slice(b, b + 50);
      for (const r of batch) one.learnOne(r.x, r.y);
      many.learnMany(batch.map((r) => r.x), batch.map((r) => r.y));
      for (const r of batch) expect(Object.is(one.predictOne(r.x), many.predictOne(r.x))).toBe(true);
    }
    expect(many.snapshot()).toEqual(one.snapshot());
  });

  it("learnMany validates every record before learning any", () => {
    const m = new LinearRegression();
    m.learnOne([1, 2], 3);
    const before = m.snapshot();
    expect(() => m.learnMany([[1, 2], [3, 4], [5, 6], [7, NaN]], [1, 2, 3, 4])).toThrow(/LinearRegression\.learnMany \(record X\[3\]\): x\[1\] must be a finite number/);
    expect(() => m.learnMany([[1, 2], [3, 4]], [1, Infinity])).toThrow("LinearRegression.learnMany: y[1] must be a finite number");
    expect(() => m.learnMany([[1, 2], [3, 4]], [1])).toThrow(EstimatorInputError);
    expect(m.snapshot()).toEqual(before);
    const fresh = new LinearRegression();
    expect(() => fresh.learnMany([[1, 2], [3]], [1, 2])).toThrow("x has 1 feature, expected 2");
    expect(fresh.snapshot()).toEqual(new LinearRegression().snapshot());
  });

  it("rejects bad options naming the constructor, the option and the allowed range", () => {
    const bad: [LinearRegressionOptions, string][] = [
      [{ learningRate: 0 }, "option learningRate must be a finite number > 0"],
      [{ interceptLr: -1 }, "option interceptLr must be a finite number ≥ 0"],
      [{ optimizer: "rmsprop" as "sgd" }, 'option optimizer must be "sgd", "adam" or "adagrad"'],
      [{ l1: 0.1, l2: 0.1 }, "option l1 must be 0 when l2 is set"],
      [{ clipGradient: Infinity }, "option clipGradient must be a finite number > 0"],
      [{ beta1: 1 }, "option beta1 must be in [0, 1)"],
    ];
    for (const [options, message] of bad) {
      expect(() => new LinearRegression(options)).toThrow(EstimatorConfigError);
      expect(() => new LinearRegression(options)).toThrow(`LinearRegression.constructor: ${message}`);
    }
    expect(() => new LinearRegression({ lr: 0.1 } as LinearRegressionOptions)).toThrow('unknown option "lr"');
  });

  it("fills in the documented defaults", () => {
    expect(new LinearRegression().options).toEqual({
      optimizer: "sgd", learningRate: 0.01, interceptLr: 0.01, interceptInit: 0, l1: 0, l2: 0,
      clipGradient: 1e12, beta1: 0.9, beta2: 0.999, eps: 1e-8,
    });
  });

  it("restores Adam's moments and step count: identical predictions after restore", () => {
    const rows = linearStream(4, 400);
    const m = new LinearRegression({ optimizer: "adam", learningRate: 0.05 });
    for (const r of rows.slice(0, 200)) m.learnOne(r.x, r.y);
    const copy = LinearRegression.restore(m.snapshot());
    for (const r of rows.slice(200)) {
      m.learnOne(r.x, r.y);
      copy.learnOne(r.x, r.y);
      expect(Object.is(copy.predictOne(r.x), m.predictOne(r.x))).toBe(true);
    }
  });
});
