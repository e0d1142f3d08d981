// Invalid configuration throws ConfigError while the pipeline is built (never at run time, never
// silently), and the message names the parameter and the allowed range (Flink: "abs(offset) < size").
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  OutputTag,
  Pipeline,
  PipelineStateError,
  StreamineError,
  ValueStateDescriptor,
  countWindow,
  fromIterable,
  globalWindow,
  session,
  sessionProcessingTime,
  sliding,
  slidingProcessingTime,
  triggers,
  tumbling,
  tumblingProcessingTime,
  watermarks,
  type Clock,
  type DataStream,
  type Trigger,
  type TriggerResult,
} from "streamine";

/** Asserts `fn` throws a ConfigError (code E_CONFIG) whose message matches every pattern. */
function expectConfigError(fn: () => unknown, ...patterns: RegExp[]): void {
  let thrown: unknown = null;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  expect(thrown).toBeInstanceOf(StreamineError);
  const err = thrown as ConfigError;
  expect(err.code).toBe("E_CONFIG");
  expect(err.name).toBe("ConfigError");
  for (const p of patterns) expect(err.message).toMatch(p);
}

const stream = (): DataStream<{ k: string; v: number }> =>
  Pipeline.create({ name: "cfg" }).source(fromIterable([{ k: "a", v: 1 }]));
const sum = {
  createAccumulator: () => 0,
  add: (r: { v: number }, acc: number) => acc + r.v,
  getResult: (acc: number) => acc,
};

describe("window assigners", () => {
  it.each([0, -1, Number.NaN, Infinity])("tumbling(%s): size must be > 0", (size) => {
    expectConfigError(() => tumbling(size), /^tumbling:/, /sizeMs/, /> 0/, new RegExp(`got ${String(size)}`));
    expectConfigError(() => tumblingProcessingTime(size), /^tumblingProcessingTime:/, /sizeMs/, /> 0/);
  });

  it("sliding: size and slide must be > 0 and slide ≤ size", () => {
    expectConfigError(() => sliding(0, 1), /^sliding:/, /sizeMs/, /> 0/);
    expectConfigError(() => sliding(10, 0), /^sliding:/, /slideMs/, /> 0/);
    expectConfigError(() => sliding(10, -5), /slideMs/, /> 0/);
    expectConfigError(() => sliding(10, 20), /^sliding:/, /slideMs/, /\(0, sizeMs\]/, /20/, /10/);
    expectConfigError(() => slidingProcessingTime(10, 11), /^slidingProcessingTime:/, /slideMs/, /\(0, sizeMs\]/);
  });

  it("the offset must satisfy abs(offset) < size (tumbling) or < slide (sliding)", () => {
    expectConfigError(() => tumbling(10, 10), /^tumbling:/, /offsetMs/, /abs\(offsetMs\) < sizeMs \(10\)/, /got 10/);
    expectConfigError(() => tumbling(10, -10), /abs\(offsetMs\) < sizeMs/, /got -10/);
    expectConfigError(() => tumbling(10, Number.NaN), /offsetMs/);
    expectConfigError(() => sliding(10, 5, 5), /^sliding:/, /abs\(offsetMs\) < slideMs \(5\)/);
    expect(() => tumbling(10, -9)).not.toThrow();
    expect(() => sliding(10, 5, 4)).not.toThrow();
  });

  it("session gap must be > 0", () => {
    expectConfigError(() => session(0), /^session:/, /gapMs/, /> 0/);
    expectConfigError(() => sessionProcessingTime(-1), /^sessionProcessingTime:/, /gapMs/);
  });

  it.each([0, -1, 1.5, Number.NaN])("countWindow(%s): size must be an integer ≥ 1", (n) => {
    expectConfigError(() => countWindow(n), /^countWindow:/, /size/, /integer ≥ 1/);
  });

  // Durations are ms (Flink's are longs). A fractional slide makes the slice width
  // gcd(size, slide) a floating-point residue: gcd(1, 0.1) ≈ 2.8e-17 and gcd(60_000, 1_000.3)
  // ≈ 2.3e-13, i.e. ~1e16–1e17 slices per window, which the slice operator allocates and loops over.
  it("sliding rejects a slide that does not divide into whole-ms slices", () => {
    expectConfigError(() => sliding(1, 0.1), /^sliding:/, /slideMs/);
    expectConfigError(() => sliding(60_000, 1_000.3), /^sliding:/, /slideMs/);
  });
});

