// ProcessWindowFunction: evaluated over all of a window's buffered elements (Flink's
// ProcessWindowFunction), with the window, watermark and side outputs in its context.
import { describe, expect, it } from "vitest";
import { OutputTag, tumbling, type ProcessWindowFunction } from "streamine";
import type { WindowOperator } from "../../../src/operators/window.js";
import { harness } from "../harness.js";
import { rec, type Rec } from "./fixtures.js";


const sizes = new OutputTag<string>("sizes");

/** Emits "key [start,end) wm=… v1,v2,…" and the element count on a side output. */
const describeWindow: ProcessWindowFunction<Rec, string, string> = {
  process(key, ctx, elements, out) {
    out.collect(`${key} [${ctx.window.start},${ctx.window.end}) wm=${ctx.currentWatermark()} ${elements.map((e) => e.v).join(",")}`);
    ctx.output(sizes, `${key}:${elements.length}`);
  },
};

describe("ProcessWindowFunction", () => {
  it("sees every element in arrival order, the window and the watermark that fired it", () => {
    const h = harness<Rec, string>(
      (s) =>
        s
          .keyBy((r) => r.k)
          .window(tumbling(10))
          .process(describeWindow),
      { sideOutputs: [sizes] },
    );
    h.pushElements([
      [rec("a", 3), 7],
      [rec("a", 1), 2],
      [rec("b", 9), 5],
      [rec("a", 2), 12],
    ]);
    h.pushWatermark(11);
    expect(h.takeOutput().sort()).toEqual(["a [0,10) wm=11 3,1", "b [0,10) wm=11 9"]);
    expect(h.sideOutput(sizes).sort()).toEqual(["a:2", "b:1"]);
    h.pushWatermark(19);
    expect(h.takeOutput()).toEqual(["a [10,20) wm=19 2"]);
  });

  it("may emit any number of records, each stamped with the window's end − 1", () => {
    const h = harness<Rec, number>((s) =>
      s
        .keyBy((r) => r.k)
        .window(tumbling(10))
        .process<number>({
          process(_key, _ctx, elements, out) {
            for (const e of [...elements].sort((a, b) => a.v - b.v)) out.collect(e.v);
          },
        }),
    );
    h.pushElements([
      [rec("a", 3), 1],
      [rec("a", 1), 2],
      [rec("a", 2), 3],
    ]);
    h.pushWatermark(9);
    expect(h.emitted()).toEqual([
      { kind: "record", value: 1, ts: 9 },
      { kind: "record", value: 2, ts: 9 },
      { kind: "record", value: 3, ts: 9 },
      { kind: "watermark", ts: 9 },
    ]);
  });

  it("re-fires over all elements, old and allowed-late, then frees the window at cleanup", () => {
    const h = harness<Rec, string>(
      (s) =>
        s
          .keyBy((r) => r.k)
          .window(tumbling(10))
          .allowedLateness(10)
          .process(describeWindow),
      { sideOutputs: [sizes] },
    );
    h.pushElement(rec("a", 1), 1);
    h.pushWatermark(9);
    h.pushElement(rec("a", 2), 5);
    expect(h.takeOutput()).toEqual(["a [0,10) wm=9 1", "a [0,10) wm=9 1,2"]);
    expect((h.operator() as WindowOperator).liveKeyCount()).toBe(1);
    h.pushWatermark(19);
    expect((h.operator() as WindowOperator).liveKeyCount()).toBe(0);
  });

  it("a throwing process function dead-letters the window (not an input) and the pipeline goes on", () => {
    const h = harness<Rec, string>((s) =>
      s
        .keyBy((r) => r.k)
        .window(tumbling(10))
        .process<string>({
          process(key, _ctx, elements, out) {
            if (key === "bad") throw new Error("no");
            out.collect(`${key}:${elements.length}`);
          },
        })
        .uid("pw"),
    );
    h.pushElements([
      [rec("bad", 1), 1],
      [rec("ok", 1), 1],
    ]);
    h.pushWatermark(9);
    expect(h.output()).toEqual(["ok:1"]);
    const [letter] = h.deadLetters();
    expect(letter?.operator).toBe("pw");
    expect(letter?.reason).toMatch(/window result function threw Error: no/);
    expect(letter?.record).toMatchObject({ key: "bad", window: { start: 0, end: 10 } });
    // A failed evaluation is not a failed input: both inputs were absorbed.
    expect(h.metrics()["pw"]).toMatchObject({ in: 2, out: 2, deadLettered: 0 });
  });
});
