// A user Trigger (the Trigger interface of src/windows/triggers/trigger.ts, like Flink's
// Trigger): all it remembers lives in partitioned state per (key, window), and it uses timers.
import { describe, expect, it } from "vitest";
import {
  ValueStateDescriptor,
  globalWindow,
  tumbling,
  type AggregateFunction,
  type TimeWindow,
  type Trigger,
  type TriggerContext,
  type TriggerResult,
  type WindowResult,
} from "streamine";
import { harness } from "../harness.js";
import { rec, liveKeys, type Rec } from "./fixtures.js";

type Out = WindowResult<string, number[]>;

const collect: AggregateFunction<Rec, number[], number[]> = {
  createAccumulator: () => [],
  add: (r, acc) => [...acc, r.v],
  merge: (a, b) => [...a, ...b],
  getResult: (acc) => acc,
};
const fmt = (r: Out): string => `${r.key}:[${r.value.join(",")}]`;

const FIRST = new ValueStateDescriptor<number | null>("first-ts", null);
const COUNT = new ValueStateDescriptor<number>("count", 0);

/**
 * Fires and purges a group when it has `n` elements or `timeoutMs` of event time after its first
 * element, whichever comes first (a "count with timeout" trigger).
 */
class CountOrTimeout implements Trigger<Rec> {
  readonly description: string;
  constructor(
    readonly n: number,
    readonly timeoutMs: number,
  ) {
    this.description = `countOrTimeout(${n}, ${timeoutMs})`;
  }

  onElement(_e: Rec, ts: number, _w: TimeWindow, ctx: TriggerContext): TriggerResult {
    const first = ctx.getPartitionedState(FIRST);
    const count = ctx.getPartitionedState(COUNT);
    if (first.value() === null) {
      first.update(ts);
      ctx.registerEventTimeTimer(ts + this.timeoutMs);
    }
    const seen = count.value() + 1;
    if (seen >= this.n) {
      this.reset(ctx);
      return "FIRE_AND_PURGE";
    }
    count.update(seen);
    return "CONTINUE";
  }

  onEventTime(time: number, _w: TimeWindow, ctx: TriggerContext): TriggerResult {
    const first = ctx.getPartitionedState(FIRST).value();
    if (first === null || first + this.timeoutMs !== time) return "CONTINUE";
    this.reset(ctx);
    return "FIRE_AND_PURGE";
  }

  onProcessingTime(): TriggerResult {
    return "CONTINUE";
  }

  canMerge(): boolean {
    return false;
  }

  onMerge(): void {}

  clear(_w: TimeWindow, ctx: TriggerContext): void {
    this.reset(ctx);
  }

  private reset(ctx: TriggerContext): void {
    const first = ctx.getPartitionedState(FIRST);
    const t = first.value();
    if (t !== null) ctx.deleteEventTimeTimer(t + this.timeoutMs);
    first.clear();
    ctx.getPartitionedState(COUNT).clear();
  }
}

describe("a user Trigger with partitioned state and timers", () => {
  it("on globalWindow(): fires full groups at once and partial groups at their timeout", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(globalWindow())
        .trigger(new CountOrTimeout(3, 5))
        .aggregate(collect),
    );
    h.pushElements([
      [rec("a", 1), 1],
      [rec("b", 10), 2],
      [rec("a", 2), 2],
      [rec("a", 3), 3], // a's third: fires, deletes the timeout timer at 6
    ]);
    expect(h.takeOutput().map(fmt)).toEqual(["a:[1,2,3]"]);
    h.pushElement(rec("a", 4), 6); // a new group for a, timeout at 11
    h.pushWatermark(6); // the deleted timer at 6 does not fire
    expect(h.takeOutput().map(fmt)).toEqual([]);
    h.pushWatermark(7); // b's timeout (2 + 5)
    expect(h.takeOutput().map(fmt)).toEqual(["b:[10]"]);
    h.pushWatermark(10);
    expect(h.takeOutput()).toEqual([]);
    h.pushWatermark(11);
    expect(h.takeOutput().map(fmt)).toEqual(["a:[4]"]);
    // Every group fired and the trigger cleared its state and timers: nothing is held.
    expect(liveKeys(h.operator())).toBe(0);
  });

  it("state is per (key, window): the same key in two tumbling windows counts separately", () => {
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(tumbling(100))
        .trigger(new CountOrTimeout(2, 1_000))
        .aggregate(collect),
    );
    h.pushElements([
      [rec("a", 1), 10], // [0, 100)
      [rec("a", 2), 110], // [100, 200)
      [rec("a", 3), 20], // [0, 100): its second
    ]);
    expect(h.takeOutput().map((r) => `${fmt(r)}@${r.window.start}`)).toEqual(["a:[1,3]@0"]);
    // The window cleanup at end − 1 calls clear(), which deletes the pending timeout (110 + 1000).
    h.pushWatermark(199);
    expect(h.takeOutput()).toEqual([]);
    expect(liveKeys(h.operator())).toBe(0);
    h.pushWatermark(5_000);
    expect(h.takeOutput()).toEqual([]);
  });

  it("onEventTime is called for each (key, window)'s own timers, and for its cleanup timer at end − 1 (as in Flink)", () => {
    const seen: string[] = [];
    const spy: Trigger<Rec> = {
      description: "spy",
      onElement(e, _ts, w, ctx) {
        ctx.registerEventTimeTimer(w.start + e.v);
        return "CONTINUE";
      },
      onEventTime(time, w) {
        seen.push(`${w.start}@${time}`);
        return "FIRE";
      },
      onProcessingTime: () => "CONTINUE",
      canMerge: () => true,
      onMerge() {},
      clear() {},
    };
    const h = harness<Rec, Out>((s) =>
      s
        .keyBy((r) => r.k)
        .window(tumbling(100))
        .trigger(spy)
        .aggregate(collect),
    );
    h.pushElements([
      [rec("a", 5), 0],
      [rec("a", 5), 150],
      [rec("b", 7), 50],
      [rec("b", 7), 60], // same (key, window, time): one timer
    ]);
    h.pushWatermark(200);
    // Timers fire by time, ties in registration order: a's 5 and cleanup 99 were registered before b's.
    expect(seen).toEqual(["0@5", "0@7", "0@99", "0@99", "100@105", "100@199"]);
    expect(h.output().map(fmt)).toEqual(["a:[5]", "b:[7,7]", "a:[5]", "b:[7,7]", "a:[5]", "a:[5]"]);
  });
});
