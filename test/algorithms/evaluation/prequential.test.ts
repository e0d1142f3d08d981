import { describe, expect, it } from "vitest";
import { Accuracy, evaluatePrequential, F1, MAE, RMSE, ROCAUC, Rolling, RollingROCAUC } from "streamine/algorithms";
import { frequencies, lastValue } from "./toy-models.js";


const stream = [1, 2, 4, 8].map((y, i) => ({ x: [i], y }));

describe("evaluatePrequential: regression", () => {
  it("tests then trains: predictions 0, 1, 2, 4", () => {
    const model = lastValue();
    const r = evaluatePrequential(model, stream, { metrics: { mae: new MAE(), rmse: new RMSE(), roll: new Rolling(new MAE(), 2) }, every: 1 });
    // errors 1, 1, 2, 4
    expect(r.n).toBe(4);
    expect(r.steps).toEqual([1, 2, 3, 4]);
    expect(r.values.mae).toEqual([1, 1, 4 / 3, 2]);
    expect(r.values.roll).toEqual([1, 1, 1.5, 3]);
    expect(r.final.rmse).toBe(Math.sqrt(22 / 4));
    expect(model.learned).toEqual([1, 2, 4, 8]);
  });

  it("with delay 1 the model learns a sample only after the next one is predicted", () => {
    const model = lastValue();
    const r = evaluatePrequential(model, stream, { metrics: { mae: new MAE() }, delay: 1, every: 2 });
    // predictions: 0 (nothing learned), 0 (label 1 still pending), 1, 2 → errors 1, 2, 3, 6
    expect(r.steps).toEqual([2, 4]);
    expect(r.values.mae).toEqual([1.5, 3]);
    expect(r.final.mae).toBe(3);
    expect(model.learned).toEqual([1, 2, 4, 8]); // the pending label is delivered at the end
    expect(model.learnedX).toEqual([0, 1, 2, 3]);
  });

  it("a delay longer than the stream predicts everything before learning anything", () => {
    const model = lastValue();
    const r = evaluatePrequential(model, stream, { metrics: { mae: new MAE() }, delay: 10 });
    expect(r.final.mae).toBe((1 + 2 + 4 + 8) / 4);
    expect(r.steps).toEqual([]);
    expect(model.learned).toEqual([1, 2, 4, 8]);
  });

  it("copies x for delayed learning, so a stream may reuse its buffer", () => {
    const model = lastValue();
    const buf = new Float64Array(1);
    function* reused() {
      for (let i = 0; i < 5; i++) {
        buf[0] = i;
        yield { x: buf, y: i };
      }
    }
    evaluatePrequential(model, reused(), { metrics: { mae: new MAE() }, delay: 2 });
    expect(model.learnedX).toEqual([0, 1, 2, 3, 4]);
  });

  it("rejects classification metrics for a regressor and bad options", () => {
    const accuracy = new Accuracy() as unknown as MAE;
    expect(() => evaluatePrequential(lastValue(), stream, { metrics: { acc: accuracy } })).toThrow(/metric "acc"/);
    expect(() => evaluatePrequential(lastValue(), stream, { metrics: {}, delay: -1 })).toThrow(/delay/);
    expect(() => evaluatePrequential(lastValue(), stream, { metrics: {}, every: 0.5 })).toThrow(/every/);
  });
});

describe("evaluatePrequential: classification", () => {


  it("label metrics get the most probable label, score metrics the positive probability", () => {
    const data = [true, true, false, true].map((y) => ({ x: [0], y }));
    const r = evaluatePrequential(frequencies(), data, {
      metrics: { acc: new Accuracy(), f1: new F1(), auc: new ROCAUC(), rollAuc: new RollingROCAUC({ windowSize: 2 }) },
    });
    // predictions: (null, p=0), (true, 1), (true, 1), (true, 2/3)
    expect(r.final.acc).toBe(0.5);
    expect(r.final.f1).toBe(2 / 3); // TP 2, FP 1, FN 1 (the null prediction)
    expect(r.final.auc).toBe(0.5 / 3); // positives 0, 1, 2/3 against the negative 1: only the tie counts
    expect(r.final.rollAuc).toBe(0); // last two: negative 1, positive 2/3
  });

  it("rejects a regression metric for a classifier", () => {
    const mae = new MAE() as unknown as Accuracy;
    expect(() => evaluatePrequential(frequencies(), [{ x: [0], y: true }], { metrics: { mae } })).toThrow(/metric "mae"/);
  });
});
