import { quantileSeq } from "mathjs";
import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError, Random } from "streamine/algorithms";
import { EWZScore } from "../../../algorithms/anomaly/ew-z-score.js";
import { DSPOT } from "../../../algorithms/anomaly/thresholds/dspot.js";
import { QuantileFilter } from "../../../algorithms/anomaly/thresholds/quantile-filter.js";
import { SPOT } from "../../../algorithms/anomaly/thresholds/spot.js";
import type { Thresholder } from "../../../algorithms/anomaly/thresholds/thresholder.js";
import { SnapshotWriter } from "../../../algorithms/base/snapshot.js";

describe("QuantileFilter", () => {
  it("thresholds at the q-quantile of the last windowSize learned values (mathjs), with flagged scores clipped to it", () => {
    for (const protect of [true, false]) {
      const f = new QuantileFilter({ q: 0.9, windowSize: 50, protect });
      const learned: number[] = [];
      const r = new Random(8);
      for (let i = 0; i < 500; i++) {
        const s = r.next() < 0.05 ? 10 + 10 * r.next() : r.next();
        const want = learned.length < 50 ? Infinity : (quantileSeq(learned.slice(-50), 0.9) as number);
        expect(f.threshold).toBeCloseTo(want, 12);
        expect(f.isAnomaly(s)).toBe(s >= want);
        learned.push(protect && s >= want ? want : s);
        f.learnOne(s);
      }
    }
  });

  it("with protect, does not learn an anomaly's value: a huge flagged score leaves the state a score at the threshold leaves", () => {
    const f = new QuantileFilter({ q: 0.95, windowSize: 100, protect: true });
    const r = new Random(9);
    for (let i = 0; i < 300; i++) f.learnOne(r.next());
    const g = QuantileFilter.restore(f.snapshot());
    f.learnOne(1e9);
    g.learnOne(g.threshold);
    expect(f.snapshot()).toEqual(g.snapshot());
    // a burst of anomalies does not carry the threshold up to them
    const before = f.threshold;
    for (let i = 0; i < 50; i++) f.learnOne(1000 + i);
    expect(f.threshold).toBeLessThan(2 * before);
  });

  it("keeps a detector from learning a burst of anomalies when it learns only unflagged records (protect on)", () => {
    // 10 anomalies in 100 records, more than the 2 % of a window of 200 above q = 0.98: without protect the
    // threshold would climb to their scores after the fourth, and the detector would learn the rest
    const detector = new EWZScore({ fading: 0.1 });
    const unprotected = new EWZScore({ fading: 0.1 });
    const filter = new QuantileFilter({ q: 0.98, windowSize: 200, protect: true });
    const r = new Random(10);
    for (let i = 0; i < 1000; i++) {
      const x = [i >= 900 && i % 10 === 0 ? 50 : r.nextGaussian()];
      const score = detector.scoreOne(x);
      if (!filter.isAnomaly(score)) detector.learnOne(x);
      filter.learnOne(score);
      unprotected.learnOne(x);
    }
    expect(detector.scoreOne([0])).toBeLessThan(1); // its mean and variance never saw a 50
    expect(unprotected.scoreOne([50])).toBeLessThan(detector.scoreOne([50]) / 5);
  });
});

const thresholders = [
  ["QuantileFilter", QuantileFilter],
  ["SPOT", SPOT],
  ["DSPOT", DSPOT],
] as const;

describe.each(thresholders)("%s as a thresholder (the contract suite's checks, on scores)", (name, Cls) => {
  const settings = [undefined, ...Cls.testParams];
  const scores = (seed: number, n: number): number[] => {
    const r = new Random(seed);
    return Array.from({ length: n }, () => (r.next() < 0.01 ? 20 : 0) - Math.log(1 - r.next()));
  };
  const run = (t: Thresholder, xs: readonly number[]): boolean[] =>
    xs.map((s) => {
      const a = t.isAnomaly(s);
      t.learnOne(s);
      return a;
    });

  it.each(settings.map((p) => [JSON.stringify(p) ?? "defaults", p] as const))("%s: options round-trip, snapshot mid-stream restores identical decisions and bytes", (_n, params) => {
    const t = new Cls(params as never);
    expect(Object.isFrozen(t.options)).toBe(true);
    expect(new Cls(t.options as never).snapshot()).toEqual(t.snapshot());
    const xs = scores(1, 3000);
    run(t, xs.slice(0, 1500));
    const bytes = t.snapshot();
    const u = Cls.restore(bytes);
    expect(u.snapshot()).toEqual(bytes);
    expect(run(u, xs.slice(1500))).toEqual(run(t, xs.slice(1500)));
    expect(u.snapshot()).toEqual(t.snapshot());
    expect(u.threshold).toBe(t.threshold);
  });

  it("rejects non-finite scores naming Class.method, and keeps its state; refuses other bytes", () => {
    const t = new Cls();
    run(t, scores(2, 100));
    const before = t.snapshot();
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(() => t.learnOne(bad)).toThrow(EstimatorInputError);
      expect(() => t.learnOne(bad)).toThrow(`${name}.learnOne`);
      expect(() => t.isAnomaly(bad)).toThrow(`${name}.isAnomaly`);
    }
    expect(t.snapshot()).toEqual(before);
    expect(() => Cls.restore(new SnapshotWriter("SomeOtherModel", 1, {}).finish())).toThrow(/SomeOtherModel.*not a .*snapshot/);
    const future = before.slice();
    future[4 + 1 + name.length] = 250;
    expect(() => Cls.restore(future)).toThrow(new RegExp(`${name} snapshot version \\d+ is not supported`));
    expect(() => new Cls({ q: 2 } as never)).toThrow(EstimatorConfigError);
  });
});
