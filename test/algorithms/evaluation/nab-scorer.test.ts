import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EstimatorConfigError,
  EstimatorInputError,
  NAB_OUTSIDE,
  NAB_PROBATIONARY,
  NAB_PROFILE_NAMES,
  NAB_PROFILES,
  nabBaselines,
  nabProbation,
  nabRowWeights,
  normaliseNabScore,
  optimiseNabThreshold,
  scaledSigmoid,
  scoreNabCorpus,
  scoreNabFile,
  type NabCostMatrix,
  type NabFileLabels,
  type NabScoredFile,
} from "streamine/algorithms";

const { standard, reward_low_FP_rate: lowFP, reward_low_FN_rate: lowFN } = NAB_PROFILES;

/** SCORING.md §5's worked example: 1000 rows (probation 150), one window on rows 500..509 (W = 10). */
const example: NabFileLabels = { rows: 1000, windows: [{ start: 500, end: 509 }] };

/** 0/1 scores detecting exactly `rows`, scored at threshold 1. */
function detections(n: number, rows: readonly number[]): Float64Array {
  const s = new Float64Array(n);
  for (const r of rows) s[r] = 1;
  return s;
}

function rawOf(rows: readonly number[], profile: NabCostMatrix = standard, file: NabFileLabels = example): number {
  return scoreNabFile(file, detections(file.rows, rows), profile, 1).raw;
}

// Hand values: S(y) = 2/(1+e^(5y)) − 1. S(−1) = 2/(1+e^−5) − 1 = 2/1.006737947 − 1 = 0.9866142982.
// Inside [500, 509], y = −(509 − i + 1)/10: s_505 = S(−0.5)/S(−1) = 0.8482836400/0.9866142982 = 0.8597925669;
// s_509 = S(−0.1)/S(−1) = (2/(1+e^−0.5) − 1)/S(−1) = 0.2449186624/0.9866142982 = 0.2482415498.
// Past the window, y = (i − 509)/9: s_510 = 0.11·S(1/9) = 0.11·(2/(1+e^(5/9)) − 1) = 0.11·(−0.2708471185) = −0.0297931830;
// s_520 = 0.11·S(11/9) = 0.11·(2/(1+e^6.111) − 1) = −0.1095131013; s_600: y = 91/9 > 3, so −0.11.
const S_505 = 0.8597925669;
const S_509 = 0.2482415498;
const S_510 = -0.029793183;
const S_520 = -0.1095131013;

describe("scaledSigmoid (SCORING.md §3)", () => {
  it("has the reference values", () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.9866142982, 10);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828364, 10);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.9866142982, 10);
    expect(scaledSigmoid(3)).toBeCloseTo(-0.9999993882, 10);
    expect(scaledSigmoid(3.0000001)).toBe(-1);
    expect(scaledSigmoid(1e9)).toBe(-1);
  });

  it("is odd and decreasing on [-3, 3], in (-1, 1)", () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (a, b) => {
        expect(scaledSigmoid(-a)).toBeCloseTo(-scaledSigmoid(a), 12);
        if (a < b) expect(scaledSigmoid(a)).toBeGreaterThanOrEqual(scaledSigmoid(b));
        expect(Math.abs(scaledSigmoid(a))).toBeLessThan(1);
      }),
    );
  });
});

describe("nabProbation (SCORING.md §1)", () => {
  it("is floor(15 %) capped at 750", () => {
    expect(nabProbation(0)).toBe(0);
    expect(nabProbation(6)).toBe(0); // floor(0.9)
    expect(nabProbation(1000)).toBe(150);
    expect(nabProbation(4032)).toBe(604); // floor(604.8)
    expect(nabProbation(4999)).toBe(749); // floor(749.85)
    expect(nabProbation(5000)).toBe(750);
    expect(nabProbation(22695)).toBe(750);
  });
});

