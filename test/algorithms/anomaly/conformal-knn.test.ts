import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BestUnivariateDetector,
  ConformalKNN,
  type ConformalKNNOptions,
  EstimatorConfigError,
  EstimatorInputError,
  Random,
} from "streamine/algorithms";
import { plantedStream, prequentialAuc } from "./planted.js";

type Options = Required<ConformalKNNOptions>;

/**
 * ConformalKNN's @remarks on plain arrays: every record learned is kept, shingles are rebuilt and
 * every distance recomputed per score, and each channel's calibration is an unbounded list of
 * which the last calibrationSize are ranked against.
 *
 * Sums run in the natural order (records oldest first, features in order, the k smallest
 * ascending). The rank rule compares with a strict `<`, so a nonconformity one ulp off would move
 * a score by a whole rank: summing in the order anyone would write keeps the comparison meaningful.
 */
class Reference {
  readonly records: number[][] = [];
  readonly calibration: number[][];
  restLeft = 0;

  constructor(private readonly o: Options) {
    this.calibration = o.shingleSizes.map(() => []);
  }

  /** 1 / population variance of each feature over the records learned (1 when constant or not standardizing). */
  private weights(d: number): number[] {
    const n = this.records.length;
    return Array.from({ length: d }, (_, f) => {
      if (!this.o.standardize || n === 0) return 1;
      let sum = 0;
      let squares = 0;
      for (const r of this.records) {
        sum += r[f] as number;
        squares += (r[f] as number) * (r[f] as number);
      }
      const mean = sum / n;
      const variance = squares / n - mean * mean;
      return variance > 1e-12 * (1 + mean * mean) ? 1 / variance : 1;
    });
  }

  /**
   * Sum of the k smallest squared distances from the shingle ending at x to the shingles ending in
   * the last windowSize records; null while there is no current shingle or the window holds fewer
   * than warmUp shingles — and never fewer than k + 1 (the option's "(at least k + 1)").
   */
  private nonconformity(s: number, x: readonly number[], w: readonly number[]): number | null {
    const { records, o } = this;
    const n = records.length;
    if (n < s - 1) return null;
    const current = [...records.slice(n - (s - 1)), x];
    const distances: number[] = [];
    for (let end = Math.max(s - 1, n - o.windowSize); end < n; end++) {
      let acc = 0;
      for (let p = 0; p < s; p++) {
        const ref = records[end - s + 1 + p] as number[];
        const cur = current[p] as readonly number[];
        for (let f = 0; f < x.length; f++) {
          const e = (ref[f] as number) - (cur[f] as number);
          acc += (w[f] as number) * e * e;
        }
      }
      distances.push(acc);
    }
    if (distances.length < Math.max(o.k + 1, o.warmUp)) return null;
    distances.sort((a, b) => a - b);
    let sum = 0;
    for (let i = 0; i < o.k; i++) sum += distances[i] as number;
    return sum;
  }

  /** The un-rested score and each channel's nonconformity (null: not computed). */
  private evaluate(x: readonly number[]): { raw: number; alphas: (number | null)[] } {
    const w = this.weights(x.length);
    const m = this.o.shingleSizes.length;
    const alphas = this.o.shingleSizes.map((s) => this.nonconformity(s, x, w));
    let minComplement = 1;
    let scored = false;
    alphas.forEach((a, c) => {
      const cal = (this.calibration[c] as number[]).slice(-this.o.calibrationSize);
      if (a === null || cal.length === 0) return;
      scored = true;
      const n = cal.length;
      const below = cal.filter((v) => v < a).length;
      const max = Math.max(...cal);
      const score = below === n ? 1 - max / a / (n + 1) : below / (n + 1);
      minComplement = Math.min(minComplement, 1 - score);
    });
    return { raw: scored ? Math.max(0, 1 - m * minComplement) : 0, alphas };
  }

  score(x: readonly number[]): number {
    const { raw } = this.evaluate(x);
    return this.restLeft > 0 ? raw * this.o.restScale : raw;
  }

  learn(x: readonly number[]): void {
    const { raw, alphas } = this.evaluate(x);
    alphas.forEach((a, c) => {
      if (a !== null) (this.calibration[c] as number[]).push(a);
    });
    this.records.push([...x]);
    if (this.restLeft > 0) this.restLeft--;
    else if (raw >= this.o.alarmLevel && this.o.restPeriod > 0) this.restLeft = this.o.restPeriod;
  }
}

