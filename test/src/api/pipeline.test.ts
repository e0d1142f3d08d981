import { describe, expect, it } from "vitest";
import { Pipeline, fromIterable, tumbling, watermarks, type AggregateFunction } from "streamine";

interface Reading {
  device: string;
  ts: number;
  v: number;
}

const sum: AggregateFunction<Reading, number, number> = {
  createAccumulator: () => 0,
  add: (r, acc) => acc + r.v,
  merge: (a, b) => a + b,
  getResult: (acc) => acc,
};

describe("Pipeline", () => {
  it("sums a keyed tumbling window over a bounded source and flushes at the end", async () => {
    const readings: Reading[] = [
      { device: "a", ts: 1_000, v: 1 },
      { device: "b", ts: 1_500, v: 10 },
      { device: "a", ts: 59_999, v: 2 },
      { device: "a", ts: 60_000, v: 4 },
    ];
    const p = Pipeline.create({ name: "t", batchSize: 2 });
    const out: string[] = [];
    p.source(fromIterable(readings))
      .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(0))
      .keyBy((r) => r.device)
      .window(tumbling(60_000))
      .aggregate(sum)
      .sink((r) => out.push(`${r.key}@${r.window.start}-${r.window.end}=${r.value}`));
    await p.run();
    expect(out.sort()).toEqual(["a@0-60000=3", "a@60000-120000=4", "b@0-60000=10"]);
  });

  it("runs map, filter and flatMap in order and counts what each did", async () => {
    const p = Pipeline.create({ name: "t" });
    const out: number[] = [];
    p.source(fromIterable([1, 2, 3, 4]))
      .map((x) => x * 10)
      .filter((x) => x !== 20)
      .flatMap<number>((x, c) => {
        c.collect(x);
        c.collect(x + 1);
      })
      .sink((x) => out.push(x));
    await p.run();
    expect(out).toEqual([10, 11, 30, 31, 40, 41]);
    const m = p.metrics();
    expect(m["filter-2"]).toMatchObject({ in: 4, out: 3, filtered: 1, emitted: 3 });
    expect(m["flatMap-3"]).toMatchObject({ in: 3, out: 3, emitted: 6 });
  });

  it("names operators by kind and position unless given a uid, sinks included", async () => {
    const p = Pipeline.create({ name: "t" });
    const out: number[] = [];
    p.source(fromIterable([1, 2])).uid("numbers").map((x) => x + 1).sink((x) => out.push(x)).uid("collect");
    await p.run();
    expect(Object.keys(p.metrics())).toEqual(["numbers", "map-1", "collect"]);
    expect(p.metrics()["collect"]).toMatchObject({ in: 2, out: 2 });
  });
});
