// Bad input goes to the dead letters and the counters reconcile exactly (issue 3 §4):
// for every operator in = out + filtered + deadLettered + late; each operator's in is the sum of
// `emitted` of its main-output inputs and `side[tag]` of its side-output inputs; the dead letters
// received equal the sum of deadLettered.
// All expected numbers are counted by hand from the input below.
import { describe, expect, it } from "vitest";
import {
  OutputTag,
  Pipeline,
  fromIterable,
  triggers,
  tumbling,
  watermarks,
  type AggregateFunction,
  type DeadLetter,
  type OperatorCounters,
  type WindowedStream,
} from "streamine";
import { harness } from "./harness.js";

interface Rec {
  k?: unknown;
  ts: unknown;
  v: number;
  boom?: boolean;
}

// batchSize 1: the watermark (bound 0) moves after every record.
const input: Rec[] = [
  /* 0 */ { k: "a", ts: 1, v: 1 }, //           ok → a [0, 10)
  /* 1 */ { k: "a", ts: NaN, v: 1 }, //         dead at ts: NaN
  /* 2 */ { k: "b", ts: 2, v: 2 }, //           ok → b [0, 10)
  /* 3 */ { k: "a", ts: undefined, v: 1 }, //   dead at ts: undefined
  /* 4 */ { k: "a", ts: "3", v: 1 }, //         dead at ts: a string
  /* 5 */ { k: "a", ts: 4, v: 5, boom: true }, // dead at map: throws
  /* 6 */ { k: "b", ts: 5, v: -1 }, //          filtered (v < 0)
  /* 7 */ { k: undefined, ts: 6, v: 3 }, //     dead at window: key undefined
  /* 8 */ { k: "a", ts: 15, v: 10 }, //         ok → watermark 14 fires [0, 10): a=1, b=2
  /* 9 */ { k: "b", ts: 3, v: 100 }, //         late: [0, 10) is cleaned up at 9 ≤ 14
  /* 10 */ { k: "a", ts: Infinity, v: 1 }, //   dead at ts: not finite
  /* 11 */ { k: "b", ts: 12, v: 4 }, //         ok → b [10, 20); end of input fires a=10, b=4
];

const sum: AggregateFunction<Rec, number, number> = {
  createAccumulator: () => 0,
  add: (r, acc) => acc + r.v,
  merge: (a, b) => a + b,
  getResult: (acc) => acc,
};

const c = (counts: Partial<OperatorCounters>): OperatorCounters => ({
  in: 0,
  out: 0,
  emitted: 0,
  filtered: 0,
  deadLettered: 0,
  late: 0,
  side: {},
  ...counts,
});

/** Checks the reconciliation rules over a plan, with main and side-output edges told apart. */
function reconcile(p: Pipeline): void {
  const m = p.metrics();
  let deadLettered = 0;
  for (const t of p.plan()) {
    const n = m[t.uid];
    expect(n, t.uid).toBeDefined();
    if (n === undefined) continue;
    expect(n.in, `${t.uid}: in = out + filtered + deadLettered + late`).toBe(n.out + n.filtered + n.deadLettered + n.late);
    deadLettered += n.deadLettered;
    if (t.kind === "operator") {
      const upstream = t.inputs.reduce((s, e) => {
        const from = m[e.from.uid];
        return s + (e.tagId === null ? (from?.emitted ?? NaN) : (from?.side[e.tagId] ?? 0));
      }, 0);
      expect(n.in, `${t.uid}: in = Σ emitted (or side[tag]) of its inputs`).toBe(upstream);
    }
  }
  const letters = p.plan().find((t) => t.kind === "dead-letters");
  expect(letters === undefined ? 0 : m[letters.uid]?.in, "dead letters received = Σ deadLettered").toBe(deadLettered);
}

const paths: [string, (w: WindowedStream<string, Rec>) => WindowedStream<string, Rec>][] = [
  ["slice operator", (w) => w],
  ["window operator", (w) => w.trigger(triggers.eventTime())],
];

