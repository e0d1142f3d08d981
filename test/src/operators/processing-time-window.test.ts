// Processing-time windows: assigned by the clock at arrival, fired by ProcessingTimeTrigger when
// the clock reaches end − 1 (Flink's TumblingProcessingTimeWindows & co). The clock is a
// ManualClock; nothing sleeps.
import { describe, expect, it } from "vitest";
import {
  sessionProcessingTime,
  slidingProcessingTime,
  tumblingProcessingTime,
} from "streamine";
import { harness } from "../harness.js";
import { rec, sum, fmt, liveKeys, type Rec, type Out } from "./fixtures.js";



describe("tumblingProcessingTime", () => {
  it("assigns by arrival time, fires at end − 1 of the clock, ignores event timestamps and watermarks", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(tumblingProcessingTime(10))
        .aggregate(sum),
    );
    h.advanceProcessingTime(3);
    h.pushElement(rec("a", 1), 12_345); // the event timestamp plays no part
    h.advanceProcessingTime(7);
    h.pushElement(rec("a", 2)); // no timestamp at all is fine
    h.pushElement(rec("b", 5));
    h.pushWatermark(1_000_000);
    h.advanceProcessingTime(8);
    expect(h.output()).toEqual([]);
    h.advanceProcessingTime(9);
    expect(h.takeOutput().map(fmt).sort()).toEqual(["a@[0,10)=3", "b@[0,10)=5"]);
    expect(liveKeys(h.operator())).toBe(0);
    h.advanceProcessingTime(12);
    h.pushElement(rec("a", 4));
    h.advanceProcessingTime(50); // a jump fires the window once
    expect(h.takeOutput().map(fmt)).toEqual(["a@[10,20)=4"]);
  });

  it("stamps results with end − 1", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(tumblingProcessingTime(10))
        .aggregate(sum),
    );
    h.pushElement(rec("a", 1));
    h.advanceProcessingTime(20);
    expect(h.emitted()).toEqual([{ kind: "record", value: expect.objectContaining({ value: 1 }), ts: 9 }]);
  });

  it("never counts anything as late", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(tumblingProcessingTime(10))
        .aggregate(sum)
        .uid("w"),
    );
    h.pushWatermark(1e9);
    h.pushElement(rec("a", 1), 0);
    h.advanceProcessingTime(10);
    expect(h.output().map(fmt)).toEqual(["a@[0,10)=1"]);
    expect(h.metrics()["w"]).toMatchObject({ in: 1, out: 1, late: 0 });
  });
});

describe("slidingProcessingTime", () => {
  it("puts a record in every window containing its arrival time and fires each at its end − 1", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(slidingProcessingTime(10, 5))
        .aggregate(sum),
    );
    h.advanceProcessingTime(7);
    h.pushElement(rec("a", 1)); // [0, 10) and [5, 15)
    h.advanceProcessingTime(9);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,10)=1"]);
    h.advanceProcessingTime(11);
    h.pushElement(rec("a", 2)); // [5, 15) and [10, 20)
    h.advanceProcessingTime(14);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[5,15)=3"]);
    h.advanceProcessingTime(19);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[10,20)=2"]);
    expect(liveKeys(h.operator())).toBe(0);
  });
});

describe("sessionProcessingTime", () => {
  it("merges arrivals closer than the gap and fires gap after the last one", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(sessionProcessingTime(10))
        .aggregate(sum),
    );
    h.pushElement(rec("a", 1)); // [0, 10)
    h.advanceProcessingTime(5);
    h.pushElement(rec("a", 2)); // [5, 15) → [0, 15)
    h.advanceProcessingTime(13);
    expect(h.output()).toEqual([]); // the first session's own end (9) no longer fires
    h.advanceProcessingTime(14);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,15)=3"]);
    h.advanceProcessingTime(30);
    h.pushElement(rec("a", 4));
    h.advanceProcessingTime(39);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[30,40)=4"]);
    expect(liveKeys(h.operator())).toBe(0);
  });
});
