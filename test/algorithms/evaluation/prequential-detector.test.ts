import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Accuracy, EstimatorConfigError, evaluatePrequential, EWZScore, F1, MAE, ROCAUC, RollingROCAUC, type Label } from "streamine/algorithms";

/** Scores a value by its distance to the last value learned (0 before any); logs its calls. */
function jump() {
  let prev = 0;
  const learned: number[] = [];
  const learnArgs: number[] = [];
  let scored = 0;
  return {
    learned,
    learnArgs,
    scored: () => scored,
    scoreOne: (x: ArrayLike<number>): number => {
      scored++;
      return Math.abs((x[0] ?? 0) - prev);
    },
    learnOne: (...args: unknown[]): void => {
      learnArgs.push(args.length);
      prev = (args[0] as ArrayLike<number>)[0] ?? 0;
      learned.push(prev);
    },
  };
}

// labels 1 = anomaly (matches ROCAUC's default posLabel true)
const stream = [1, 1, 9, 9, 2, 2].map((v, i) => ({ x: [v], y: [1, 0, 0, 1, 0, 0][i] ?? 0 }));

describe("evaluatePrequential: anomaly detectors", () => {
  it("feeds scores to score metrics and learns x without the label", () => {
    const model = jump();
    const r = evaluatePrequential(model, stream, { metrics: { auc: new ROCAUC(), last2: new RollingROCAUC({ windowSize: 2 }) }, every: 2 });
    // scores 1, 0, 8, 0, 7, 0; positives are samples 0 (score 1) and 3 (score 0)
    // step 2: pos 1 vs neg 0 → 1
    // step 4: pos {1, 0} vs neg {0, 8}: 1 + 0 + 0.5 + 0 of 4 → 0.375; then negatives 7, 0 add 1 + 0.5 of 4 more
    expect(r.steps).toEqual([2, 4, 6]);
    expect(r.values.auc).toEqual([1, 0.375, 0.375]);
    // windows: {pos 1, neg 0} → 1; {neg 8, pos 0} → 0; {neg 7, neg 0} → no positive, 0
    expect(r.values.last2).toEqual([1, 0, 0]);
    expect(model.learned).toEqual([1, 1, 9, 9, 2, 2]);
    expect(model.learnArgs).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("with delay 1, scores sample i after learning samples up to i − 2", () => {
    const r = evaluatePrequential(jump(), stream, { metrics: { auc: new ROCAUC() }, delay: 1 });
    // scores 1, 1, 8, 8, 7, 7; positives 1 and 8 vs negatives 1, 8, 7, 7:
    // pos 1: tie 0.5; pos 8: right 1 + tie 0.5 + right 2 → 4 of 8
    expect(r.final.auc).toBe(0.5);
  });

  it("a model with scoreOne is a detector even if it also has predictOne", () => {
    const model = { predictOne: () => 100, scoreOne: (x: ArrayLike<number>) => x[0] ?? 0, learnOne: (_x: ArrayLike<number>) => {} };
    const data = [0, 3, 1, 2].map((v, i) => ({ x: [v], y: i % 2 === 1 }));
    // positives 3, 2 above negatives 0, 1 (a constant predictOne would give 0.5)
    expect(evaluatePrequential(model, data, { metrics: { auc: new ROCAUC() } }).final.auc).toBe(1);
  });

  it("refuses label and value metrics before scoring or learning anything", () => {
    const cases: [string, unknown][] = [
      ["acc", new Accuracy()],
      ["f1", new F1()],
      ["mae", new MAE()],
    ];
    for (const [name, metric] of cases) {
      const model = jump();
      const metrics = { [name]: metric as ROCAUC };
      expect(() => evaluatePrequential(model, stream, { metrics })).toThrow(EstimatorConfigError);
      expect(() => evaluatePrequential(model, stream, { metrics })).toThrow(new RegExp(`metric "${name}" reads "\\w+" predictions, which an anomaly detector does not give`));
      expect(model.scored()).toBe(0);
      expect(model.learned).toEqual([]);
    }
  });
});

/** AUC by definition: the share of (positive, negative) pairs ordered right, ties 1/2; 0 without both classes. */
function bruteAuc(scores: readonly number[], labels: readonly boolean[]): number {
  let pos = 0;
  let neg = 0;
  let right = 0;
  scores.forEach((sp, i) => {
    if (labels[i] === true) pos++;
    else neg++;
    if (labels[i] !== true) return;
    scores.forEach((sn, j) => {
      if (labels[j] === true) return;
      right += sp > sn ? 1 : sp === sn ? 0.5 : 0;
    });
  });
  return pos === 0 || neg === 0 ? 0 : right / (pos * neg);
}

/** The scores a detector gives under test-then-train with `delay`, replayed step by step. */
function referenceScores(fading: number, values: readonly number[], delay: number): number[] {
  const d = new EWZScore({ fading });
  const scores: number[] = [];
  let learned = 0;
  values.forEach((v, i) => {
    for (; learned < i - delay; learned++) d.learnOne([values[learned] ?? NaN]);
    scores.push(d.scoreOne([v]));
  });
  return scores;
}

describe("a detector's ROC AUC equals the brute-force AUC of its scores (property)", () => {
  it("cumulative at every step and rolling at the end, with any delay", () => {
    const sample = fc.record({ v: fc.integer({ min: 0, max: 5 }), y: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(sample, { maxLength: 50 }),
        fc.constantFrom(0.1, 0.5, 1),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        (samples, fading, delay, window) => {
          const values = samples.map((s) => s.v);
          const labels = samples.map((s) => s.y);
          const data = samples.map((s) => ({ x: [s.v], y: s.y as Label }));
          const r = evaluatePrequential(new EWZScore({ fading }), data, {
            metrics: { auc: new ROCAUC(), rolling: new RollingROCAUC({ windowSize: window }) },
            delay,
            every: 1,
          });
          const scores = referenceScores(fading, values, delay);
          expect(r.values.auc).toEqual(r.steps.map((n) => bruteAuc(scores.slice(0, n), labels.slice(0, n))));
          expect(r.final.auc).toBe(bruteAuc(scores, labels));
          expect(r.final.rolling).toBe(bruteAuc(scores.slice(-window), labels.slice(-window)));
        },
      ),
    );
  });
});
