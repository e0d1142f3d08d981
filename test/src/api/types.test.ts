import { describe, expectTypeOf, it } from "vitest";
import {
  OutputTag,
  Pipeline,
  fromIterable,
  tumbling,
  watermarks,
  type DataStream,
  type DeadLetter,
  type KeyedStream,
  type WindowResult,
} from "streamine";

interface Reading {
  device: string;
  ts: number;
  v: number;
}

describe("public signatures", () => {
  const p = Pipeline.create({ name: "types" });
  const readings = p.source(fromIterable<Reading>([]));

  it("keeps record types through the fluent chain", () => {
    expectTypeOf(readings).toEqualTypeOf<DataStream<Reading>>();
    expectTypeOf(readings.map((r) => r.v)).toEqualTypeOf<DataStream<number>>();
    expectTypeOf(readings.filter((r) => r.v > 0)).toEqualTypeOf<DataStream<Reading>>();
    expectTypeOf(readings.keyBy((r) => r.device)).toEqualTypeOf<KeyedStream<string, Reading>>();
    expectTypeOf(p.deadLetters()).toEqualTypeOf<DataStream<DeadLetter>>();
  });

  it("types window results as { key, window, value }", () => {
    const sums = readings
      .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(10))
      .keyBy((r) => r.device)
      .window(tumbling(1_000))
      .aggregate({
        createAccumulator: () => ({ n: 0 }),
        add: (r, acc) => ({ n: acc.n + r.v }),
        getResult: (acc) => acc.n,
      });
    expectTypeOf(sums).toEqualTypeOf<DataStream<WindowResult<string, number>>>();
    const late = new OutputTag<Reading>("late");
    expectTypeOf(sums.getSideOutput(late)).toEqualTypeOf<DataStream<Reading>>();
  });

  it("rejects keys that do not compare by value", () => {
    // @ts-expect-error objects are not keys
    readings.keyBy((r) => ({ d: r.device }));
  });
});
