import { describe, expect, it } from "vitest";
import { ADWIN, DDM, EDDM, EstimatorConfigError, HDDM_A, HDDM_W, Random } from "streamine/algorithms";

/** Exact statistics of the last `w` values, recomputed from scratch (the oracle for ADWIN's buckets). */
function tail(values: readonly number[], w: number): { total: number; variance: number } {
  const last = values.slice(values.length - w);
  const mean = last.reduce((s, v) => s + v, 0) / w;
  return { total: last.reduce((s, v) => s + v, 0), variance: last.reduce((s, v) => s + (v - mean) ** 2, 0) / w };
}

describe("ADWIN", () => {
  it.each([
    [{}, 1],
    [{ clock: 1 }, 2],
    [{ maxBuckets: 1, minWindowLength: 2, clock: 3 }, 3],
    [{ maxBuckets: 2, delta: 0.1, clock: 1 }, 4],
  ] as const)("keeps width, total and variance equal to those of the last `width` values (%j)", (options, seed) => {
    const r = new Random(seed);
    const d = new ADWIN(options);
    let since: number[] = [];
    for (let i = 0; i < 3_000; i++) {
      if (d.drift) since = []; // the update after a detection starts afresh (River)
      const x = (i < 1_500 ? 0 : 3) + r.nextGaussian();
      d.update(x);
      since.push(x);
      expect(d.width).toBeLessThanOrEqual(since.length);
      const exact = tail(since, d.width);
      expect(d.total).toBeCloseTo(exact.total, 8);
      expect(d.variance).toBeCloseTo(exact.variance, 8);
      expect(d.estimation).toBeCloseTo(exact.total / d.width, 10);
    }
    expect(d.nDetections).toBeGreaterThan(0);
  });

  it("keeps the whole stationary stream when no change is found, and answers 0 before any update", () => {
    const d = new ADWIN();
    expect([d.estimation, d.width, d.variance, d.nDetections, d.drift]).toEqual([0, 0, 0, 0, false]);
    for (let i = 0; i < 1_000; i++) d.update(i % 2);
    expect(d.width).toBe(1_000);
    expect(d.estimation).toBe(0.5);
    expect(d.variance).toBeCloseTo(0.25, 12);
  });

  it("checks for a change only every `clock` updates and only past the grace period", () => {
    const d = new ADWIN({ clock: 10, gracePeriod: 100, minWindowLength: 1 });
    const found: number[] = [];
    for (let i = 0; i < 400; i++) {
      d.update(i < 60 ? 0 : 100);
      if (d.drift) found.push(i);
    }
    // The jump at 60 is glaring, but the first check with width > 100 is after update 110 (index 109).
    expect(found[0]).toBe(109);
    // Each detection restarts the tick count, so every later check also falls on an index ≡ 9 (mod 10).
    expect(found.every((i) => i % 10 === 9)).toBe(true);
  });

  it("names the bad option and its allowed range", () => {
    expect(() => new ADWIN({ delta: 0 })).toThrow(EstimatorConfigError);
    expect(() => new ADWIN({ delta: 1 })).toThrow(/ADWIN\.constructor: option delta must be in \(0, 1\)/);
    expect(() => new ADWIN({ clock: 0 })).toThrow(/clock/);
    expect(() => new ADWIN({ maxBuckets: 1.5 })).toThrow(/maxBuckets/);
    expect(() => new ADWIN({ minWindowLength: 0 })).toThrow(/minWindowLength/);
    expect(() => new ADWIN({ gracePeriod: -1 })).toThrow(/gracePeriod/);
  });
});

describe("binary detectors", () => {
  it("DDM warns before it detects on a slow rise of the error rate, and never flags both at once", () => {
    const r = new Random(7);
    const d = new DDM();
    let firstWarning = -1;
    let firstDrift = -1;
    for (let i = 0; i < 6_000; i++) {
      const p = i < 2_000 ? 0.1 : 0.1 + (0.4 * (i - 2_000)) / 4_000; // gradual drift from 2,000
      d.update(r.next() < p ? 1 : 0);
      expect(d.warning && d.drift).toBe(false);
      if (i < 2_000) continue;
      if (d.warning && firstWarning < 0) firstWarning = i;
      if (d.drift && firstDrift < 0) firstDrift = i;
    }
    expect(firstWarning).toBeGreaterThanOrEqual(2_000);
    expect(firstDrift).toBeGreaterThan(firstWarning);
  });

  it("DDM flags the first error after an error-free run as a change (s_min = 0), as River and MOA do", () => {
    const d = new DDM();
    for (let i = 0; i < 100; i++) d.update(0);
    expect(d.drift).toBe(false);
    d.update(1);
    expect(d.drift).toBe(true);
  });

  it.each([
    ["DDM", () => new DDM()],
    ["EDDM", () => new EDDM()],
    ["HDDM_A", () => new HDDM_A()],
    ["HDDM_W", () => new HDDM_W()],
  ] as const)("%s reads any nonzero value as an error", (_name, make) => {
    const a = make();
    const b = make();
    const r = new Random(3);
    for (let i = 0; i < 3_000; i++) {
      const e = r.next() < (i < 1_500 ? 0.1 : 0.6);
      a.update(e ? 1 : 0);
      b.update(e ? -2.5 : 0);
      expect(b.drift).toBe(a.drift);
      expect(b.warning).toBe(a.warning);
    }
  });

  it("HDDM_A and HDDM_W detect a fall of the error rate only when two-sided", () => {
    for (const make of [(two: boolean) => new HDDM_A({ twoSidedTest: two }), (two: boolean) => new HDDM_W({ twoSidedTest: two })]) {
      const one = make(false);
      const two = make(true);
      const r = new Random(11);
      let oneFound = false;
      let twoFound = false;
      for (let i = 0; i < 3_000; i++) {
        const x = r.next() < (i < 1_500 ? 0.6 : 0.1) ? 1 : 0;
        one.update(x);
        two.update(x);
        if (i >= 1_500 && one.drift) oneFound = true;
        if (i >= 1_500 && two.drift) twoFound = true;
      }
      expect(oneFound).toBe(false);
      expect(twoFound).toBe(true);
    }
  });

  it("rejects inconsistent thresholds, naming the class", () => {
    expect(() => new DDM({ warningThreshold: 3, driftThreshold: 2 })).toThrow(/DDM\.constructor: option driftThreshold/);
    expect(() => new EDDM({ alpha: 0.8, beta: 0.9 })).toThrow(/EDDM\.constructor: option beta/);
    expect(() => new HDDM_A({ driftConfidence: 0.01, warningConfidence: 0.001 })).toThrow(/HDDM_A\.constructor: option warningConfidence/);
    expect(() => new HDDM_W({ lambda: 1 })).toThrow(/HDDM_W\.constructor: option lambda/);
  });
});
