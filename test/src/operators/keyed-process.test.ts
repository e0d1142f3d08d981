// KeyedProcessFunction timers and side outputs, driven through the harness (Flink's
// KeyedProcessOperatorTest). State scoping and freeing are in test/src/state/keyed-state.test.ts.
import { describe, expect, it } from "vitest";
import { OutputTag, ValueStateDescriptor, type KeyedProcessFunction, type ValueState } from "streamine";
import type { KeyedProcessOperator } from "../../../src/operators/keyed-process.js";
import { harness } from "../harness.js";
import { type Rec } from "./fixtures.js";


const rec = (k: string, v = 0): Rec => ({ k, v });

function opened<T>(x: T | null): T {
  if (x === null) throw new Error("state used before open()");
  return x;
}

describe("KeyedProcessFunction event-time timers", () => {
  /** Registers a timer at ts + 10 per record; onTimer reports key, time, watermark and domain. */
  const timerAt10: KeyedProcessFunction<string, Rec, string> = {
    processElement(_v, ctx) {
      ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 10);
    },
    onTimer(t, ctx, out) {
      out.collect(`${ctx.getCurrentKey()}@${t} wm=${ctx.currentWatermark()} ${ctx.timeDomain()}`);
    },
  };

  it("fire in time order once the watermark reaches them, not before", () => {
    const h = harness<Rec, string>((s) => s.keyBy((r) => r.k).process(timerAt10));
    h.pushElement(rec("a"), 2); // timer a@12
    h.pushElement(rec("b"), 3); // timer b@13
    h.pushElement(rec("a"), 1); // timer a@11
    h.pushWatermark(10);
    expect(h.takeOutput()).toEqual([]);
    h.pushWatermark(12); // a timer fires when watermark ≥ its time
    expect(h.takeOutput()).toEqual(["a@11 wm=12 event", "a@12 wm=12 event"]);
    h.pushWatermark(100);
    expect(h.takeOutput()).toEqual(["b@13 wm=100 event"]);
  });

  it("are registered once per (key, time) but separately for each key", () => {
    const h = harness<Rec, string>((s) => s.keyBy((r) => r.k).process(timerAt10));
    h.pushElements([
      [rec("a"), 5],
      [rec("a"), 5],
      [rec("b"), 5],
      [rec("a"), 5],
    ]);
    h.pushWatermark(15);
    expect(h.output().sort()).toEqual(["a@15 wm=15 event", "b@15 wm=15 event"]);
  });

  it("emit onTimer output with the timer's time as timestamp, before the watermark that fired them", () => {
    const h = harness<Rec, string>((s) => s.keyBy((r) => r.k).process(timerAt10));
    h.pushElement(rec("a"), 0);
    h.pushWatermark(50);
    expect(h.emitted()).toEqual([
      { kind: "record", value: "a@10 wm=50 event", ts: 10 },
      { kind: "watermark", ts: 50 },
    ]);
  });

  it("can be deleted; a deleted timer does not fire", () => {
    const h = harness<Rec, string>((s) =>
      s.keyBy((r) => r.k).process<string>({
        processElement(v, ctx) {
          if (v.v < 0) ctx.timerService().deleteEventTimeTimer(-v.v);
          else ctx.timerService().registerEventTimeTimer(v.v);
        },
        onTimer(t, ctx, out) {
          out.collect(`${ctx.getCurrentKey()}@${t}`);
        },
      }),
    );
    h.pushElement(rec("a", 20), 0);
    h.pushElement(rec("a", 30), 0);
    h.pushElement(rec("b", 20), 0);
    h.pushElement(rec("a", -20), 0); // deletes a@20 only
    h.pushWatermark(40);
    expect(h.output()).toEqual(["b@20", "a@30"]);
    expect((h.operator() as KeyedProcessOperator).liveKeyCount()).toBe(0);
  });

  it("can register further timers from onTimer, which fire within the same watermark when due", () => {
    const h = harness<Rec, number>((s) =>
      s.keyBy((r) => r.k).process<number>({
        processElement(_v, ctx) {
          ctx.timerService().registerEventTimeTimer(10);
        },
        onTimer(t, ctx, out) {
          out.collect(t);
          if (t < 30) ctx.timerService().registerEventTimeTimer(t + 10);
        },
      }),
    );
    h.pushElement(rec("a"), 0);
    h.pushWatermark(25);
    expect(h.takeOutput()).toEqual([10, 20]);
    h.pushWatermark(30);
    expect(h.takeOutput()).toEqual([30]);
  });
});

