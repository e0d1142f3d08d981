import { describe, expect, it } from "vitest";
import { conceptDrift, friedmanStream, hyperplaneStream, seaStream, type SyntheticSample } from "streamine/datasets";

const friedman1 = (v: readonly number[]): number => {
  const [a, b, c, d, e] = v as [number, number, number, number, number];
  return 10 * Math.sin(Math.PI * a * b) + 20 * (c - 0.5) ** 2 + 10 * d + 5 * e;
};

describe("seaStream", () => {
  it("labels x0 + x1 ≤ θ for each variant's θ, features in [0, 10]", () => {
    [8, 9, 7, 9.5].forEach((theta, variant) => {
      for (const s of seaStream({ seed: variant, count: 2000, variant })) {
        expect(s.y).toBe(s.x[0]! + s.x[1]! <= theta);
        expect(s.x.every((v) => v >= 0 && v < 10)).toBe(true);
      }
    });
  });

  it("flips about `noise` of the labels", () => {
    const samples = [...seaStream({ seed: 3, count: 20000, noise: 0.1 })];
    const flipped = samples.filter((s) => s.y !== s.x[0]! + s.x[1]! <= 8).length / samples.length;
    expect(Math.abs(flipped - 0.1)).toBeLessThan(0.01); // 4.7 binomial standard deviations
  });

  it("rejects bad options by name", () => {
    expect(() => seaStream({ variant: 4 })).toThrow("seaStream: variant must be 0, 1, 2 or 3, got 4");
    expect(() => seaStream({ noise: 2 })).toThrow("seaStream: noise must be a number in [0, 1], got 2");
    expect(() => seaStream({ thresold: 1 } as never)).toThrow('seaStream: unknown option "thresold"');
  });
});

describe("hyperplaneStream", () => {
  it("without noise or drift the labels are monotone in x (all weights start ≥ 0)", () => {
    const s = [...hyperplaneStream({ seed: 2, count: 3000, features: 3, noise: 0 })];
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      for (let j = 0; j < s.length; j++) {
        const a = s[i]!;
        const b = s[j]!;
        if (a.x.every((v, t) => v <= b.x[t]!)) {
          compared++;
          if (a.y) expect(b.y).toBe(true);
        }
      }
    }
    expect(compared).toBeGreaterThan(10000);
  });

  it("drifts: the same points get labels that disagree more and more with the starting plane", () => {
    const fixed = [...hyperplaneStream({ seed: 4, count: 20000, noise: 0, sigma: 0 })];
    const drifting = [...hyperplaneStream({ seed: 4, count: 20000, noise: 0, sigma: 0, magChange: 0.0001 })];
    expect(drifting.map((s) => s.x)).toEqual(fixed.map((s) => s.x)); // sigma 0: no extra draws
    const disagreement = (from: number, to: number): number => {
      let n = 0;
      for (let i = from; i < to; i++) if (fixed[i]!.y !== drifting[i]!.y) n++;
      return n / (to - from);
    };
    expect(disagreement(0, 1000)).toBeLessThan(0.02);
    expect(disagreement(19000, 20000)).toBeGreaterThan(0.1);
  });
});

describe("friedmanStream", () => {
  it("variant 0 depends on x0…x4, variant 1 on x5…x9", () => {
    for (const s of friedmanStream({ seed: 1, count: 500, noise: 0 })) expect(s.y).toBeCloseTo(friedman1(s.x), 12);
    for (const s of friedmanStream({ seed: 1, count: 500, noise: 0, variant: 1 })) expect(s.y).toBeCloseTo(friedman1(s.x.slice(5)), 12);
  });

  it("adds Gaussian noise of the given standard deviation", () => {
    const residuals = [...friedmanStream({ seed: 6, count: 20000, noise: 2 })].map((s) => s.y - friedman1(s.x));
    const mean = residuals.reduce((a, b) => a + b, 0) / residuals.length;
    const sd = Math.sqrt(residuals.reduce((a, b) => a + (b - mean) ** 2, 0) / residuals.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(sd - 2)).toBeLessThan(0.05);
  });
});

describe("conceptDrift", () => {
  const sea = (count: number): Iterable<SyntheticSample<boolean>>[] => [0, 1, 2, 3].map((variant) => seaStream({ seed: 10 + variant, count, variant }));

  it("abrupt: concept ⌊i / every⌋, the last one staying; each concept's samples in its own order", () => {
    const samples = [...conceptDrift(sea(5000), { count: 5000, every: 1000 })];
    samples.forEach((s, i) => expect(s.concept).toBe(Math.min(3, Math.floor(i / 1000))));
    const own = [...seaStream({ seed: 13, count: 5000, variant: 3 })];
    const drawn = samples.filter((s) => s.concept === 3);
    expect(drawn.map((s) => s.x)).toEqual(own.slice(0, drawn.length).map((s) => s.x));
    for (const s of samples) expect(s.y).toBe(s.x[0]! + s.x[1]! <= [8, 9, 7, 9.5][s.concept]!);
  });

  it("recurring: cycles back to concept 0", () => {
    const samples = [...conceptDrift(sea(3000), { count: 6000, every: 500, kind: "recurring" })];
    expect([0, 500, 1000, 1500, 2000, 2500].map((i) => samples[i]!.concept)).toEqual([0, 1, 2, 3, 0, 1]);
  });

  it("gradual: the new concept's share follows the sigmoid around each change point", () => {
    const samples = [...conceptDrift(sea(8000), { count: 8000, every: 2000, width: 400, kind: "gradual" })];
    const share = (from: number, to: number, concept: number): number => samples.slice(from, to).filter((s) => s.concept === concept).length / (to - from);
    expect(share(1000, 1500, 1)).toBeLessThan(0.02); // 1/(1+e^4) at 1600 is 1.8 %
    expect(Math.abs(share(1900, 2100, 1) - 0.5)).toBeLessThan(0.12);
    expect(share(2500, 3000, 1)).toBeGreaterThan(0.98);
    expect(share(3900, 4100, 2) + share(3900, 4100, 1)).toBe(1); // only neighbours mix
  });

  it("is deterministic for the same seeds", () => {
    const a = [...conceptDrift(sea(4000), { count: 4000, kind: "gradual", width: 300, seed: 5 })];
    const b = [...conceptDrift(sea(4000), { count: 4000, kind: "gradual", width: 300, seed: 5 })];
    const c = [...conceptDrift(sea(4000), { count: 4000, kind: "gradual", width: 300, seed: 6 })];
    expect(b).toEqual(a);
    expect(c.map((s) => s.concept)).not.toEqual(a.map((s) => s.concept));
  });

  it("names a concept that runs out, and bad options", () => {
    expect(() => [...conceptDrift(sea(100), { count: 1000 })]).toThrow("conceptDrift: concept 0 ended after 100 samples");
    expect(() => conceptDrift([], {})).toThrow("conceptDrift: concepts must be a non-empty array");
    expect(() => conceptDrift(sea(10), { kind: "sudden" as never })).toThrow('kind must be "abrupt", "gradual" or "recurring", got sudden');
  });
});
