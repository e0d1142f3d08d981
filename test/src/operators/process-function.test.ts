// Non-keyed ProcessFunction (Flink's ProcessFunction on a DataStream): one output stream plus
// side outputs through ctx.output(tag, x), with the record's timestamp and the current watermark.
import { describe, expect, it } from "vitest";
import { OutputTag } from "streamine";
import { harness } from "../harness.js";

describe("ProcessFunction", () => {
  it("splits a stream into the main output and side outputs, keeping timestamps", () => {
    const odd = new OutputTag<number>("odd");
    const big = new OutputTag<string>("big");
    const h = harness<number, number>(
      (s) =>
        s.process<number>({
          processElement(x, ctx, out) {
            if (x % 2 === 1) ctx.output(odd, x);
            else out.collect(x);
            if (x > 100) ctx.output(big, `${x}@${ctx.timestamp()} wm=${ctx.currentWatermark()}`);
          },
        }),
      { sideOutputs: [odd, big] },
    );
    h.pushElements([
      [1, 10],
      [2, 11],
      [101, 12],
    ]);
    h.pushWatermark(12);
    h.pushElement(200, 13);
    expect(h.emitted()).toEqual([
      { kind: "record", value: 2, ts: 11 },
      { kind: "watermark", ts: 12 },
      { kind: "record", value: 200, ts: 13 },
    ]);
    expect(h.sideOutput(odd)).toEqual([1, 101]);
    expect(h.sideOutput(big)).toEqual(["101@12 wm=-Infinity", "200@13 wm=12"]);
  });

  it("side outputs nobody reads are dropped without error", () => {
    const unused = new OutputTag<number>("unused");
    const h = harness<number, number>((s) =>
      s.process<number>({
        processElement(x, ctx, out) {
          ctx.output(unused, x);
          out.collect(x);
        },
      }),
    );
    h.pushElements([
      [1, 0],
      [2, 0],
    ]);
    expect(h.output()).toEqual([1, 2]);
    expect(h.deadLetters()).toEqual([]);
  });

  it("reports NaN as the timestamp of records that never got one", () => {
    const h = harness<number, number>((s) =>
      s.process<number>({
        processElement(_x, ctx, out) {
          out.collect(ctx.timestamp());
        },
      }),
    );
    h.pushElement(1);
    expect(h.output()).toEqual([Number.NaN]);
  });
});