describe("KeyedProcessFunction processing-time timers (ManualClock)", () => {
  it("fire when the clock reaches them, in time order, with domain 'processing' and no timestamp", () => {
    const h = harness<Rec, string>((s) =>
      s.keyBy((r) => r.k).process<string>({
        processElement(v, ctx) {
          ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + v.v);
        },
        onTimer(t, ctx, out) {
          out.collect(`${ctx.getCurrentKey()}@${t} ${ctx.timeDomain()} now=${ctx.timerService().currentProcessingTime()}`);
        },
      }),
    );
    h.advanceProcessingTime(100);
    h.pushElement(rec("a", 50)); // a@150
    h.pushElement(rec("b", 20)); // b@120, earlier than the one already scheduled
    h.pushElement(rec("b", 20)); // same (key, time): registered once
    h.advanceProcessingTime(119);
    expect(h.output()).toEqual([]);
    h.advanceProcessingTime(200);
    expect(h.output()).toEqual(["b@120 processing now=120", "a@150 processing now=150"]);
    // Flink erases the timestamp of processing-time timer output.
    expect(h.emitted().every((e) => e.kind === "watermark" || Number.isNaN(e.ts))).toBe(true);
  });

  // Flink's OnTimerContext.timestamp() is the firing timer's time in both domains (only the
  // output record's timestamp is erased for processing time); here it is NaN for processing time,
  // and so are the timestamps of ctx.output side records sent from such a timer.
  it("ctx.timestamp() in a processing-time onTimer is the timer's time (Flink OnTimerContext)", () => {
    const h = harness<Rec, number>((s) =>
      s.keyBy((r) => r.k).process<number>({
        processElement(_v, ctx) {
          ctx.timerService().registerProcessingTimeTimer(25);
        },
        onTimer(_t, ctx, out) {
          out.collect(ctx.timestamp());
        },
      }),
    );
    h.pushElement(rec("a"));
    h.advanceProcessingTime(30);
    expect(h.output()).toEqual([25]);
  });

  it("a periodic timer re-registered in onTimer fires at each period during one clock advance", () => {
    const h = harness<Rec, number>((s) =>
      s.keyBy((r) => r.k).process<number>({
        processElement(_v, ctx) {
          ctx.timerService().registerProcessingTimeTimer(10);
        },
        onTimer(t, ctx, out) {
          out.collect(t);
          ctx.timerService().registerProcessingTimeTimer(t + 10);
        },
      }),
    );
    h.pushElement(rec("a"));
    h.advanceProcessingTime(35);
    expect(h.takeOutput()).toEqual([10, 20, 30]);
    h.advanceProcessingTime(40);
    expect(h.takeOutput()).toEqual([40]);
  });

  it("are not fired by watermarks, and event-time timers are not fired by the clock", () => {
    const h = harness<Rec, string>((s) =>
      s.keyBy((r) => r.k).process<string>({
        processElement(_v, ctx) {
          ctx.timerService().registerProcessingTimeTimer(10);
          ctx.timerService().registerEventTimeTimer(20);
        },
        onTimer(t, ctx, out) {
          out.collect(`${ctx.timeDomain()}@${t}`);
        },
      }),
    );
    h.pushElement(rec("a"), 0);
    h.pushWatermark(15);
    h.advanceProcessingTime(15);
    expect(h.takeOutput()).toEqual(["processing@10"]);
    h.advanceProcessingTime(100);
    expect(h.takeOutput()).toEqual([]);
    h.pushWatermark(20);
    expect(h.takeOutput()).toEqual(["event@20"]);
  });

  it("a deleted processing-time timer does not fire", () => {
    const h = harness<Rec, number>((s) =>
      s.keyBy((r) => r.k).process<number>({
        processElement(v, ctx) {
          if (v.v < 0) ctx.timerService().deleteProcessingTimeTimer(-v.v);
          else ctx.timerService().registerProcessingTimeTimer(v.v);
        },
        onTimer(t, _ctx, out) {
          out.collect(t);
        },
      }),
    );
    h.pushElement(rec("a", 10));
    h.pushElement(rec("a", 20));
    h.pushElement(rec("a", -10));
    h.advanceProcessingTime(30);
    expect(h.output()).toEqual([20]);
    expect((h.operator() as KeyedProcessOperator).liveKeyCount()).toBe(0);
  });
});

