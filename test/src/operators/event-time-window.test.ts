// Event-time windows with the default trigger, Flink's WindowOperatorTest style. Each case runs on
// both physical paths: the slice operator (tumbling/sliding aggregate, default trigger) and the
// general window operator (forced by setting the same event-time trigger explicitly).
// Rules (Flink): a window [start, end) fires when watermark ≥ end − 1; a record is late when for
// every window it would join end − 1 + allowedLateness ≤ watermark; an allowed-late record
// re-fires its window at once; state is purged at end − 1 + allowedLateness.
import { describe, expect, it } from "vitest";
import {
  OutputTag,
  sliding,
  triggers,
  tumbling,
  type WindowAssigner,
  type WindowedStream,
} from "streamine";
import type { SliceWindowAggregateOperator } from "../../../src/operators/slice-window-aggregate.js";
import { WindowOperator } from "../../../src/operators/window.js";
import type { Operator } from "../../../src/runtime/operator.js";
import { harness } from "../harness.js";
import { rec, sum, fmt, type Rec, type Out } from "./fixtures.js";



/** Whether the operator still holds state: keys (window operator) or slices (slice operator). */
function holdsState(op: Operator): boolean {
  if (op instanceof WindowOperator) return op.liveKeyCount() > 0;
  return (op as SliceWindowAggregateOperator).stateSize().slices > 0;
}

const paths: [string, (w: WindowedStream<string, Rec>) => WindowedStream<string, Rec>, string][] = [
  ["slice operator", (w) => w, "SliceWindowAggregateOperator"],
  ["window operator", (w) => w.trigger(triggers.eventTime()), "WindowOperator"],
];