describe("nabRowWeights (SCORING.md §3)", () => {
  const { weight, window, probation } = nabRowWeights(example, standard);

  it("tags probation, window and outside rows", () => {
    expect(probation).toBe(150);
    expect([window[0], window[149], window[150], window[499], window[500], window[509], window[510], window[999]]).toEqual([
      NAB_PROBATIONARY,
      NAB_PROBATIONARY,
      NAB_OUTSIDE,
      NAB_OUTSIDE,
      0,
      0,
      NAB_OUTSIDE,
      NAB_OUTSIDE,
    ]);
    expect(weight[100]).toBe(0);
  });

  it("weighs rows as the worked example's per-row values", () => {
    expect(weight[500]).toBeCloseTo(1, 12); // left edge: exactly tpWeight
    expect(weight[505]).toBeCloseTo(S_505, 10);
    expect(weight[509]).toBeCloseTo(S_509, 10);
    expect(weight[510]).toBeCloseTo(S_510, 10);
    expect(weight[520]).toBeCloseTo(S_520, 10);
    expect(weight[600]).toBeCloseTo(-0.11, 12);
    expect(weight[150]).toBeCloseTo(-0.11, 12); // before the first window: −fpWeight however far
    expect(weight[499]).toBeCloseTo(-0.11, 12);
  });

  it("decreases inside a window and scales with tpWeight and fpWeight", () => {
    for (let i = 500; i < 509; i++) expect(weight[i]).toBeGreaterThan(weight[i + 1] ?? Infinity);
    const custom = nabRowWeights(example, { tpWeight: 2, fnWeight: 1, fpWeight: 0.5 });
    expect(custom.weight[505]).toBeCloseTo(2 * S_505, 10);
    expect(custom.weight[510]).toBeCloseTo(0.5 * -0.2708471185, 10); // fpWeight · S(1/9)
  });

  it("softens false positives only after the previous window, never before the next", () => {
    // windows 300..309 and 400..409: row 395 is 86/9 > 3 widths past the first, so −fpWeight
    const two = nabRowWeights({ rows: 1000, windows: [{ start: 300, end: 309 }, { start: 400, end: 409 }] }, standard);
    expect(two.weight[310]).toBeCloseTo(S_510, 10);
    expect(two.weight[395]).toBeCloseTo(-0.11, 12);
    expect(two.weight[410]).toBeCloseTo(S_510, 10); // measured from the second window now
    expect([two.window[305], two.window[405]]).toEqual([0, 1]);
  });
});

describe("scoreNabFile: SCORING.md §5 worked example", () => {
  it.each([
    ["none", [], standard, -1.0],
    ["500", [500], standard, 1.0],
    ["509", [509], standard, S_509],
    ["505 and 509 (only the earliest counts)", [505, 509], standard, S_505],
    ["200 (before the window)", [200], standard, -1.11],
    ["100 (probationary)", [100], standard, -1.0],
    ["505, 510, 600", [505, 510, 600], standard, S_505 + S_510 - 0.11],
    ["505, 510, 600 with reward_low_FP_rate", [505, 510, 600], lowFP, S_505 + 2 * S_510 - 0.22],
    ["none with reward_low_FN_rate", [], lowFN, -2.0],
  ] as const)("%s", (_name, rows, profile, expected) => {
    expect(rawOf(rows, profile)).toBeCloseTo(expected, 9);
  });

  it("gives the SCORING.md totals 0.7199993839 and 0.5802062008", () => {
    expect(rawOf([505, 510, 600])).toBeCloseTo(0.7199993839, 9);
    expect(rawOf([505, 510, 600], lowFP)).toBeCloseTo(0.5802062008, 9);
  });

  it("counts TP/FP/FN/TN over non-probationary rows only", () => {
    const r = scoreNabFile(example, detections(1000, [100, 505, 510, 600]), standard, 1);
    // 850 scorable rows: 10 in the window (1 detected), 840 outside (2 detected)
    expect({ tp: r.tp, fp: r.fp, fn: r.fn, tn: r.tn, windows: r.windows }).toEqual({ tp: 1, fp: 2, fn: 9, tn: 838, windows: 1 });
  });

  it("detects rows scoring at least the threshold", () => {
    const scores = new Float64Array(1000);
    scores[505] = 0.5;
    scores[500] = 0.4999;
    expect(scoreNabFile(example, scores, standard, 0.5).raw).toBeCloseTo(S_505, 10);
    expect(scoreNabFile(example, scores, standard, 0.4999).raw).toBeCloseTo(1, 12);
    expect(scoreNabFile(example, scores, standard, 0.50001).raw).toBe(-1);
  });

  it("ignores a window lying wholly in the probationary period", () => {
    const early = { rows: 1000, windows: [{ start: 50, end: 99 }] };
    const r = scoreNabFile(early, detections(1000, [60]), standard, 1);
    expect({ raw: r.raw, windows: r.windows, tp: r.tp, fn: r.fn }).toEqual({ raw: 0, windows: 0, tp: 0, fn: 0 });
    // a detection after it is softened by it (it is still the window last left)
    expect(scoreNabFile(early, detections(1000, [150]), standard, 1).raw).toBeCloseTo(0.11 * scaledSigmoid(51 / 49), 12);
  });

  it("scores a file without windows by its false positives alone", () => {
    expect(rawOf([150, 151, 999], standard, { rows: 1000, windows: [] })).toBeCloseTo(-0.33, 12);
    expect(rawOf([], standard, { rows: 1000, windows: [] })).toBe(0);
  });

  it("rejects bad scores, windows, profiles and thresholds, naming the problem", () => {
    const ok = new Float64Array(1000);
    expect(() => scoreNabFile(example, new Float64Array(999), standard, 0.5)).toThrow(EstimatorInputError);
    expect(() => scoreNabFile(example, new Float64Array(999), standard, 0.5)).toThrow(/999 values, expected one per row \(1000\)/);
    const nan = new Float64Array(1000);
    nan[7] = NaN;
    expect(() => scoreNabFile(example, nan, standard, 0.5)).toThrow(/scores\[7\] must be an anomaly score in \[0, 1\], got NaN/);
    expect(() => scoreNabFile({ ...example, name: "a/b.csv" }, detections(1000, [3]).fill(1.5, 3, 4), standard, 0.5)).toThrow(
      /scores \(a\/b\.csv\)\[3\]/,
    );
    expect(() => scoreNabFile(example, ok, standard, NaN)).toThrow(/threshold must be a finite number/);
    expect(() => scoreNabFile(example, ok, { tpWeight: 1, fnWeight: -1, fpWeight: 0.1 }, 0.5)).toThrow(EstimatorConfigError);
    const bad = (windows: { start: number; end: number }[]): (() => unknown) => () => scoreNabFile({ rows: 1000, windows }, ok, standard, 0.5);
    expect(bad([{ start: 600, end: 609 }, { start: 500, end: 509 }])).toThrow(/windows\[1\].*sorted, disjoint/); // unsorted
    expect(bad([{ start: 500, end: 509 }, { start: 509, end: 519 }])).toThrow(EstimatorConfigError); // overlap
    expect(bad([{ start: 500, end: 500 }])).toThrow(/at least 2 rows wide/);
    expect(bad([{ start: 995, end: 1000 }])).toThrow(/inside \[0, 999\]/);
  });
});