describe.each(paths)("bad records through a full run (%s)", (_name, path) => {
  async function run() {
    const p = Pipeline.create({ name: "bad-input", batchSize: 1 });
    const lateTag = new OutputTag<Rec>("late");
    const results: string[] = [];
    const late: Rec[] = [];
    const letters: DeadLetter[] = [];
    const windowed = path(
      p
        .source(fromIterable(input))
        .uid("src")
        .assignTimestamps((r) => r.ts as number, watermarks.boundedOutOfOrderness(0))
        .uid("ts")
        .map((r) => {
          if (r.boom === true) throw new Error("boom");
          return r;
        })
        .uid("boom-map")
        .filter((r) => r.v >= 0)
        .uid("non-negative")
        .keyBy((r) => r.k as string)
        .window(tumbling(10)),
    )
      .sideOutputLateData(lateTag)
      .aggregate(sum)
      .uid("sum");
    windowed.sink((r) => results.push(`${r.key}@${r.window.start}=${r.value}`));
    windowed.getSideOutput(lateTag).sink((r) => late.push(r));
    p.deadLetters().sink((d) => letters.push(d));
    await p.run();
    return { p, results, late, letters };
  }

  it("keeps running: good records give the right windows, the late one goes to the side output", async () => {
    const { results, late } = await run();
    expect(results.sort()).toEqual(["a@0=1", "a@10=10", "b@0=2", "b@10=4"]);
    expect(late).toEqual([input[9]]);
  });

  it("dead-letters every bad record with the record, the operator uid and the reason", async () => {
    const { letters } = await run();
    expect(letters).toEqual([
      { record: input[1], operator: "ts", reason: expect.stringMatching(/^timestamp extractor returned NaN/) },
      { record: input[3], operator: "ts", reason: expect.stringMatching(/^timestamp extractor returned undefined/) },
      { record: input[4], operator: "ts", reason: expect.stringMatching(/^timestamp extractor returned string "3"/) },
      { record: input[5], operator: "boom-map", reason: "map function threw Error: boom" },
      { record: input[7], operator: "sum", reason: expect.stringMatching(/^key selector returned undefined/) },
      { record: input[10], operator: "ts", reason: expect.stringMatching(/^timestamp extractor returned Infinity/) },
    ]);
    for (const l of letters) expect(l.reason).not.toBe("");
  });

  it("counts exactly what each operator did", async () => {
    const { p } = await run();
    const m = p.metrics();
    const dlq = p.plan().find((t) => t.kind === "dead-letters");
    const sinks = p.plan().filter((t) => t.name === "sink").map((t) => t.uid);
    expect(sinks).toHaveLength(3);
    const [resultsSink = "", lateSink = "", letterSink = ""] = sinks;
    const lateTagId = p.plan().flatMap((t) => t.inputs).find((e) => e.tagId !== null)?.tagId ?? "";
    expect(lateTagId).toMatch(/^late#/);
    expect(m).toEqual({
      src: c({ in: 12, out: 12, emitted: 12 }),
      ts: c({ in: 12, out: 8, emitted: 8, deadLettered: 4 }),
      "boom-map": c({ in: 8, out: 7, emitted: 7, deadLettered: 1 }),
      "non-negative": c({ in: 7, out: 6, emitted: 6, filtered: 1 }),
      // in 6 = records 0, 2, 7, 8, 9, 11; out = 4 absorbed; emitted = 4 results
      sum: c({ in: 6, out: 4, emitted: 4, deadLettered: 1, late: 1, side: { [lateTagId]: 1 } }),
      [resultsSink]: c({ in: 4, out: 4 }),
      [lateSink]: c({ in: 1, out: 1 }),
      [dlq?.uid ?? "dead-letters"]: c({ in: 6, out: 6, emitted: 6 }),
      [letterSink]: c({ in: 6, out: 6 }),
    });
  });

  it("reconciles: in = out + filtered + deadLettered + late, in = Σ upstream emitted, letters = Σ deadLettered", async () => {
    const { p } = await run();
    reconcile(p);
    // The side-output edge: the late sink received exactly the window's late records.
    const m = p.metrics();
    const lateSink = p.plan().find((t) => t.inputs.some((e) => e.tagId !== null));
    expect(lateSink && m[lateSink.uid]?.in).toBe(m["sum"]?.late);
  });
});

describe("dead letters from other places", () => {
  it("flatMap, filter, process and sink callbacks that throw dead-letter the record and the run goes on", async () => {
    const p = Pipeline.create({ name: "throwers", batchSize: 4 });
    const out: number[] = [];
    const letters: DeadLetter[] = [];
    p.source(fromIterable([1, 2, 3, 4, 5, 6, 7, 8]))
      .flatMap<number>((x, o) => {
        if (x === 1) throw new Error("fm");
        o.collect(x);
      })
      .uid("fm")
      .filter((x) => {
        if (x === 2) throw new Error("flt");
        return x !== 3;
      })
      .uid("flt")
      .process<number>({
        processElement(x, _ctx, o) {
          if (x === 4) throw new Error("pr");
          o.collect(x);
        },
      })
      .uid("pr")
      .sink((x) => {
        if (x === 5) throw new Error("snk");
        out.push(x);
      });
    p.deadLetters().sink((d) => letters.push(d));
    await p.run();
    expect(out).toEqual([6, 7, 8]);
    expect(letters.map((d) => `${String(d.record)}:${d.operator}:${d.reason}`)).toEqual([
      "1:fm:flatMap function threw Error: fm",
      "2:flt:filter predicate threw Error: flt",
      "4:pr:process function threw Error: pr",
      expect.stringMatching(/^5:sink-\d+:sink callback threw Error: snk$/),
    ]);
    reconcile(p);
    expect(p.metrics()["flt"]).toMatchObject({ in: 7, out: 5, filtered: 1, deadLettered: 1 });
  });

  // The dead-letter sink's own failure is sent to the dead-letter stream, i.e. back into the
  // same sink, synchronously (Runtime's toDeadLetters re-enters deadNode.receiveBatch): a sink that
  // keeps failing recurses until the stack overflows and p.run() rejects with a RangeError.
  it("a throwing dead-letter sink does not feed its own failures back to itself", async () => {
    const p = Pipeline.create({ name: "dlq-down" });
    const out: number[] = [];
    p.source(fromIterable([1, 2, 3]))
      .map((x) => {
        if (x === 2) throw new Error("bad");
        return x;
      })
      .sink((x) => out.push(x));
    let calls = 0;
    p.deadLetters().sink(() => {
      calls++;
      throw new Error("dlq down");
    });
    await expect(p.run()).resolves.toBeUndefined();
    expect(out).toEqual([1, 3]);
    expect(calls).toBe(1);
  });

  it("a failing onTimer or window result is dead-lettered but is not a failed input", () => {
    const h = harness<{ k: string }, string>((s) =>
      s
        .keyBy((r) => r.k)
        .process<string>({
          processElement(_v, ctx) {
            ctx.timerService().registerEventTimeTimer(10);
          },
          onTimer() {
            throw new Error("timer");
          },
        })
        .uid("kp"),
    );
    h.pushElement({ k: "a" }, 0);
    h.pushWatermark(10);
    expect(h.deadLetters()).toEqual([{ record: { key: "a", timerMs: 10, domain: "event" }, operator: "kp", reason: "onTimer threw Error: timer" }]);
    expect(h.metrics()["kp"]).toMatchObject({ in: 1, out: 1, deadLettered: 0 });
  });
});