describe("windowed streams", () => {
  it("allowedLateness must be a finite number ≥ 0", () => {
    for (const bad of [-1, Number.NaN, Infinity]) {
      expectConfigError(
        () => stream().keyBy((r) => r.k).window(tumbling(10)).allowedLateness(bad),
        /^allowedLateness:/,
        /ms/,
        /≥ 0/,
      );
    }
  });

  it("allowedLateness > 0 is refused for processing-time windows", () => {
    expectConfigError(
      () => stream().keyBy((r) => r.k).window(tumblingProcessingTime(10)).allowedLateness(5),
      /^allowedLateness:/,
      /processing-time/,
    );
  });

  it("session windows need AggregateFunction.merge", () => {
    expectConfigError(() => stream().keyBy((r) => r.k).window(session(10)).aggregate(sum), /^aggregate:/, /merge/, /session/);
  });

  it("aggregate, reduce and process check their functions", () => {
    const w = () => stream().keyBy((r) => r.k).window(tumbling(10));
    expectConfigError(() => w().aggregate({ ...sum, add: undefined as never }), /AggregateFunction\.add must be a function/);
    expectConfigError(() => w().reduce(null as never), /^reduce:/, /fn/);
    expectConfigError(() => w().process({} as never), /ProcessWindowFunction\.process must be a function/);
  });

  it("window() needs a window assigner", () => {
    expectConfigError(() => stream().keyBy((r) => r.k).window({} as never), /^window:/, /tumbling/);
  });

  // Flink (WindowedStream.trigger): "A merging window assigner cannot be used with a trigger
  // that does not support merging." Here the trigger is accepted and merging calls onMerge anyway.
  it("a merging (session) window refuses a trigger whose canMerge() is false", () => {
    const noMerge: Trigger = {
      description: "noMerge",
      onElement: (): TriggerResult => "CONTINUE",
      onEventTime: (): TriggerResult => "CONTINUE",
      onProcessingTime: (): TriggerResult => "CONTINUE",
      canMerge: () => false,
      onMerge() {},
      clear() {},
    };
    expectConfigError(() => stream().keyBy((r) => r.k).window(session(10)).trigger(noMerge), /trigger/, /merg/);
  });
});

describe("triggers and watermark strategies", () => {
  it("trigger parameters", () => {
    expectConfigError(() => triggers.count(0), /CountTrigger/, /count/, /integer ≥ 1/);
    expectConfigError(() => triggers.continuousEventTime(0), /ContinuousEventTimeTrigger/, /intervalMs/, /> 0/);
    expectConfigError(() => triggers.continuousProcessingTime(-5), /ContinuousProcessingTimeTrigger/, /intervalMs/, /> 0/);
  });

  it("boundedOutOfOrderness and withIdleness", () => {
    expectConfigError(() => watermarks.boundedOutOfOrderness(-1), /^boundedOutOfOrderness:/, /boundMs/, /≥ 0/, /got -1/);
    expectConfigError(() => watermarks.boundedOutOfOrderness(Infinity), /boundMs/);
    expectConfigError(() => watermarks.boundedOutOfOrderness(0).withIdleness(0), /^withIdleness:/, /idleMs/, /> 0/);
    expectConfigError(() => watermarks.custom("x", () => ({ onEvent() {}, onBatchEnd: () => 0 }), { idle: 5 } as never), /unknown option "idle"/, /idleMs/);
  });

  it("assignTimestamps needs an extractor and a WatermarkStrategy", () => {
    expectConfigError(() => stream().assignTimestamps(null as never, watermarks.monotonousTimestamps()), /^assignTimestamps:/, /extract/);
    expectConfigError(() => stream().assignTimestamps((r) => r.v, {} as never), /^assignTimestamps:/, /WatermarkStrategy/);
  });
});