describe("normalisation (SCORING.md §7)", () => {
  it("maps null to 0 and perfect to 100 for every profile", () => {
    for (const name of NAB_PROFILE_NAMES) {
      const base = nabBaselines(116, NAB_PROFILES[name]);
      expect(normaliseNabScore(base.nullRaw, base)).toBe(0);
      expect(normaliseNabScore(base.perfectRaw, base)).toBe(100);
    }
    expect(nabBaselines(116, standard)).toEqual({ nullRaw: -116, perfectRaw: 116 });
    expect(nabBaselines(116, lowFP)).toEqual({ nullRaw: -116, perfectRaw: 116 });
    expect(nabBaselines(116, lowFN)).toEqual({ nullRaw: -232, perfectRaw: 116 });
    // raw 0 with reward_low_FN_rate: 100 · 232 / 348 = 66.67
    expect(normaliseNabScore(0, nabBaselines(116, lowFN))).toBeCloseTo(200 / 3, 12);
    expect(normaliseNabScore(-174, nabBaselines(116, standard))).toBe(-25); // worse than null is negative
  });

  it("refuses a corpus without windows", () => {
    expect(() => normaliseNabScore(0, nabBaselines(0, standard))).toThrow(/perfectRaw must exceed nullRaw/);
    expect(() => nabBaselines(-1, standard)).toThrow(EstimatorConfigError);
  });
});

describe("scoreNabCorpus", () => {
  it("sums the files' raw scores and counts, then normalises", () => {
    const hit = detections(1000, [505, 510, 600]); // 0.7199993839
    const miss = detections(1000, [200]); // −1.11
    const r = scoreNabCorpus(
      [
        { file: example, scores: hit },
        { file: example, scores: miss },
      ],
      standard,
      1,
    );
    expect(r.raw).toBeCloseTo(0.7199993839 - 1.11, 9);
    expect([r.windows, r.nullRaw, r.perfectRaw]).toEqual([2, -2, 2]);
    expect(r.score).toBeCloseTo((100 * (0.7199993839 - 1.11 + 2)) / 4, 7);
    expect([r.tp, r.fp, r.fn, r.tn]).toEqual([1, 3, 19, 838 + 839]);
    expect(r.files.map((f) => f.raw)).toEqual([rawOf([505, 510, 600]), rawOf([200])]);
  });

  it("has a NaN score when no file has a window", () => {
    expect(scoreNabCorpus([{ file: { rows: 10, windows: [] }, scores: new Float64Array(10) }], standard, 0.5).score).toBeNaN();
  });
});