/** Small options with every knob in play; k and warmUp drawn within the window. */
const smallOptions: fc.Arbitrary<Options> = fc
  .record({
    shingleSizes: fc.shuffledSubarray([1, 2, 3, 4], { minLength: 1 }),
    windowSize: fc.integer({ min: 3, max: 15 }),
    calibrationSize: fc.integer({ min: 1, max: 12 }),
    restPeriod: fc.integer({ min: 0, max: 5 }),
    // Round levels are hit exactly by ranks over small n (1/2, 3/4, 4/5…): the ≥ boundary is exercised.
    alarmLevel: fc.oneof(fc.constantFrom(0.5, 0.75, 0.8, 0.9, 1), fc.double({ min: 0.05, max: 1, noNaN: true })),
    restScale: fc.oneof(fc.constantFrom(0.5, 1), fc.double({ min: 0.01, max: 1, noNaN: true })),
    standardize: fc.boolean(),
  })
  .chain((o) =>
    fc
      .record({ k: fc.integer({ min: 1, max: o.windowSize - 1 }), warmUp: fc.integer({ min: 1, max: o.windowSize }) })
      .map((kw) => ({ ...o, ...kw })),
  );

/** 0..80 records of d = 1..3 features from a small integer set: ties and equal distances are common. */
const smallStream: fc.Arbitrary<number[][]> = fc
  .integer({ min: 1, max: 3 })
  .chain((d) => fc.array(fc.array(fc.constantFrom(0, 0, 1, 1, 2, 3, -2, 9), { minLength: d, maxLength: d }), { maxLength: 80, size: "max" }));

const RUNS = { numRuns: 100 };

/** Snapshot bytes as hex: compared as one string, much faster than element-wise and still a readable diff. */
const bytes = (det: ConformalKNN): string => Buffer.from(det.snapshot()).toString("hex");

function scores(det: ConformalKNN, records: readonly (readonly number[])[]): number[] {
  return records.map((x) => {
    const s = det.scoreOne(x);
    det.learnOne(x);
    return s;
  });
}

