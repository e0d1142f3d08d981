// withIdleness(ms) (Flink's WatermarkStrategy.withIdleness + StatusWatermarkValve): an input
// without records for ms of processing time is marked idle and stops holding back the minimum
// watermark of a union; with its next record it is active again and holds it back again (the
// combined watermark itself never goes backwards). Processing time is a ManualClock.
import { afterEach, describe, expect, it } from "vitest";
import {
  Pipeline,
  fromAsyncIterable,
  fromIterable,
  tumbling,
  watermarks,
  type AggregateFunction,
  type WindowResult,
} from "streamine";
import { TestClock, harness } from "../harness.js";

interface Ev {
  ts: number;
  v: number;
}
const ev = (ts: number, v = 0): Ev => ({ ts, v });

describe("withIdleness on a union (harness)", () => {
  it("an idle input stops holding back the union's watermark, and holds it again when it resumes", () => {
    const h = harness<Ev, Ev>((a, p) =>
      a
        .assignTimestamps((e) => e.ts, watermarks.boundedOutOfOrderness(0).withIdleness(100))
        .union(p.source(fromIterable<Ev>([])).assignTimestamps((e) => e.ts, watermarks.boundedOutOfOrderness(0))),
    );
    h.pushElement(ev(10), NaN, 0); // A: 9 (clock 0)
    h.pushElement(ev(50), NaN, 1); // B: 49 → union min = 9
    expect(h.watermarks()).toEqual([9]);
    h.advanceProcessingTime(99);
    expect(h.watermarks()).toEqual([9]);
    h.advanceProcessingTime(100); // 100 ms without records: A is idle, B alone decides
    expect(h.watermarks()).toEqual([9, 49]);
    h.pushElement(ev(80), NaN, 1);
    expect(h.watermarks()).toEqual([9, 49, 79]);
    h.advanceProcessingTime(150);
    h.pushElement(ev(60), NaN, 0); // A resumes at 59: the union does not go back, and…
    h.pushElement(ev(200), NaN, 1); // …B's 199 no longer moves it: A holds it at min(59, 199)
    expect(h.watermarks()).toEqual([9, 49, 79]);
    h.pushElement(ev(300), NaN, 0); // A: 299 → min(299, 199)
    expect(h.watermarks()).toEqual([9, 49, 79, 199]);
    h.advanceProcessingTime(250); // idle again 100 ms after its last record (at 150)
    h.pushElement(ev(400), NaN, 1);
    expect(h.watermarks()).toEqual([9, 49, 79, 199, 399]);
  });

  it("an input without idleness holds the union back forever", () => {
    const h = harness<Ev, Ev>((a, p) =>
      a
        .assignTimestamps((e) => e.ts, watermarks.boundedOutOfOrderness(0))
        .union(p.source(fromIterable<Ev>([])).assignTimestamps((e) => e.ts, watermarks.boundedOutOfOrderness(0))),
    );
    h.pushElement(ev(10), NaN, 0);
    h.pushElement(ev(50), NaN, 1);
    h.advanceProcessingTime(1_000_000);
    h.pushElement(ev(500), NaN, 1);
    expect(h.watermarks()).toEqual([9]);
  });
});

/** A promise resolved from outside. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Yields to the event loop until `cond()` holds (no timers, no wall-clock waits). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (cond()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error("until: condition not reached");
}

describe("withIdleness in a running pipeline (fromAsyncIterable + ManualClock)", () => {
  const gates: { open: () => void }[] = [];
  afterEach(() => {
    // Never leave a run waiting on a gate, even when an assertion failed half-way.
    for (const g of gates) g.open();
    gates.length = 0;
  });

  it("an idle source lets the other advance the windows; when it resumes it holds them back again", async () => {
    const clock = new TestClock(0);
    const [a1, a2, b1, b2] = [gate(), gate(), gate(), gate()];
    gates.push(a1, a2, b1, b2);
    async function* slow(): AsyncGenerator<Ev> {
      yield ev(5, 1);
      await a1.promise;
      yield ev(65, 100);
      await a2.promise;
    }
    async function* fast(): AsyncGenerator<Ev> {
      yield ev(10, 10);
      yield ev(50, 20);
      await b1.promise;
      yield ev(90, 1000);
      await b2.promise;
    }
    const sum: AggregateFunction<Ev, number, number> = {
      createAccumulator: () => 0,
      add: (e, acc) => acc + e.v,
      merge: (x, y) => x + y,
      getResult: (acc) => acc,
    };
    const p = Pipeline.create({ name: "idle", clock });
    const results: string[] = [];
    p.source(fromAsyncIterable(slow()))
      .assignTimestamps((e) => e.ts, watermarks.boundedOutOfOrderness(0).withIdleness(100))
      .union(p.source(fromAsyncIterable(fast())).assignTimestamps((e) => e.ts, watermarks.boundedOutOfOrderness(0)))
      .keyBy(() => "all")
      .window(tumbling(20))
      .aggregate(sum)
      .sink((r: WindowResult<string, number>) => results.push(`[${r.window.start},${r.window.end})=${r.value}`));
    let read = 0;
    const run = p.run({ onProgress: (n) => (read = n) });

    await until(() => read >= 3); // slow: 5 (wm 4); fast: 10, 50 (wm 49) → union 4
    expect(results).toEqual([]);
    clock.advanceTo(100); // slow is idle: union 49
    expect(results).toEqual(["[0,20)=11"]);
    a1.open();
    await until(() => read >= 4); // slow resumes with 65 (wm 64); the union stays at 49
    expect(results).toEqual(["[0,20)=11"]);
    b1.open();
    await until(() => read >= 5); // fast: 90 (wm 89) → union min(64, 89) = 64: [60, 80) waits for slow
    expect(results).toEqual(["[0,20)=11", "[40,60)=20"]);
    a2.open();
    b2.open();
    await run; // +∞
    expect(results).toEqual(["[0,20)=11", "[40,60)=20", "[60,80)=100", "[80,100)=1000"]);
  });
});
