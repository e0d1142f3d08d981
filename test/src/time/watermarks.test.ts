// Watermark generation and propagation (Flink's BoundedOutOfOrdernessWatermarks,
// TimestampsAndWatermarksOperator and StatusWatermarkValve):
// - boundedOutOfOrderness(B) emits maxTimestampSeen − B − 1 after every batch; initially −∞;
//   the end of a bounded input emits +∞; only increases are forwarded.
// - fromIterable cuts batches of exactly batchSize records, so batchSize 1 updates the watermark
//   after every record, and a record is judged against the watermark current when it arrives.
// - an operator with several inputs (union) forwards the minimum of its inputs' watermarks.
import { describe, expect, it } from "vitest";
import {
  OutputTag,
  Pipeline,
  fromIterable,
  tumbling,
  watermarks,
  type AggregateFunction,
  type WatermarkStrategy,
} from "streamine";
import { harness } from "../harness.js";

interface Ev {
  ts: number;
  v: number;
}
const ev = (ts: number, v = 0): Ev => ({ ts, v });
const sum: AggregateFunction<Ev, number, number> = {
  createAccumulator: () => 0,
  add: (r, acc) => acc + r.v,
  merge: (a, b) => a + b,
  getResult: (acc) => acc,
};

const withTimestamps = (strategy: WatermarkStrategy) =>
  harness<Ev, Ev>((s) => s.assignTimestamps((e) => e.ts, strategy));

describe("boundedOutOfOrderness(B)", () => {
  it("emits max timestamp − B − 1 after every batch, only when it increases, and +∞ at the end", async () => {
    const h = withTimestamps(watermarks.boundedOutOfOrderness(5));
    expect(h.watermarks()).toEqual([]); // −∞ is never sent
    h.pushElements([
      [ev(10), NaN],
      [ev(3), NaN],
      [ev(7), NaN],
    ]);
    expect(h.watermarks()).toEqual([4]); // one watermark for the batch: 10 − 5 − 1
    h.pushElements([[ev(8), NaN]]);
    expect(h.watermarks()).toEqual([4]); // the max is still 10
    h.pushElement(ev(20));
    expect(h.watermarks()).toEqual([4, 14]);
    await h.close();
    expect(h.watermarks()).toEqual([4, 14, Infinity]);
  });

  it("stamps records with the extracted timestamp and sends them before the batch's watermark", () => {
    const h = withTimestamps(watermarks.boundedOutOfOrderness(0));
    h.pushElements([
      [ev(10), 999],
      [ev(3), 999],
    ]);
    expect(h.emitted()).toEqual([
      { kind: "record", value: ev(10), ts: 10 },
      { kind: "record", value: ev(3), ts: 3 },
      { kind: "watermark", ts: 9 },
    ]);
  });

  it("ignores upstream watermarks other than the final +∞", () => {
    const h = withTimestamps(watermarks.boundedOutOfOrderness(0));
    h.pushWatermark(500);
    h.pushElement(ev(10));
    expect(h.watermarks()).toEqual([9]);
    h.pushWatermark(Infinity);
    expect(h.watermarks()).toEqual([9, Infinity]);
  });

  /** The watermark each record sees when it reaches a ProcessFunction after assignTimestamps. */
  async function watermarksSeen(timestamps: number[], batchSize: number, boundMs: number): Promise<number[]> {
    const p = Pipeline.create({ name: "wm", batchSize });
    const seen: number[] = [];
    p.source(fromIterable(timestamps.map((t) => ev(t))))
      .assignTimestamps((e) => e.ts, watermarks.boundedOutOfOrderness(boundMs))
      .process<Ev>({
        processElement(_v, ctx) {
          seen.push(ctx.currentWatermark());
        },
      });
    await p.run();
    return seen;
  }

  it("with batchSize 1 updates the watermark after every record", async () => {
    // watermarks after each record: 5−3=2, 9−3=6, still 6, 20−3=17
    expect(await watermarksSeen([5, 9, 7, 20], 1, 2)).toEqual([-Infinity, 2, 6, 6]);
  });

  it("with batchSize n updates it after every n consecutive records of an array", async () => {
    expect(await watermarksSeen([5, 9, 7, 20], 2, 2)).toEqual([-Infinity, -Infinity, 6, 6]);
    expect(await watermarksSeen([5, 9, 7, 20, 1], 3, 2)).toEqual([-Infinity, -Infinity, -Infinity, 6, 6]);
  });

  it("judges a record against the watermark current when it arrives, so batching decides lateness", async () => {
    async function lateRecords(batchSize: number): Promise<Ev[]> {
      const p = Pipeline.create({ name: "late", batchSize });
      const lateTag = new OutputTag<Ev>("late");
      const late: Ev[] = [];
      const w = p
        .source(fromIterable([ev(20, 1), ev(3, 2)]))
        .assignTimestamps((e) => e.ts, watermarks.boundedOutOfOrderness(0))
        .keyBy(() => "k")
        .window(tumbling(10))
        .sideOutputLateData(lateTag)
        .aggregate(sum);
      w.getSideOutput(lateTag).sink((e) => late.push(e));
      await p.run();
      return late;
    }
    expect(await lateRecords(2)).toEqual([]); // both in one batch: 3 arrives while the watermark is −∞
    expect(await lateRecords(1)).toEqual([ev(3, 2)]); // after ts 20 alone the watermark is 19 ≥ 9
  });
});