describe("ConformalKNN", () => {
  it("equals a brute-force reference of its remarks before every record (100 random settings and streams)", () => {
    let positive = 0;
    let rested = 0;
    let multiChannel = 0;
    fc.assert(
      fc.property(smallOptions, smallStream, (options, stream) => {
        const det = new ConformalKNN(options);
        const ref = new Reference(det.options);
        stream.forEach((x, i) => {
          const want = ref.score(x);
          const got = det.scoreOne(x);
          expect(Math.abs(got - want), `record ${i}: got ${got}, want ${want}`).toBeLessThanOrEqual(1e-12);
          if (want > 0) positive++;
          if (want > 0 && ref.restLeft > 0 && options.restScale < 1) rested++;
          if (want > 0 && options.shingleSizes.length > 1) multiChannel++;
          det.learnOne(x);
          ref.learn(x);
        });
      }),
      RUNS,
    );
    // The generators reach the interesting paths, not only cold starts.
    expect(positive).toBeGreaterThan(100);
    expect(rested).toBeGreaterThan(10);
    expect(multiChannel).toBeGreaterThan(50);
  });

  it("hand-checked: the rank rule, the beyond-max rule and a rest period (k = 1, one channel)", () => {
    const det = new ConformalKNN({ shingleSizes: [1], windowSize: 3, calibrationSize: 2, k: 1, warmUp: 2, restPeriod: 1, alarmLevel: 0.9, restScale: 0.5 });
    det.learnOne([0]);
    det.learnOne([1]); // window {0, 1}: the channel computes from now on, nothing calibrated yet
    expect(det.scoreOne([5])).toBe(0);
    det.learnOne([3]); // α = 4 (to 1): calibration [4]
    // window {0, 1, 3}: α(2) = 1, and none of [4] lies below it: 0 / 2
    expect(det.scoreOne([2])).toBe(0);
    // α(8) = 25 > 4: beyond the max, 1 − (4 / 25) / 2 = 0.92
    expect(det.scoreOne([8])).toBeCloseTo(0.92, 15);
    det.learnOne([8]); // raw 0.92 ≥ 0.9: the next score is rested; calibration [4, 25]
    // window {1, 3, 8}: α(6) = 4, below it none of [4, 25] (strict): 0; α(20) = 144 beyond 25: 1 − (25 / 144) / 3, halved
    expect(det.scoreOne([6])).toBe(0);
    expect(det.scoreOne([20])).toBeCloseTo(0.5 * (1 - 25 / 144 / 3), 15);
    det.learnOne([2]); // α = 1; the rest ends: calibration [25, 1]
    // window {3, 8, 2}: α(5) = 4, above 1 only: 1 / 3, not rested
    expect(det.scoreOne([5])).toBeCloseTo(1 / 3, 15);
  });

  it("Bonferroni: 1 − m·min(1 − sᵢ) over the scoring channels with m all channels, floored at 0", () => {
    // After 3 records shingle 1 scores (2 reference shingles, 1 calibrated); shingle 3 has 1 reference shingle and does not.
    const both = new ConformalKNN({ shingleSizes: [1, 3], windowSize: 4, calibrationSize: 5, k: 1, warmUp: 2, restPeriod: 0 });
    const one = new ConformalKNN({ shingleSizes: [1], windowSize: 4, calibrationSize: 5, k: 1, warmUp: 2, restPeriod: 0 });
    for (const v of [0, 1, 3]) {
      both.learnOne([v]);
      one.learnOne([v]);
    }
    // one channel: α(2) = 1, calibration [4] → 0; α(9) = 36 → 1 − (4 / 36) / 2 = 17 / 18
    expect(one.scoreOne([9])).toBeCloseTo(17 / 18, 15);
    expect(both.scoreOne([9])).toBeCloseTo(1 - 2 * (1 - 17 / 18), 15);
    expect(both.scoreOne([2])).toBe(0); // 1 − 2·1 floored at 0
  });

  it("scoreOne changes no state, and learnOne after scoring other vectors equals learnOne alone", () => {
    fc.assert(
      fc.property(smallOptions, smallStream, fc.infiniteStream(fc.integer({ min: 0, max: 3 })), (options, stream, picks) => {
        const probed = new ConformalKNN(options);
        const plain = new ConformalKNN(options);
        const other = (x: readonly number[], salt: number): number[] => x.map((v, f) => v + ((salt + f) % 3) - 1);
        stream.forEach((x, i) => {
          const before = bytes(probed);
          const first = probed.scoreOne(x);
          expect(probed.scoreOne(x)).toBe(first);
          const pick = picks.next().value as number;
          // Score a different vector last, or x again, or nothing, before learning x. A restored
          // copy has no cached work: the other vector's score must not be x's cached one.
          if (pick >= 1) {
            const y = other(x, i);
            expect(probed.scoreOne(y)).toBe(ConformalKNN.restore(probed.snapshot()).scoreOne(y));
          }
          if (pick === 2) expect(probed.scoreOne([...x])).toBe(first);
          expect(bytes(probed), `record ${i}`).toBe(before);
          expect(plain.scoreOne(x)).toBe(first);
          probed.learnOne(x);
          plain.learnOne(x);
          expect(bytes(probed), `record ${i}`).toBe(bytes(plain));
        });
        const probe = stream[0]?.map((v) => v + 1) ?? [0];
        expect(probed.scoreOne(probe)).toBe(plain.scoreOne(probe));
      }),
      RUNS,
    );
  });

  it("a snapshot restored at any point scores the rest of a stream identically (random settings)", () => {
    fc.assert(
      fc.property(smallOptions, smallStream, fc.nat(), (options, stream, at) => {
        const cut = stream.length === 0 ? 0 : at % (stream.length + 1);
        const det = new ConformalKNN(options);
        scores(det, stream.slice(0, cut));
        const restored = ConformalKNN.restore(det.snapshot());
        expect(restored.options).toEqual(det.options);
        const rest = stream.slice(cut);
        expect(scores(restored, rest)).toEqual(scores(det, rest));
        expect(bytes(restored)).toBe(bytes(det));
      }),
      RUNS,
    );
  });

  it("restores mid rest period and with standardize: the rest of the stream scores the same, cut anywhere", () => {
    const options: Options = { shingleSizes: [1, 2], windowSize: 12, calibrationSize: 10, k: 2, warmUp: 4, restPeriod: 6, alarmLevel: 0.85, restScale: 0.5, standardize: true };
    const r = new Random(3);
    // Two features in different units, and a spike every 15 records to open rest periods.
    const stream = Array.from({ length: 90 }, (_, i) => [100 * r.nextGaussian() + (i % 15 === 14 ? 900 : 0), 0.01 * r.nextGaussian()]);
    const ref = new Reference(options);
    const want: number[] = [];
    const resting: boolean[] = [];
    for (const x of stream) {
      resting.push(ref.restLeft > 0);
      want.push(ref.score(x));
      ref.learn(x);
    }
    expect(resting.filter(Boolean).length).toBeGreaterThan(10);
    for (let cut = 0; cut <= stream.length; cut++) {
      const det = new ConformalKNN(options);
      scores(det, stream.slice(0, cut));
      const restored = ConformalKNN.restore(det.snapshot());
      const got = scores(restored, stream.slice(cut));
      expect(got, `cut at ${cut}${resting[cut] === true ? " (resting)" : ""}`).toEqual(scores(det, stream.slice(cut)));
      got.forEach((s, j) => expect(Math.abs(s - (want[cut + j] as number)), `cut ${cut}, record ${cut + j}`).toBeLessThanOrEqual(1e-12));
    }
  });

  // The shared planted stream (planted.ts): a slow sine (period ≈ 628) plus N(0, 1) noise, every 50th record pushed 6 to 10 away.
  it.each([
    ["its defaults", (): ConformalKNN => new ConformalKNN()],
    ["restPeriod 0", (): ConformalKNN => new ConformalKNN({ restPeriod: 0 })],
    ["BestUnivariateDetector", (): ConformalKNN => new BestUnivariateDetector()],
  ])("finds planted outliers with %s: ROC-AUC ≥ 0.9", (_, make) => {
    expect(prequentialAuc(make(), plantedStream(15, 5000))).toBeGreaterThanOrEqual(0.9);
  });

  it("BestUnivariateDetector is ConformalKNN with its defaults", () => {
    expect(BestUnivariateDetector).toBe(ConformalKNN);
    expect(new BestUnivariateDetector().options).toEqual({
      shingleSizes: [1, 2, 19],
      windowSize: 1200,
      calibrationSize: 1200,
      k: 10,
      warmUp: 50,
      restPeriod: 120,
      alarmLevel: 0.9965,
      restScale: 0.995,
      standardize: false,
    });
  });

  it("validates options, naming the option", () => {
    const bad: [ConformalKNNOptions, string][] = [
      [{ shingleSizes: [] }, "shingleSizes"],
      [{ shingleSizes: [1, 3, 1] }, "shingleSizes"],
      [{ shingleSizes: [1, 2.5] }, "shingleSizes"],
      [{ shingleSizes: [0] }, "shingleSizes"],
      [{ k: 0 }, "k"],
      [{ k: 5, windowSize: 5 }, "windowSize"],
      [{ k: 5, windowSize: 4, warmUp: 2 }, "windowSize"],
      [{ windowSize: 20, warmUp: 21 }, "warmUp"],
      [{ calibrationSize: 0 }, "calibrationSize"],
      [{ restPeriod: -1 }, "restPeriod"],
      [{ restScale: 0 }, "restScale"],
      [{ restScale: 1.5 }, "restScale"],
      [{ alarmLevel: 1.01 }, "alarmLevel"],
      [{ alarmLevel: 0 }, "alarmLevel"],
      [{ standardize: "yes" as unknown as boolean }, "standardize"],
      [{ standardize: 1 as unknown as boolean }, "standardize"],
    ];
    for (const [options, name] of bad) {
      const make = (): ConformalKNN => new ConformalKNN(options);
      expect(make, JSON.stringify(options)).toThrow(EstimatorConfigError);
      expect(make, JSON.stringify(options)).toThrow(new RegExp(`ConformalKNN.constructor: option ${name} `));
    }
    expect(() => new ConformalKNN({ window: 10 } as ConformalKNNOptions)).toThrow(/unknown option "window"/);
    // The edges of each range are allowed.
    expect(new ConformalKNN({ shingleSizes: [3, 1], k: 1, windowSize: 2, warmUp: 2, restScale: 1, alarmLevel: 1, restPeriod: 0 }).options.shingleSizes).toEqual([3, 1]);
  });

  it("rejects NaN and a wrong dimension with EstimatorInputError naming the method, changing nothing", () => {
    const det = new ConformalKNN({ shingleSizes: [1, 2], windowSize: 5, calibrationSize: 5, k: 1, warmUp: 2 });
    expect(() => det.scoreOne([NaN])).toThrow(/ConformalKNN\.scoreOne/);
    expect(() => det.learnOne([1, NaN])).toThrow(/ConformalKNN\.learnOne/);
    for (let i = 0; i < 8; i++) det.learnOne([i % 3, 1]);
    const before = bytes(det);
    const cases: [() => unknown, RegExp][] = [
      [() => det.scoreOne([NaN, 1]), /ConformalKNN\.scoreOne/],
      [() => det.scoreOne([1]), /ConformalKNN\.scoreOne/],
      [() => det.scoreOne([1, 2, 3]), /ConformalKNN\.scoreOne/],
      [() => det.learnOne([1, Infinity]), /ConformalKNN\.learnOne/],
      [() => det.learnOne([NaN, 0]), /ConformalKNN\.learnOne/],
      [() => det.learnOne([1]), /ConformalKNN\.learnOne/],
    ];
    for (const [call, where] of cases) {
      expect(call).toThrow(EstimatorInputError);
      expect(call).toThrow(where);
    }
    expect(bytes(det)).toBe(before);
  });

  it("scores a sine wave's usual values 0 and a value far outside it above 0.999", () => {
    // The wave repeats exactly (i mod 50), so after 10 cycles each value and each 19-record
    // sequence has ≥ 10 exact copies in the window: nonconformity 0 for both channels, nothing in
    // the calibration lies strictly below 0, and a usual value scores 0. By 1 500 records the
    // calibration rings (1 200) hold only those zeros, so any value off the wave lies beyond their
    // max (0) and scores 1 − (0 / α) / (n + 1) = 1.
    const det = new ConformalKNN({ restPeriod: 0 });
    const wave = (i: number): number[] => [Math.sin((2 * Math.PI * (i % 50)) / 50)];
    for (let i = 0; i < 1_500; i++) det.learnOne(wave(i));
    for (let i = 1_500; i < 1_550; i++) {
      expect(det.scoreOne(wave(i)), `record ${i}`).toBe(0);
      det.learnOne(wave(i));
    }
    expect(det.scoreOne([3])).toBeGreaterThan(0.999);
    expect(det.scoreOne([0.5])).toBeGreaterThan(0.999); // within the range, but not a value of the wave
  });

  it("standardize finds an anomaly in a small-unit feature that raw distances miss", () => {
    // Feature 0 is in the thousands, and distinct integers ((617 i) mod 1999 − 999, 1999 prime):
    // two records are ≥ 1 apart, so every usual record's nonconformity (k = 1) is ≥ 1 in raw units.
    // Feature 1 is in units, feature 2 in thousandths (uniform in ±0.001). The anomaly copies
    // features 0 and 1 of the previous record and sets feature 2 to 0.03, i.e. 30 of its units off:
    //  • raw: its distance to the previous record is ≤ 0.031² < 1, below every calibrated
    //    nonconformity, so no calibrated value lies below it: score exactly 0;
    //  • standardized (each feature over its variance, about range² / 12 for all three): any two
    //    usual records are at most 3 · 12 = 36 apart, the anomaly is ≥ (0.029 / 0.002)² · 12 ≈ 2 500
    //    from every record, so it lies beyond the calibration max: score ≥ 1 − (36 / 2 500) / (n + 1).
    const options = { shingleSizes: [1], windowSize: 200, calibrationSize: 200, k: 1, warmUp: 10, restPeriod: 0 };
    const r = new Random(8);
    const records = Array.from({ length: 600 }, (_, i) => [((617 * i) % 1999) - 999, 2 * r.next() - 1, 0.001 * (2 * r.next() - 1)]);
    const last = records.at(-1) as number[];
    const anomaly = [last[0] as number, last[1] as number, 0.03];
    for (const standardize of [false, true]) {
      const det = new ConformalKNN({ ...options, standardize });
      for (const x of records) det.learnOne(x);
      if (standardize) expect(det.scoreOne(anomaly)).toBeGreaterThan(0.999);
      else expect(det.scoreOne(anomaly)).toBe(0);
    }
  });
});