describe("optimiseNabThreshold (SCORING.md §6)", () => {
  it("finds the best threshold of a hand-made case", () => {
    // detections by threshold: 1.1 none (−1); 0.95 row 509 (s_509); 0.9 + row 505 (s_505, the credit rises);
    // 0.7 + row 200 (s_505 − 0.11); 0 everything (credit 1, minus ~840 false positives)
    const scores = new Float64Array(1000);
    scores[509] = 0.95;
    scores[505] = 0.9;
    scores[200] = 0.7;
    const best = optimiseNabThreshold([{ file: example, scores }], standard);
    expect(best.threshold).toBe(0.9);
    expect(best.raw).toBeCloseTo(S_505, 10);
    expect([best.windows, best.nullRaw, best.perfectRaw]).toEqual([1, -1, 1]);
    expect(best.score).toBeCloseTo((100 * (S_505 + 1)) / 2, 8);
  });

  it("keeps the highest threshold among equal scores, and 1.1 when nothing pays off", () => {
    const scores = new Float64Array(1000);
    scores[500] = 0.9;
    scores[200] = 0.5;
    // false positives are free: θ = 0.9, 0.5 and 0 all score 1; the first recorded, 0.9, wins
    const free = optimiseNabThreshold([{ file: example, scores }], { tpWeight: 1, fnWeight: 1, fpWeight: 0 });
    expect([free.threshold, free.raw]).toEqual([0.9, 1]);
    const outsideOnly = new Float64Array(1000);
    outsideOnly[300] = 0.8;
    const none = optimiseNabThreshold([{ file: example, scores: outsideOnly }], standard);
    expect([none.threshold, none.raw, none.score]).toEqual([1.1, -1, 0]);
  });

  it("is empty-safe", () => {
    expect(optimiseNabThreshold([], standard)).toMatchObject({ threshold: 1.1, raw: 0, windows: 0 });
  });

  it("equals the best scoreNabCorpus over every distinct score (brute force)", () => {
    const file = fc
      .record({ rows: fc.integer({ min: 40, max: 160 }), cuts: fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { maxLength: 6 }) })
      .chain(({ rows, cuts }) => {
        // windows from sorted distinct cut points (paired), mapped into the file
        const pts = [...cuts].sort((a, b) => a - b).map((c) => Math.floor((c * rows) / 100));
        const windows: { start: number; end: number }[] = [];
        for (let k = 0; k + 1 < pts.length; k += 2) {
          const start = pts[k] ?? 0;
          const end = pts[k + 1] ?? 0;
          if (end > start && start > (windows.at(-1)?.end ?? -1)) windows.push({ start, end });
        }
        const score = fc.integer({ min: 0, max: 8 }).map((i) => i / 8); // few levels: many ties
        return fc.array(score, { minLength: rows, maxLength: rows }).map((s) => ({ file: { rows, windows }, scores: Float64Array.from(s) }));
      });
    fc.assert(
      fc.property(fc.array(file, { minLength: 1, maxLength: 4 }), fc.constantFrom(...NAB_PROFILE_NAMES), (files: NabScoredFile[], name) => {
        const profile = NAB_PROFILES[name];
        const best = optimiseNabThreshold(files, profile);
        const candidates = [1.1, ...new Set(files.flatMap((f) => Array.from(f.scores)))];
        const brute = Math.max(...candidates.map((t) => scoreNabCorpus(files, profile, t).raw));
        expect(best.raw).toBeCloseTo(brute, 9);
        expect(scoreNabCorpus(files, profile, best.threshold).raw).toBeCloseTo(best.raw, 9);
        // every higher threshold does strictly worse (ties go to the highest)
        const atBest = scoreNabCorpus(files, profile, best.threshold).raw;
        for (const t of candidates) if (t > best.threshold) expect(scoreNabCorpus(files, profile, t).raw).toBeLessThan(atBest);
      }),
      { numRuns: 150 },
    );
  });
});