describe("KeyedProcessFunction outputs", () => {
  it("sends ctx.output(tag, x) to the side output, from processElement and from onTimer", () => {
    const alerts = new OutputTag<string>("alerts");
    const h = harness<Rec, number>(
      (s) =>
        s.keyBy((r) => r.k).process<number>({
          processElement(v, ctx, out) {
            if (v.v > 100) ctx.output(alerts, `big ${v.v}`);
            else out.collect(v.v);
            ctx.timerService().registerEventTimeTimer(5);
          },
          onTimer(t, ctx) {
            ctx.output(alerts, `timer ${ctx.getCurrentKey()}@${t}`);
          },
        }),
      { sideOutputs: [alerts] },
    );
    h.pushElement(rec("a", 1), 0);
    h.pushElement(rec("a", 500), 1);
    h.pushWatermark(5);
    expect(h.output()).toEqual([1]);
    expect(h.sideOutput(alerts)).toEqual(["big 500", "timer a@5"]);
  });

  it("passes each record's timestamp to its outputs and reports the current watermark", () => {
    const h = harness<Rec, string>((s) =>
      s.keyBy((r) => r.k).process<string>({
        processElement(v, ctx, out) {
          out.collect(`${v.k} ts=${ctx.timestamp()} wm=${ctx.currentWatermark()}`);
        },
      }),
    );
    h.pushElement(rec("a"), 7);
    h.pushWatermark(20);
    h.pushElement(rec("b"), 3);
    expect(h.emitted()).toEqual([
      { kind: "record", value: "a ts=7 wm=-Infinity", ts: 7 },
      { kind: "watermark", ts: 20 },
      { kind: "record", value: "b ts=3 wm=20", ts: 3 },
    ]);
  });

  it("a throwing processElement dead-letters that record only; the key's state is kept", () => {
    const h = harness<Rec, number>((s) =>
      s
        .keyBy((r) => r.k)
        .process<number>(
          (() => {
            let sum: ValueState<number> | null = null;
            return {
              open(ctx) {
                sum = ctx.getState(new ValueStateDescriptor("sum", 0));
              },
              processElement(v, _ctx, out) {
                if (v.v === 13) throw new Error("unlucky");
                const s = opened(sum);
                s.update(s.value() + v.v);
                out.collect(s.value());
              },
            } satisfies KeyedProcessFunction<string, Rec, number>;
          })(),
        )
        .uid("summer"),
    );
    h.pushElements([
      [rec("a", 1), 0],
      [rec("a", 13), 0],
      [rec("a", 2), 0],
    ]);
    expect(h.output()).toEqual([1, 3]);
    expect(h.deadLetters()).toEqual([{ record: rec("a", 13), operator: "summer", reason: "keyed process function threw Error: unlucky" }]);
    expect(h.metrics()["summer"]).toMatchObject({ in: 3, out: 2, deadLettered: 1, emitted: 2 });
  });

  it("dead-letters records whose key selector returns a non-key", () => {
    const h = harness<{ k?: unknown }, unknown>((s) =>
      s
        .keyBy((r) => r.k as string)
        .process({ processElement: (v, _ctx, out) => out.collect(v) })
        .uid("kp"),
    );
    h.pushElements([
      [{ k: "a" }, 0],
      [{}, 0],
      [{ k: Number.NaN }, 0],
      [{ k: { nested: 1 } }, 0],
    ]);
    expect(h.output()).toEqual([{ k: "a" }]);
    expect(h.deadLetters().map((d) => [d.operator, d.reason])).toEqual([
      ["kp", "key selector returned undefined; keys must be strings, numbers, bigints or booleans"],
      ["kp", "key selector returned NaN"],
      ["kp", "key selector returned object; keys must be strings, numbers, bigints or booleans"],
    ]);
  });
});

describe("KeyedStream.reduce (rolling)", () => {
  it("emits each key's running reduction after every record, keeping the record's timestamp", () => {
    const h = harness<Rec, Rec>((s) => s.keyBy((r) => r.k).reduce((a, b) => ({ k: a.k, v: a.v + b.v })));
    h.pushElements([
      [rec("a", 1), 10],
      [rec("b", 2), 11],
      [rec("a", 3), 12],
      [rec("a", 4), 13],
    ]);
    expect(h.emitted()).toEqual([
      { kind: "record", value: rec("a", 1), ts: 10 },
      { kind: "record", value: rec("b", 2), ts: 11 },
      { kind: "record", value: rec("a", 4), ts: 12 },
      { kind: "record", value: rec("a", 8), ts: 13 },
    ]);
  });

  it("does not modify its inputs and dead-letters a throwing reduce without losing the running value", () => {
    const input = [rec("a", 1), rec("a", -1), rec("a", 2)];
    const h = harness<Rec, Rec>((s) =>
      s.keyBy((r) => r.k).reduce((a, b) => {
        if (b.v < 0) throw new RangeError("negative");
        return { k: a.k, v: a.v + b.v };
      }),
    );
    h.pushElements(input.map((r) => [r, 0] as const));
    expect(h.output()).toEqual([rec("a", 1), rec("a", 3)]);
    expect(input).toEqual([rec("a", 1), rec("a", -1), rec("a", 2)]);
    expect(h.deadLetters().map((d) => d.reason)).toEqual(["reduce function threw RangeError: negative"]);
  });
});
