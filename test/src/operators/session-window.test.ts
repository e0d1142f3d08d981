// Event-time session windows (Flink's EventTimeSessionWindows + MergingWindowSet): each record
// opens [ts, ts + gap); windows of a key that overlap or touch merge (TimeWindow.intersects)
// and their accumulators merge with AggregateFunction.merge; a record's lateness is judged on the
// window it merges into.
import { describe, expect, it } from "vitest";
import {
  OutputTag,
  session,
  triggers,
  type AggregateFunction,
} from "streamine";
import { harness } from "../harness.js";
import { rec, fmt, liveKeys, type Rec, type Out } from "./fixtures.js";


let merges = 0;
const sum: AggregateFunction<Rec, { s: number }, number> = {
  createAccumulator: () => ({ s: 0 }),
  add: (r, acc) => ({ s: acc.s + r.v }),
  merge: (a, b) => {
    merges++;
    return { s: a.s + b.s };
  },
  getResult: (acc) => acc.s,
};

describe("session(gap) windows", () => {
  it("merge overlapping and touching sessions, including a record that bridges two", () => {
    merges = 0;
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(session(10))
        .aggregate(sum),
    );
    h.pushElement(rec("a", 1), 0); // [0, 10)
    h.pushElement(rec("a", 2), 5); // [5, 15) overlaps → [0, 15)
    h.pushElement(rec("a", 4), 30); // [30, 40), separate
    h.pushElement(rec("a", 8), 20); // [20, 30) touches [30, 40) → [20, 40)
    h.pushElement(rec("b", 100), 14); // another key: its own session [14, 24)
    h.pushWatermark(13);
    expect(h.takeOutput()).toEqual([]); // a's [0, 15) ends at 14
    h.pushElement(rec("a", 16), 15); // [15, 25) touches [0, 15) and overlaps [20, 40) → [0, 40)
    expect(merges).toBeGreaterThan(0); // two sessions holding values were combined with merge
    h.pushWatermark(38);
    // b's session fires; a's merged window ends at 40, so neither 14 nor 29 fired anything
    expect(h.takeOutput().map(fmt)).toEqual(["b@[14,24)=100"]);
    h.pushWatermark(39);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,40)=31"]);
    expect(liveKeys(h.operator())).toBe(0);
  });

  it("sessions separated by more than the gap stay apart", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(session(10))
        .aggregate(sum),
    );
    h.pushElement(rec("a", 1), 0); // [0, 10)
    h.pushElement(rec("a", 2), 11); // [11, 21): 10 < 11, a gap of one ms
    h.pushWatermark(100);
    expect(h.output().map(fmt)).toEqual(["a@[0,10)=1", "a@[11,21)=2"]);
  });

  it("judges a record's lateness on the window it merges into", () => {
    const lateTag = new OutputTag<Rec>("late");
    const h = harness<Rec, Out>(
      (s) =>
        s
          .keyBy((r) => r.k)
          .window(session(10))
          .sideOutputLateData(lateTag)
          .aggregate(sum),
      { sideOutputs: [lateTag] },
    );
    h.pushElement(rec("a", 1), 15); // [15, 25)
    h.pushWatermark(14);
    // Alone, [5, 15) would be late (14 ≤ 14), but it touches [15, 25): the merged [5, 25) is not.
    h.pushElement(rec("a", 2), 5);
    // [0, 10) overlaps [5, 25): it merges too, into [0, 25), which is not late.
    h.pushElement(rec("a", 4), 0);
    // [−20, −10) touches nothing and is late on its own.
    h.pushElement(rec("a", 8), -20);
    expect(h.sideOutput(lateTag)).toEqual([rec("a", 8)]);
    h.pushWatermark(24);
    expect(h.output().map(fmt)).toEqual(["a@[0,25)=7"]);
  });

  it("with allowed lateness, a late record merging into a fired session re-fires the grown session", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(session(10))
        .allowedLateness(20)
        .aggregate(sum),
    );
    h.pushElement(rec("a", 1), 0); // [0, 10)
    h.pushWatermark(9);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,10)=1"]);
    h.pushElement(rec("a", 2), 3); // [3, 13) → [0, 13): end − 1 = 12 > 9, fires at 12
    expect(h.takeOutput()).toEqual([]);
    h.pushWatermark(12);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,13)=3"]);
    h.pushElement(rec("a", 4), 1); // inside [0, 13), already fired, within lateness: at once
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,13)=7"]);
    h.pushWatermark(32); // cleanup 12 + 20
    expect(liveKeys(h.operator())).toBe(0);
  });

  it("merges trigger state: a count trigger counts the elements of all merged sessions", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(session(10))
        .trigger(triggers.count(3))
        .aggregate(sum),
    );
    h.pushElement(rec("a", 1), 0); // [0, 10): count 1
    h.pushElement(rec("a", 2), 20); // [20, 30): count 1
    expect(h.output()).toEqual([]);
    h.pushElement(rec("a", 4), 10); // [10, 20) touches both → [0, 30): 1 + 1 + 1 = 3 → FIRE
    expect(h.output().map(fmt)).toEqual(["a@[0,30)=7"]);
  });

  it("frees every key once its sessions are purged", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(session(5))
        .aggregate(sum),
    );
    for (let i = 0; i < 40; i++) h.pushElement(rec(`k${i % 10}`, 1), i * 3);
    expect(liveKeys(h.operator())).toBe(10);
    h.pushWatermark(1_000);
    expect(liveKeys(h.operator())).toBe(0);
    // Per key the records are 30 ms apart (> gap 5), so every record is its own session.
    expect(h.output()).toHaveLength(40);
  });
});
