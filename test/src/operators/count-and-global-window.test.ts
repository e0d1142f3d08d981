// Count triggers, purging triggers, countWindow and globalWindow (Flink's CountTrigger,
// PurgingTrigger, GlobalWindows, KeyedStream.countWindow).
import { describe, expect, it } from "vitest";
import {
  Pipeline,
  countWindow,
  fromIterable,
  globalWindow,
  triggers,
  tumbling,
} from "streamine";
import { harness } from "../harness.js";
import { rec, sum, liveKeys, type Rec, type Out } from "./fixtures.js";


const values = (out: Out[]): string[] => out.map((r) => `${r.key}=${r.value}`);

describe("count trigger on an event-time tumbling window", () => {
  it("fires every n elements without purging, never at the window end, and is cleaned up at end − 1", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(tumbling(100))
        .trigger(triggers.count(2))
        .aggregate(sum),
    );
    h.pushElement(rec("a", 1), 1);
    h.pushElement(rec("b", 10), 1);
    h.pushElement(rec("a", 2), 2); // a's 2nd: FIRE, contents kept
    expect(values(h.takeOutput())).toEqual(["a=3"]);
    h.pushElement(rec("a", 4), 3);
    h.pushElement(rec("a", 8), 4); // 4th: FIRE with everything so far
    expect(values(h.takeOutput())).toEqual(["a=15"]);
    h.pushWatermark(99); // CountTrigger.onEventTime → CONTINUE: the window end does not fire
    expect(h.takeOutput()).toEqual([]);
    expect(liveKeys(h.operator())).toBe(0); // but the cleanup timer at end − 1 freed both keys
    h.pushElement(rec("a", 16), 150);
    expect(liveKeys(h.operator())).toBe(1);
  });

  it("purging(count(n)) fires every n elements with only those elements", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(tumbling(100))
        .trigger(triggers.purging(triggers.count(2)))
        .aggregate(sum),
    );
    for (const v of [1, 2, 4, 8, 16]) h.pushElement(rec("a", v), v);
    expect(values(h.takeOutput())).toEqual(["a=3", "a=12"]);
    h.pushWatermark(99);
    expect(h.takeOutput()).toEqual([]); // 16 never completes a group
  });
});

describe("countWindow(n)", () => {
  it("fires each key's every n elements in arrival order; a trailing partial window never fires", async () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(countWindow(3))
        .aggregate(sum),
    );
    h.pushElements([
      [rec("a", 1), 50],
      [rec("b", 100), 1],
      [rec("a", 2), 10], // arrival order, not timestamps, makes the groups
      [rec("a", 4), 0],
      [rec("a", 8), 5],
      [rec("b", 200), 2],
      [rec("a", 16), 5],
      [rec("b", 400), 3],
    ]);
    expect(values(h.takeOutput())).toEqual(["a=7", "b=700"]);
    h.pushWatermark(1_000);
    await h.close(); // +∞ watermark: a's trailing [8, 16] still does not fire
    expect(h.output()).toEqual([]);
  });

  it("frees a key whose last group fired; a key with a partial group stays", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(countWindow(2))
        .aggregate(sum),
    );
    h.pushElements([
      [rec("a", 1), 0],
      [rec("b", 1), 0],
      [rec("a", 1), 0],
    ]);
    expect(values(h.output())).toEqual(["a=2"]);
    expect(liveKeys(h.operator())).toBe(1);
    h.pushElement(rec("b", 1), 0);
    expect(liveKeys(h.operator())).toBe(0);
  });

  it("reports the global window [−∞, +∞) as its window", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(countWindow(1))
        .aggregate(sum),
    );
    h.pushElement(rec("a", 1), 0);
    const [r] = h.output();
    expect(r?.window.start).toBe(-Infinity);
    expect(r?.window.end).toBe(Infinity);
  });

  // Flink's countWindow needs no timestamps: GlobalWindows.isEventTime() is false, so records
  // without timestamps are windowed by arrival. Here globalWindow() is an event-time assigner and
  // the window operator dead-letters every record that has no timestamp.
  it("works on a stream without timestamps (no assignTimestamps)", async () => {
    const p = Pipeline.create({ name: "count-no-ts" });
    const out: number[] = [];
    const letters: unknown[] = [];
    p.source(fromIterable([rec("a", 1), rec("a", 2), rec("a", 4), rec("a", 8)]))
      .keyBy((r) => r.k)
      .window(countWindow(2))
      .aggregate(sum)
      .sink((r) => out.push(r.value));
    p.deadLetters().sink((d) => letters.push(d));
    await p.run();
    expect(letters).toEqual([]);
    expect(out).toEqual([3, 12]);
  });
});

describe("globalWindow()", () => {
  it("never fires without a trigger, not even at the end of input", async () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(globalWindow())
        .aggregate(sum),
    );
    h.pushElement(rec("a", 1), 0);
    h.pushWatermark(1e12);
    await h.close();
    expect(h.output()).toEqual([]);
  });

  it("with a non-purging count trigger emits the running total every n elements", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(globalWindow().trigger(triggers.count(2)))
        .aggregate(sum),
    );
    for (const v of [1, 2, 4, 8, 16]) h.pushElement(rec("a", v), 0);
    expect(values(h.output())).toEqual(["a=3", "a=15"]);
  });

  it("WindowedStream.trigger and WindowAssigner.trigger give the same results", () => {
    const run = (viaStream: boolean): string[] => {
      const h = harness<Rec, Out>((s) => {
        const keyed = s.keyBy((r) => r.k);
        const w = viaStream ? keyed.window(globalWindow()).trigger(triggers.count(2)) : keyed.window(globalWindow().trigger(triggers.count(2)));
        return w.aggregate(sum);
      });
      for (const v of [1, 2, 4, 8, 16]) h.pushElement(rec("a", v), 0);
      return values(h.output());
    };
    expect(run(true)).toEqual(["a=3", "a=15"]);
    expect(run(false)).toEqual(run(true));
  });

  it("with the event-time trigger fires once, at the end of input (+∞ reaches its end − 1)", async () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(globalWindow())
        .trigger(triggers.eventTime())
        .aggregate(sum),
    );
    h.pushElement(rec("a", 1), 5);
    h.pushElement(rec("a", 2), 1e15);
    h.pushWatermark(1e15);
    expect(h.output()).toEqual([]);
    await h.close();
    expect(values(h.output())).toEqual(["a=3"]);
    expect(liveKeys(h.operator())).toBe(0);
  });
});
