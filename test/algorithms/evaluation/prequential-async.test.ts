import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Accuracy,
  EstimatorConfigError,
  evaluatePrequential,
  evaluatePrequentialAsync,
  EWZScore,
  F1,
  MAE,
  R2,
  RMSE,
  ROCAUC,
  Rolling,
  RollingROCAUC,
} from "streamine/algorithms";
import { frequencies, lastValue } from "./toy-models.js";


async function* asyncOf<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve(); // a real suspension between samples, as a file reader has
    yield item;
  }
}

const stream = [1, 2, 4, 8].map((y, i) => ({ x: [i], y }));

describe("evaluatePrequentialAsync", () => {
  it("reads an AsyncIterable with the same delay semantics as the sync version", async () => {
    const model = lastValue();
    const r = await evaluatePrequentialAsync(model, asyncOf(stream), { metrics: { mae: new MAE() }, delay: 1, every: 2 });
    // predictions: 0, 0 (label 1 pending), 1, 2 → errors 1, 2, 3, 6
    expect(r).toEqual({ n: 4, steps: [2, 4], values: { mae: [1.5, 3] }, final: { mae: 3 } });
    expect(model.learned).toEqual([1, 2, 4, 8]);
  });

  it("also reads a sync iterable", async () => {
    const r = await evaluatePrequentialAsync(lastValue(), stream, { metrics: { mae: new MAE() }, every: 1 });
    // errors 1, 1, 2, 4
    expect(r.values.mae).toEqual([1, 1, 4 / 3, 2]);
  });

  it("rejects bad options and mismatched metrics before reading the stream", async () => {
    let read = false;
    async function* untouched() {
      read = true;
      yield { x: [0], y: 1 };
    }
    const accuracy = new Accuracy() as unknown as MAE;
    await expect(evaluatePrequentialAsync(lastValue(), untouched(), { metrics: {}, delay: -1 })).rejects.toThrow(EstimatorConfigError);
    await expect(evaluatePrequentialAsync(lastValue(), untouched(), { metrics: { acc: accuracy } })).rejects.toThrow(
      /evaluatePrequentialAsync: metric "acc"/,
    );
    expect(read).toBe(false);
  });
});

/** A regressor whose prediction depends on both the features and the labels learned. */
function meanPlusX() {
  let sum = 0;
  let n = 0;
  return {
    predictOne: (x: ArrayLike<number>): number => (n === 0 ? 0 : sum / n) + 0.5 * (x[0] ?? 0),
    learnOne: (_x: ArrayLike<number>, y: number): void => {
      sum += y;
      n++;
    },
  };
}


describe("evaluatePrequentialAsync equals evaluatePrequential (property)", () => {
  const timing = { delay: fc.integer({ min: 0, max: 6 }), every: fc.integer({ min: 0, max: 5 }) };

  it("for regressors", async () => {
    const sample = fc.record({ x: fc.tuple(fc.integer({ min: -9, max: 9 })), y: fc.integer({ min: -20, max: 20 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(sample, { maxLength: 40 }), fc.record(timing), async (samples, { delay, every }) => {
        const metrics = () => ({ mae: new MAE(), rmse: new RMSE(), r2: new R2(), roll: new Rolling(new MAE(), 3) });
        const sync = evaluatePrequential(meanPlusX(), samples, { metrics: metrics(), delay, every });
        const async = await evaluatePrequentialAsync(meanPlusX(), asyncOf(samples), { metrics: metrics(), delay, every });
        expect(async).toEqual(sync);
      }),
    );
  });

  it("for classifiers and anomaly detectors", async () => {
    const sample = fc.record({ x: fc.tuple(fc.integer({ min: 0, max: 5 })), y: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(sample, { maxLength: 40 }), fc.record(timing), async (samples, { delay, every }) => {
        const labelled = () => ({ acc: new Accuracy(), f1: new F1(), auc: new ROCAUC(), roll: new RollingROCAUC({ windowSize: 4 }) });
        const sync = evaluatePrequential(frequencies(), samples, { metrics: labelled(), delay, every });
        const async = await evaluatePrequentialAsync(frequencies(), asyncOf(samples), { metrics: labelled(), delay, every });
        expect(async).toEqual(sync);
        const scored = () => ({ auc: new ROCAUC(), roll: new RollingROCAUC({ windowSize: 4 }) });
        const detector = () => new EWZScore({ fading: 0.3 });
        const syncD = evaluatePrequential(detector(), samples, { metrics: scored(), delay, every });
        const asyncD = await evaluatePrequentialAsync(detector(), asyncOf(samples), { metrics: scored(), delay, every });
        expect(asyncD).toEqual(syncD);
      }),
    );
  });
});
