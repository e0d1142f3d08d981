import { describe, expect, expectTypeOf, it } from "vitest";
import { Accuracy, EstimatorConfigError, evaluatePrequential, EWZScore, MAE, RMSE, ROCAUC, RollingROCAUC, type PrequentialResult } from "streamine/algorithms";
import { DEFAULT_EVERY, evaluate, friedmanStream, toDataFrame, toVegaLite, type DataFrame } from "streamine/datasets";

// danfojs-node loads once per test file (about 1 s); this file holds every DataFrame test.

/** Predicts the last label it learned (0 before any). */
function lastValue() {
  let last = 0;
  return {
    predictOne: (_x: ArrayLike<number>): number => last,
    learnOne: (_x: ArrayLike<number>, y: number): void => {
      last = y;
    },
  };
}

/** A mean-of-labels regressor, for longer streams. */
function runningMean() {
  let sum = 0;
  let n = 0;
  return {
    predictOne: (_x: ArrayLike<number>): number => (n === 0 ? 0 : sum / n),
    learnOne: (_x: ArrayLike<number>, y: number): void => {
      sum += y;
      n++;
    },
  };
}

async function* asyncOf<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** The DataFrame's columns as plain arrays, by name. */
function columnsOf(df: DataFrame): Record<string, unknown[]> {
  return Object.fromEntries(df.columns.map((c, j) => [c, (df.values as unknown[][]).map((row) => row[j])]));
}

/** What the DataFrame should hold for a result: its steps, plus the final row when the stream ended between recordings. */
function expectedColumns<K extends string>(r: PrequentialResult<K>): Record<string, unknown[]> {
  const tail = r.n > (r.steps.at(-1) ?? 0);
  const out: Record<string, unknown[]> = { step: tail ? [...r.steps, r.n] : r.steps };
  for (const k of Object.keys(r.final) as K[]) out[k] = tail ? [...r.values[k], r.final[k]] : r.values[k];
  return out;
}

const stream = [1, 2, 4, 8].map((y, i) => ({ x: [i], y }));

describe("evaluate", () => {
  it("returns step then one column per metric, equal to evaluatePrequential's result", async () => {
    const df = await evaluate(lastValue(), stream, { metrics: { mae: new MAE(), rmse: new RMSE() }, every: 2 });
    // errors 1, 1, 2, 4
    expect(df.columns).toEqual(["step", "mae", "rmse"]);
    expect(df.values).toEqual([
      [2, 1, 1],
      [4, 2, Math.sqrt(22 / 4)],
    ]);
    const r = evaluatePrequential(lastValue(), stream, { metrics: { mae: new MAE(), rmse: new RMSE() }, every: 2 });
    expect(columnsOf(df)).toEqual(expectedColumns(r));
  });

  it("reads an async stream, passing delay through; without a known length it records every 1000", async () => {
    expect(DEFAULT_EVERY).toBe(1000);
    const df = await evaluate(lastValue(), asyncOf(stream), { metrics: { mae: new MAE() }, delay: 1 });
    // 4 < 1000 labels: only the final row. With delay 1: predictions 0, 0, 1, 2 → errors 1, 2, 3, 6
    expect(df.values).toEqual([[4, 3]]);
  });

  it("records about 100 rows of an array or a synthetic stream, ending with the final values", async () => {
    const data = Array.from({ length: 250 }, (_, i) => ({ x: [0], y: (i * 7) % 11 }));
    const df = await evaluate(runningMean(), data, { metrics: { mae: new MAE() } });
    // every ⌈250 / 100⌉ = 3: steps 3, 6, …, 249, then 250
    const r = evaluatePrequential(runningMean(), data, { metrics: { mae: new MAE() }, every: 3 });
    expect(df.shape).toEqual([84, 2]);
    expect(columnsOf(df)).toEqual(expectedColumns(r));

    const synthetic = friedmanStream({ seed: 1, count: 120 });
    const dfs = await evaluate(runningMean(), synthetic, { metrics: { mae: new MAE() } });
    // every ⌈120 / 100⌉ = 2: 60 rows, the last at 120
    expect(columnsOf(dfs)).toEqual(expectedColumns(evaluatePrequential(runningMean(), synthetic, { metrics: { mae: new MAE() }, every: 2 })));
    expect(dfs.shape).toEqual([60, 2]);
  });

  it("evaluates an anomaly detector's scores, from a sync or an async stream", async () => {
    const data = [1, 2, 1, 9, 1, 2, 8, 1, 2, 1].map((v) => ({ x: [v], y: v > 5 }));
    const metrics = () => ({ auc: new ROCAUC(), last4: new RollingROCAUC({ windowSize: 4 }) });
    const r = evaluatePrequential(new EWZScore({ fading: 0.5 }), data, { metrics: metrics(), every: 3 });
    const fromSync = await evaluate(new EWZScore({ fading: 0.5 }), data, { metrics: metrics(), every: 3 });
    const fromAsync = await evaluate(new EWZScore({ fading: 0.5 }), asyncOf(data), { metrics: metrics(), every: 3 });
    expect(columnsOf(fromSync)).toEqual(expectedColumns(r));
    expect(fromAsync.values).toEqual(fromSync.values);
    expect(fromSync.column("step").values).toEqual([3, 6, 9, 10]);
  });

  it("rejects a metric named step, or one the model cannot feed, before reading the stream", async () => {
    let read = false;
    async function* untouched() {
      read = true;
      yield { x: [0], y: true };
    }
    await expect(evaluate(lastValue(), stream, { metrics: { step: new MAE() } })).rejects.toThrow(/metric cannot be named "step"/);
    const acc = new Accuracy() as unknown as ROCAUC;
    await expect(evaluate(new EWZScore(), untouched(), { metrics: { acc } })).rejects.toThrow(EstimatorConfigError);
    await expect(evaluate(new EWZScore(), untouched(), { metrics: { acc } })).rejects.toThrow(/evaluate: metric "acc"/);
    expect(read).toBe(false);
  });

  it("types: the metrics must suit the model (checked at run time too); the result is a DataFrame", async () => {
    const df = await evaluate(new EWZScore(), [], { metrics: { auc: new ROCAUC() } });
    expectTypeOf(df).toEqualTypeOf<DataFrame>();
    expect(df.columns).toEqual(["step", "auc"]);
    // @ts-expect-error MAE reads values, which an anomaly detector does not give
    await expect(evaluate(new EWZScore(), [], { metrics: { mae: new MAE() } })).rejects.toThrow(/metric "mae" reads "value"/);
  });

  it("gives an empty table for an empty stream", async () => {
    const df = await evaluate(lastValue(), [], { metrics: { mae: new MAE() } });
    expect(df.columns).toEqual(["step", "mae"]);
    expect(df.shape).toEqual([0, 2]);
  });
});

describe("toDataFrame", () => {
  it("with every 0 holds just the final row", async () => {
    const df = await toDataFrame(evaluatePrequential(lastValue(), stream, { metrics: { mae: new MAE() } }));
    expect(df.values).toEqual([[4, 2]]);
  });
});

describe("toVegaLite from a DataFrame", () => {
  it("reads the rows through columns and values", async () => {
    const df = await evaluate(lastValue(), stream, { metrics: { mae: new MAE() }, every: 2 });
    expect(toVegaLite(df, { x: "step", y: "mae" })).toMatchObject({
      data: {
        values: [
          { step: 2, mae: 1 },
          { step: 4, mae: 2 },
        ],
      },
      encoding: { x: { field: "step", type: "quantitative" }, y: { field: "mae", type: "quantitative" } },
    });
  });
});
