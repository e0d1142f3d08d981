// Continuous triggers: early, repeated results of a long window (Flink's
// ContinuousEventTimeTrigger / ContinuousProcessingTimeTrigger). The first fire time is
// `t − t % interval + interval` (t = the first element's timestamp, or the processing time),
// capped at the window's end − 1; each fire registers the next one `interval` later; the
// event-time variant also fires at end − 1. Fires do not purge: results are running totals.
import { describe, expect, it } from "vitest";
import {
  globalWindow,
  triggers,
  tumbling,
  tumblingProcessingTime,
} from "streamine";
import { harness } from "../harness.js";
import { rec, sum, fmt, liveKeys, type Rec, type Out } from "./fixtures.js";



describe("continuousEventTime(interval) on tumbling(100)", () => {
  const build = () =>
    harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(tumbling(100))
        .trigger(triggers.continuousEventTime(30))
        .aggregate(sum),
    );

  it("fires early every interval of event time, then at end − 1, then frees the window", () => {
    const h = build();
    h.pushElement(rec("a", 1), 5); // first fire at 5 − 5 % 30 + 30 = 30
    h.pushElement(rec("a", 2), 40); // the pending fire time is kept
    h.pushWatermark(29);
    expect(h.takeOutput()).toEqual([]);
    h.pushWatermark(30);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,100)=3"]); // early result includes the record at 40
    h.pushElement(rec("a", 4), 70);
    h.pushWatermark(60);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,100)=7"]);
    // 90, then min(120, 99) = 99 which is also the end-of-window fire (one timer per time).
    h.pushWatermark(99);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,100)=7", "a@[0,100)=7"]);
    expect(liveKeys(h.operator())).toBe(0);
    h.pushWatermark(500);
    expect(h.takeOutput()).toEqual([]);
  });

  it("a watermark jump fires every pending interval in order, each with the results so far", () => {
    const h = build();
    h.pushElement(rec("a", 1), 31); // first fire at 60
    h.pushElement(rec("b", 10), 0); // first fire at 30
    h.pushWatermark(99);
    expect(h.output().map(fmt)).toEqual([
      "b@[0,100)=10", // 30
      "a@[0,100)=1", // 60
      "b@[0,100)=10", // 60
      "a@[0,100)=1", // 90
      "b@[0,100)=10", // 90
      "a@[0,100)=1", // 99
      "b@[0,100)=10", // 99
    ]);
  });

  it("an element arriving after the window's end (within lateness) fires at once", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(tumbling(100))
        .allowedLateness(50)
        .trigger(triggers.continuousEventTime(30))
        .aggregate(sum),
    );
    h.pushElement(rec("a", 1), 95);
    h.pushWatermark(99);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,100)=1"]); // 95 − 95 % 30 + 30 = 120 → capped at 99
    h.pushElement(rec("a", 2), 10);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,100)=3"]);
    h.pushWatermark(149);
    expect(h.takeOutput()).toEqual([]);
    expect(liveKeys(h.operator())).toBe(0);
  });
});

describe("continuousProcessingTime(interval)", () => {
  it("on tumblingProcessingTime(100): fires every interval of the clock, last at end − 1, then frees", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(tumblingProcessingTime(100))
        .trigger(triggers.continuousProcessingTime(30))
        .aggregate(sum),
    );
    h.advanceProcessingTime(5);
    h.pushElement(rec("a", 1)); // window [0, 100) by arrival time; first fire at 30
    h.advanceProcessingTime(29);
    expect(h.takeOutput()).toEqual([]);
    h.advanceProcessingTime(30);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,100)=1"]);
    h.advanceProcessingTime(45);
    h.pushElement(rec("a", 2));
    h.pushWatermark(1_000); // watermarks do not drive processing-time triggers
    expect(h.takeOutput()).toEqual([]);
    h.advanceProcessingTime(60);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,100)=3"]);
    h.advanceProcessingTime(99); // 90, then min(120, 99) = 99
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,100)=3", "a@[0,100)=3"]);
    expect(liveKeys(h.operator())).toBe(0);
    h.advanceProcessingTime(1_000);
    expect(h.takeOutput()).toEqual([]);
  });

  it("on globalWindow(): a running total every interval, forever", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(globalWindow())
        .trigger(triggers.continuousProcessingTime(30))
        .aggregate(sum),
    );
    h.advanceProcessingTime(10);
    h.pushElement(rec("a", 1), 0);
    h.advanceProcessingTime(20);
    h.pushElement(rec("a", 2), 0);
    h.advanceProcessingTime(65);
    expect(h.takeOutput().map((r) => r.value)).toEqual([3, 3]); // at 30 and 60
    h.pushElement(rec("a", 4), 0);
    h.advanceProcessingTime(90);
    expect(h.takeOutput().map((r) => r.value)).toEqual([7]);
  });
});
