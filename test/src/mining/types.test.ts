// Public signatures of the mining operators (rxjs spec-dtslint style): outputs are typed by the
// model, supervised models require y, unsupervised ones refuse it, order is required.
import { describe, expectTypeOf, it } from "vitest";
import {
  Pipeline,
  features,
  fromIterable,
  tumbling,
  type DataStream,
  type Detection,
  type Features,
  type Learned,
  type Prediction,
  type Scored,
  type WindowResult,
} from "streamine";
import { EWZScore, LinearRegression, QuantileFilter, pipe, StandardScaler } from "streamine/algorithms";

interface Reading {
  device: string;
  ts: number;
  temp: number;
  load: number;
  label: number;
}

describe("mining signatures", () => {
  const p = Pipeline.create({ name: "types" });
  const keyed = p.source(fromIterable<Reading>([])).keyBy((r) => r.device);

  it("types each operator's output from the model", () => {
    expectTypeOf(keyed.detect(() => new EWZScore(), 3, { x: ["temp"], order: "score-then-learn" })).toEqualTypeOf<DataStream<Detection<string>>>();
    expectTypeOf(keyed.detect(() => new EWZScore(), () => new QuantileFilter(), { x: (r) => [r.temp], order: "learn-then-score" })).toEqualTypeOf<DataStream<Detection<string>>>();
    expectTypeOf(keyed.score(() => new EWZScore(), { x: ["temp"], order: "score-then-learn" })).toEqualTypeOf<DataStream<Scored<string>>>();
    expectTypeOf(keyed.predict(() => new LinearRegression(), { x: ["temp", "load"], y: (r) => r.label })).toEqualTypeOf<DataStream<Prediction<string, number, number>>>();
    expectTypeOf(keyed.predict(() => pipe(new StandardScaler(), new LinearRegression()), { x: ["temp"] })).toEqualTypeOf<DataStream<Prediction<string, number, number>>>();
    expectTypeOf(keyed.learn(() => new LinearRegression(), { x: ["temp"], y: (r) => r.label })).toEqualTypeOf<DataStream<Learned<string>>>();
    expectTypeOf(keyed.learn(() => new EWZScore(), { x: ["temp"] })).toEqualTypeOf<DataStream<Learned<string>>>();
  });

  it("windows: the same operators over feature vectors, and features() as an aggregate", () => {
    const w = keyed.window(tumbling(60_000));
    expectTypeOf(w.detect(() => new EWZScore(), 3, { features: ["temp"], stats: ["mean"], order: "score-then-learn" })).toEqualTypeOf<DataStream<Detection<string>>>();
    expectTypeOf(w.predict(() => new LinearRegression(), { features: { t: (r) => r.temp }, y: (f) => f.value.vector[0] ?? null })).toEqualTypeOf<DataStream<Prediction<string, number, number>>>();
    expectTypeOf(w.aggregate(features(["temp", "load"], { windowMs: 60_000 }))).toEqualTypeOf<DataStream<WindowResult<string, Features>>>();
  });

  it("refuses what cannot work (checked by tsc; never run: each would also be a ConfigError)", () => {
    const typeChecksOnly = (): void => {
      // @ts-expect-error a supervised model needs y
      keyed.learn(() => new LinearRegression(), { x: ["temp"] });
      // @ts-expect-error a model without targets takes no y
      keyed.learn(() => new EWZScore(), { x: ["temp"], y: (r) => r.label });
      // @ts-expect-error order is required
      keyed.score(() => new EWZScore(), { x: ["temp"] });
      // @ts-expect-error x names fields of the record
      keyed.score(() => new EWZScore(), { x: ["pressure"], order: "score-then-learn" });
      // @ts-expect-error a regressor is not an anomaly detector
      keyed.detect(() => new LinearRegression(), 3, { x: ["temp"], order: "score-then-learn" });
      // @ts-expect-error y's type follows the model's target
      keyed.predict(() => new LinearRegression(), { x: ["temp"], y: (r) => r.device });
    };
    expectTypeOf(typeChecksOnly).toBeFunction();
  });
});
