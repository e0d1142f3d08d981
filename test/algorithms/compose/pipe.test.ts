import { describe, expect, it } from "vitest";
import {
  EstimatorConfigError, EstimatorInputError, LinearRegression, MinMaxScaler, PARegressor, Pipe, pipe, Random, RLSRegressor,
  StandardScaler, type Regressor, type Transformer,
} from "streamine/algorithms";

type Row = { x: readonly number[]; y: number };
function stream(seed: number, n: number): Row[] {
  const r = new Random(seed);
  return Array.from({ length: n }, () => {
    const x = [50 + 10 * r.nextGaussian(), r.nextGaussian(), 0.01 * r.nextGaussian()];
    return { x, y: 0.1 * (x[0] as number) - 2 * (x[1] as number) + 100 * (x[2] as number) + 0.1 * r.nextGaussian() };
  });
}

describe("pipe", () => {
  it("learns as River's Pipeline: each transformer learns, then transforms; predicting only transforms", () => {
    const rows = stream(1, 500);
    const model = pipe(new StandardScaler(), new MinMaxScaler(), new LinearRegression({ interceptLr: 0.1 }));
    const s1 = new StandardScaler();
    const s2 = new MinMaxScaler();
    const lr = new LinearRegression({ interceptLr: 0.1 });
    for (const r of rows) {
      // by hand, in River ≥ 0.19's order
      const expected = lr.predictOne(s2.transformOne(s1.transformOne(r.x)));
      expect(Object.is(model.predictOne(r.x), expected)).toBe(true);
      s1.learnOne(r.x);
      const z1 = s1.transformOne(r.x);
      s2.learnOne(z1);
      lr.learnOne(s2.transformOne(z1), r.y);
      model.learnOne(r.x, r.y);
    }
    const [a, b, c] = model.steps;
    expect(a?.snapshot()).toEqual(s1.snapshot());
    expect(b?.snapshot()).toEqual(s2.snapshot());
    expect(c?.snapshot()).toEqual(lr.snapshot());
  });

  it("with a StandardScaler beats the bare model on badly scaled features", () => {
    const rows = stream(2, 3_000);
    const scaled = pipe(new StandardScaler(), new LinearRegression({ interceptLr: 0.1 }));
    const bare = new LinearRegression({ interceptLr: 0.1, learningRate: 0.0001 }); // larger rates diverge on x₀ ≈ 50
    let errScaled = 0;
    let errBare = 0;
    for (const r of rows) {
      errScaled += Math.abs(scaled.predictOne(r.x) - r.y);
      errBare += Math.abs(bare.predictOne(r.x) - r.y);
      scaled.learnOne(r.x, r.y);
      bare.learnOne(r.x, r.y);
    }
    expect(errScaled).toBeLessThan(errBare / 2);
  });

  it("keeps the given instances and describes them in its options", () => {
    const scaler = new StandardScaler({ withStd: false });
    const model = pipe(scaler, new RLSRegressor({ forgettingFactor: 1 }));
    expect(model.steps[0]).toBe(scaler);
    expect(model.options.steps).toEqual([
      { name: "StandardScaler", options: { withStd: false } },
      { name: "RLSRegressor", options: { forgettingFactor: 1, delta: 1e6, learnIntercept: true } },
    ]);
    const fresh = new Pipe(model.options); // same settings, untrained
    expect(fresh.snapshot()).toEqual(pipe(new StandardScaler({ withStd: false }), new RLSRegressor({ forgettingFactor: 1 })).snapshot());
  });

  it("restores every step: identical predictions afterwards", () => {
    const rows = stream(3, 400);
    const model = pipe(new MinMaxScaler({ clip: true }), new StandardScaler(), new PARegressor({ mode: 2 }));
    for (const r of rows.slice(0, 200)) model.learnOne(r.x, r.y);
    const copy = Pipe.restore(model.snapshot());
    expect(copy.options).toEqual(model.options);
    for (const r of rows.slice(200)) {
      expect(Object.is(copy.predictOne(r.x), model.predictOne(r.x))).toBe(true);
      copy.learnOne(r.x, r.y);
      model.learnOne(r.x, r.y);
    }
    expect(copy.snapshot()).toEqual(model.snapshot());
  });

  it("names Pipe and the failing step on bad input, before any step changes", () => {
    const model = pipe(new StandardScaler(), new LinearRegression());
    model.learnOne([1, 2], 3);
    const before = model.snapshot();
    expect(() => model.learnOne([1, NaN], 3)).toThrow("Pipe.learnOne: StandardScaler.learnTransformOne: x[1] must be a finite number");
    expect(() => model.learnOne([1, 2], NaN)).toThrow("Pipe.learnOne: y must be a finite number");
    expect(() => model.learnOne([1, 2, 3], 1)).toThrow(EstimatorInputError);
    expect(() => model.predictOne([Infinity, 2])).toThrow("Pipe.predictOne: StandardScaler.transformOne: x[0]");
    expect(model.snapshot()).toEqual(before);
  });

  it("refuses steps in the wrong place or of unknown classes", () => {
    const notARegressor = new StandardScaler() as unknown as Regressor;
    expect(() => pipe(notARegressor)).toThrow("pipe: step 0 must be a regressor (with predictOne)");
    expect(() => pipe(new LinearRegression() as unknown as Transformer, new LinearRegression())).toThrow("step 0 must be a transformer");
    expect(() => new Pipe({ steps: [{ name: "StandardScaler" }] })).toThrow(EstimatorConfigError);
    expect(() => new Pipe({ steps: [{ name: "LinearRegression" }, { name: "PARegressor" }] })).toThrow(
      "Pipe.constructor: a step before the last must be one of StandardScaler, MinMaxScaler",
    );
    expect(() => new Pipe({ steps: [] })).toThrow("option steps must be a non-empty array");
    expect(() => new Pipe({ steps: [{ name: "LinearRegression", options: { learningRate: -1 } }] })).toThrow("LinearRegression.constructor: option learningRate");
  });

  it("learns and predicts with a regressor it cannot restore, and says so on restore", () => {
    class Constant implements Regressor {
      readonly options = Object.freeze({});
      learnOne(): void {}
      predictOne(): number {
        return 7;
      }
      snapshot(): Uint8Array {
        return new Uint8Array([1, 2, 3]);
      }
    }
    const model = pipe(new StandardScaler(), new Constant());
    model.learnOne([1], 1);
    expect(model.predictOne([1])).toBe(7);
    expect(() => Pipe.restore(model.snapshot())).toThrow('Pipe.restore: the last step must be one of LinearRegression, RLSRegressor, PARegressor, got "Constant"');
  });

  it("defaults to StandardScaler → LinearRegression", () => {
    const model = new Pipe();
    expect(model.options.steps.map((s) => s.name)).toEqual(["StandardScaler", "LinearRegression"]);
    expect(model.steps[0]).toBeInstanceOf(StandardScaler);
    expect(model.steps[1]).toBeInstanceOf(LinearRegression);
  });
});