describe("Pipeline and streams", () => {
  it("Pipeline.create rejects unknown options, naming the allowed ones", () => {
    expectConfigError(() => Pipeline.create({ name: "x", batchsize: 10 } as never), /unknown option "batchsize"/, /allowed: name, batchSize, clock/);
  });

  it.each([0, -1, 1.5, Number.NaN])("Pipeline.create: batchSize %s must be an integer ≥ 1", (batchSize) => {
    expectConfigError(() => Pipeline.create({ name: "x", batchSize }), /^Pipeline\.create:/, /batchSize/, /integer ≥ 1/);
  });

  it("Pipeline.create needs a name", () => {
    expectConfigError(() => Pipeline.create({ name: "" }), /name/);
    expectConfigError(() => Pipeline.create(null as never), /options/);
  });

  it("operators check their functions and uids", () => {
    expectConfigError(() => stream().map(1 as never), /^map:/, /fn must be a function/);
    expectConfigError(() => stream().filter(undefined as never), /^filter:/, /predicate/);
    expectConfigError(() => stream().flatMap({} as never), /^flatMap:/);
    expectConfigError(() => stream().process({} as never), /processElement/);
    expectConfigError(() => stream().keyBy("k" as never), /^keyBy:/, /selector/);
    expectConfigError(() => stream().keyBy((r) => r.k).process({} as never), /processElement/);
    expectConfigError(() => stream().keyBy((r) => r.k).reduce(null as never), /^reduce:/);
    expectConfigError(() => stream().sink({} as never), /^sink:/, /writeBatch/);
    expectConfigError(() => stream().uid(""), /^uid:/, /non-empty/);
  });

  it("union only joins streams of the same pipeline", () => {
    expectConfigError(() => stream().union(stream()), /^union:/, /same pipeline/);
  });

  it("duplicate uids are refused when the run starts, before anything is read", async () => {
    const p = Pipeline.create({ name: "dup" });
    let read = 0;
    const s = p.source(fromIterable([1, 2, 3])).map((x) => {
      read++;
      return x;
    });
    s.map((x) => x).uid("same");
    s.map((x) => x).uid("same");
    await expect(p.run()).rejects.toThrow(ConfigError);
    await expect(Pipeline.create({ name: "x" }).run()).resolves.toBeUndefined();
    expect(read).toBe(0);
  });

  it("a pipeline runs once and cannot be changed after run()", async () => {
    const p = Pipeline.create({ name: "once" });
    const s = p.source(fromIterable([1]));
    s.sink(() => {});
    await p.run();
    await expect(p.run()).rejects.toThrow(PipelineStateError);
    expect(() => s.map((x) => x)).toThrow(PipelineStateError);
  });

  // STYLE §1/§9: errors are StreamineError subclasses with a stable code; an empty side-output
  // name is a build-time configuration error like every other one, but OutputTag throws TypeError.
  it("OutputTag needs a non-empty name", () => {
    expectConfigError(() => new OutputTag(""), /OutputTag/, /name/);
  });

  it("valid configurations do not throw", () => {
    const clock: Clock = { now: () => 0, schedule: () => () => {} };
    expect(() => Pipeline.create({ name: "ok", batchSize: 1, clock })).not.toThrow();
    expect(() => sliding(60_000, 1_000, 500)).not.toThrow();
    expect(() => globalWindow().trigger(triggers.purging(triggers.count(1)))).not.toThrow();
    expect(() => new ValueStateDescriptor("s", 0)).not.toThrow();
    expect(() =>
      stream()
        .keyBy((r) => r.k)
        .window(session(10))
        .allowedLateness(0)
        .trigger(triggers.count(2))
        .aggregate({ ...sum, merge: (a: number, b: number) => a + b }),
    ).not.toThrow();
  });
});