describe.each(paths)("event-time windows on the %s", (_name, path, opClass) => {
  function build(assigner: WindowAssigner, latenessMs = 0, lateTag: OutputTag<Rec> | null = null) {
    return harness<Rec, Out>(
      (s) => {
        let w = path(s.keyBy((r) => r.k).window(assigner)).allowedLateness(latenessMs);
        if (lateTag !== null) w = w.sideOutputLateData(lateTag);
        return w.aggregate(sum).uid("w");
      },
      lateTag === null ? {} : { sideOutputs: [lateTag] },
    );
  }

  it(`runs on the ${opClass}`, () => {
    expect(build(tumbling(10)).operator().constructor.name).toBe(opClass);
  });

  it("fires a tumbling window when the watermark reaches end − 1, not before", () => {
    const h = build(tumbling(10));
    h.pushElement(rec("a", 1), 1);
    h.pushElement(rec("b", 5), 3);
    h.pushElement(rec("a", 2), 9); // last timestamp inside [0, 10)
    h.pushElement(rec("a", 4), 10); // first timestamp of [10, 20)
    h.pushWatermark(8);
    expect(h.output()).toEqual([]);
    h.pushWatermark(9);
    expect(h.takeOutput().map(fmt).sort()).toEqual(["a@[0,10)=3", "b@[0,10)=5"]);
    h.pushWatermark(18);
    expect(h.output()).toEqual([]);
    h.pushWatermark(19);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[10,20)=4"]);
  });

  it("stamps each result with its window's end − 1 and emits it before the watermark", () => {
    const h = build(tumbling(10));
    h.pushElement(rec("a", 1), 12);
    h.pushWatermark(25);
    expect(h.emitted().map((e) => (e.kind === "record" ? `r${e.ts}` : `w${e.ts}`))).toEqual(["r19", "w25"]);
  });

  it("fires every window a watermark jump passes, each once", () => {
    const h = build(tumbling(10));
    h.pushElements([
      [rec("a", 1), 5],
      [rec("a", 2), 15],
      [rec("a", 4), 35],
    ]);
    h.pushWatermark(100);
    h.pushWatermark(200);
    expect(h.output().map(fmt)).toEqual(["a@[0,10)=1", "a@[10,20)=2", "a@[30,40)=4"]);
  });

  it("drops a record that is late for its window (cleanup end − 1 ≤ watermark) and counts it", () => {
    const h = build(tumbling(10));
    h.pushElement(rec("a", 1), 1);
    h.pushWatermark(9);
    h.pushElement(rec("a", 100), 9); // [0, 10) is cleaned up at 9: late
    h.pushElement(rec("a", 7), 10); // [10, 20) is open
    h.pushWatermark(19);
    expect(h.output().map(fmt)).toEqual(["a@[0,10)=1", "a@[10,20)=7"]);
    expect(h.metrics()["w"]).toMatchObject({ in: 3, out: 2, late: 1, emitted: 2 });
  });

  it("sends late records to the late side output with their timestamps", () => {
    const lateTag = new OutputTag<Rec>("late");
    const h = build(tumbling(10), 0, lateTag);
    h.pushElement(rec("a", 1), 5);
    h.pushWatermark(12);
    h.pushElement(rec("a", 2), 3);
    h.pushElement(rec("b", 3), 0);
    h.pushElement(rec("b", 4), 11); // on time for [10, 20)
    expect(h.sideOutput(lateTag)).toEqual([rec("a", 2), rec("b", 3)]);
    h.pushWatermark(19);
    expect(h.output().map(fmt)).toEqual(["a@[0,10)=1", "b@[10,20)=4"]);
    expect(h.metrics()["w"]).toMatchObject({ late: 2 });
  });

  it("with allowed lateness, re-fires at once per allowed-late record and purges at end − 1 + lateness", () => {
    const lateTag = new OutputTag<Rec>("late");
    const h = build(tumbling(10), 5, lateTag);
    h.pushElement(rec("a", 1), 1);
    h.pushWatermark(9);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,10)=1"]);
    h.pushElement(rec("a", 2), 4); // 9 + 5 = 14 > 9: allowed-late, re-fires with the updated result
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,10)=3"]);
    h.pushWatermark(13);
    expect(h.takeOutput()).toEqual([]); // a watermark does not re-fire a fired window
    h.pushElement(rec("a", 4), 0);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,10)=7"]);
    h.pushElement(rec("b", 8), 2); // a key first seen while allowed-late fires its own result at once
    expect(h.takeOutput().map(fmt)).toEqual(["b@[0,10)=8"]);
    expect(holdsState(h.operator())).toBe(true);
    h.pushWatermark(14); // cleanup time 9 + 5
    expect(holdsState(h.operator())).toBe(false);
    h.pushElement(rec("a", 16), 9);
    expect(h.takeOutput()).toEqual([]);
    expect(h.sideOutput(lateTag)).toEqual([rec("a", 16)]);
    expect(h.metrics()["w"]).toMatchObject({ in: 5, out: 4, late: 1, emitted: 4 });
  });

  it("does not fire windows early while within lateness, only when the watermark passes end − 1", () => {
    const h = build(tumbling(10), 100);
    h.pushElement(rec("a", 1), 1);
    h.pushWatermark(8);
    expect(h.output()).toEqual([]);
    h.pushWatermark(9);
    expect(h.output().map(fmt)).toEqual(["a@[0,10)=1"]);
  });

  it("a sliding record is late only when late for every window containing it", () => {
    const lateTag = new OutputTag<Rec>("late");
    const h = build(sliding(10, 5), 0, lateTag);
    h.pushElement(rec("a", 1), 7); // in [0, 10) and [5, 15)
    h.pushWatermark(9);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,10)=1"]);
    h.pushElement(rec("a", 2), 6); // [0, 10) is done, [5, 15) is open: accepted, no re-fire of [0, 10)
    h.pushElement(rec("a", 4), 4); // only in [-5, 5) and [0, 10), both done: late
    expect(h.takeOutput()).toEqual([]);
    expect(h.sideOutput(lateTag)).toEqual([rec("a", 4)]);
    h.pushWatermark(14);
    expect(h.takeOutput().map(fmt)).toEqual(["a@[5,15)=3"]);
    h.pushWatermark(30);
    expect(holdsState(h.operator())).toBe(false);
  });

  it("aligns windows to the offset and handles negative timestamps", () => {
    const h = build(tumbling(10, 3));
    h.pushElement(rec("a", 1), 2); // [-7, 3)
    h.pushElement(rec("a", 2), 3); // [3, 13)
    h.pushElement(rec("a", 4), -8); // [-17, -7)
    h.pushWatermark(100);
    expect(h.output().map(fmt)).toEqual(["a@[-17,-7)=4", "a@[-7,3)=1", "a@[3,13)=2"]);
  });

  it("frees every key's state once its windows are purged", () => {
    const h = build(tumbling(10), 5);
    for (let i = 0; i < 50; i++) h.pushElement(rec(`k${i}`, 1), i % 20);
    expect(holdsState(h.operator())).toBe(true);
    h.pushWatermark(24); // [10, 20) fires at 19, purged at 24
    expect(h.output()).toHaveLength(50);
    expect(holdsState(h.operator())).toBe(false);
  });

  it("dead-letters a record without an event timestamp (no assignTimestamps upstream)", () => {
    const h = build(tumbling(10));
    h.pushElement(rec("a", 1)); // NaN timestamp
    h.pushElement(rec("a", 2), 1);
    h.pushWatermark(9);
    expect(h.output().map(fmt)).toEqual(["a@[0,10)=2"]);
    expect(h.deadLetters()).toEqual([{ record: rec("a", 1), operator: "w", reason: expect.stringMatching(/no event timestamp.*assignTimestamps/) }]);
    expect(h.metrics()["w"]).toMatchObject({ in: 2, out: 1, deadLettered: 1 });
  });

  it("fires what is left at the end of input (+∞ watermark)", async () => {
    const h = build(tumbling(10));
    h.pushElement(rec("a", 1), 1_000_000);
    await h.close();
    expect(h.output().map(fmt)).toEqual(["a@[1000000,1000010)=1"]);
  });
});