describe("other strategies", () => {
  it("monotonousTimestamps() is max timestamp − 1", () => {
    const h = withTimestamps(watermarks.monotonousTimestamps());
    h.pushElement(ev(10));
    h.pushElement(ev(30));
    expect(h.watermarks()).toEqual([9, 29]);
  });

  it("noWatermarks(): event-time windows fire only at the end of input", async () => {
    const h = harness<Ev, number>((s) =>
      s
        .assignTimestamps((e) => e.ts, watermarks.noWatermarks())
        .keyBy(() => "k")
        .window(tumbling(10))
        .aggregate(sum)
        .map((r) => r.value),
    );
    h.pushElement(ev(1, 1));
    h.pushElement(ev(1_000_000, 2));
    expect(h.output()).toEqual([]);
    await h.close();
    expect(h.output()).toEqual([1, 2]);
  });

  it("custom(): a punctuated generator that only advances on marker records", () => {
    const h = withTimestamps(
      watermarks.custom("punctuated", () => {
        let wm = -Infinity;
        let pending = -Infinity;
        return {
          onEvent(ts) {
            if (ts % 100 === 0) pending = ts;
          },
          onBatchEnd() {
            wm = Math.max(wm, pending);
            return wm;
          },
        };
      }),
    );
    h.pushElement(ev(50));
    h.pushElement(ev(100));
    h.pushElement(ev(150));
    expect(h.watermarks()).toEqual([100]);
  });
});

describe("union", () => {
  /** Two inputs with their own timestamps, unioned; input 0 may have idleness. */
  const twoInputs = (strategyA: WatermarkStrategy) =>
    harness<Ev, Ev>((a, p) => {
      const b = p.source(fromIterable<Ev>([]));
      return a
        .assignTimestamps((e) => e.ts, strategyA)
        .union(b.assignTimestamps((e) => e.ts, watermarks.boundedOutOfOrderness(0)));
    });

  it("forwards the minimum of its inputs' watermarks, and only increases", async () => {
    const h = twoInputs(watermarks.boundedOutOfOrderness(0));
    h.pushElement(ev(10), NaN, 0); // A: 9, B: −∞
    expect(h.watermarks()).toEqual([]);
    h.pushElement(ev(5), NaN, 1); // B: 4
    expect(h.watermarks()).toEqual([4]);
    h.pushElement(ev(20), NaN, 1); // B: 19 → min 9
    h.pushElement(ev(30), NaN, 0); // A: 29 → min 19
    expect(h.watermarks()).toEqual([4, 9, 19]);
    expect(h.output().map((e) => e.ts)).toEqual([10, 5, 20, 30]);
    await h.close();
    expect(h.watermarks()).toEqual([4, 9, 19, Infinity]);
  });

  it("holds windows back until the slower input catches up", () => {
    const h = harness<Ev, number>((a, p) => {
      const b = p.source(fromIterable<Ev>([]));
      return a
        .assignTimestamps((e) => e.ts, watermarks.boundedOutOfOrderness(0))
        .union(b.assignTimestamps((e) => e.ts, watermarks.boundedOutOfOrderness(0)))
        .keyBy(() => "k")
        .window(tumbling(10))
        .aggregate(sum)
        .map((r) => r.value);
    });
    h.pushElement(ev(1, 1), NaN, 0);
    h.pushElement(ev(100, 2), NaN, 0);
    expect(h.output()).toEqual([]); // B has not sent a watermark yet
    h.pushElement(ev(5, 4), NaN, 1); // still on time: the union's watermark is −∞ until B reports
    h.pushElement(ev(50, 8), NaN, 1); // union watermark min(99, 49) = 49
    expect(h.output()).toEqual([5]);
  });
});
