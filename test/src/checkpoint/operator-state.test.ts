/**
 * Operator state survives a checkpoint exactly (Flink's `WindowOperatorTest#testSnapshotAndRestore`,
 * as a property): for random inputs and a random cut between two harness calls, running the first
 * part, taking a snapshot (the v8 bytes a checkpoint stores), restoring it into a freshly built
 * fragment of the same shape and running the rest gives exactly what one uninterrupted run gives —
 * records with their timestamps, watermarks, side outputs, dead letters, in order — and the same
 * final counters. Window runs are also checked against the brute-force oracle of test/src/windows.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ListStateDescriptor,
  MapStateDescriptor,
  OutputTag,
  ValueStateDescriptor,
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
  type DataStream,
  type DeadLetter,
  type Key,
  type KeyedProcessFunction,
  type KeyedStream,
  type ListState,
  type MapState,
  type Pipeline,
  type TimeWindow,
  type Trigger,
  type TriggerContext,
  type TriggerResult,
  type ValueState,
  type WindowAssigner,
  type WindowResult,
} from "streamine";
import { harness, TestClock, type Emitted, type Harness, type HarnessOptions } from "../harness.js";
import type { WindowSpec } from "../windows/oracle.js";
import {
  AGGREGATE,
  AGGREGATE_NO_MERGE,
  FEW_KEYS,
  MANY_KEYS,
  PROCESS,
  REDUCE,
  RUN_SCALE,
  assignerFor,
  expectSameEmissions,
  expectedFor,
  idListAggregate,
  idListProcess,
  scenarioArb,
  showEmission,
  type Emissions,
  type Finisher,
  type OperatorPath,
  type Rec,
  type Scenario,
  type StreamShape,
} from "../windows/streams.js";

/** Property runs per check (times WINDOW_PROP_SCALE); each run drives three harnesses. */
const RUNS = 100;

// ---------------- the driver: whole run vs. cut, snapshot, restore, rest ----------------

/** One harness call; a checkpoint may be taken between any two. */
type Step<In> =
  | { readonly kind: "batch"; readonly items: readonly (readonly [In, number])[]; readonly input: number }
  | { readonly kind: "clock"; readonly to: number };

/** A pipeline fragment under test and how the harness runs it. */
interface Fragment<In, Out> {
  readonly build: (source: DataStream<In>, p: Pipeline) => DataStream<Out>;
  readonly sideOutputs?: readonly OutputTag<unknown>[];
  readonly batchSize?: number;
}

/** Everything a harness collected: main output and side outputs with timestamps and watermarks, dead letters. */
interface Observed {
  readonly main: readonly Emitted<unknown>[];
  readonly side: readonly (readonly Emitted<unknown>[])[];
  readonly dead: readonly DeadLetter[];
}

function drive<In, Out>(h: Harness<In, Out>, steps: readonly Step<In>[]): void {
  for (const s of steps) {
    if (s.kind === "batch") h.pushElements(s.items, s.input);
    else h.advanceProcessingTime(s.to);
  }
}

function observe<In, Out>(h: Harness<In, Out>, tags: readonly OutputTag<unknown>[]): Observed {
  return { main: [...h.emitted()], side: tags.map((t) => [...h.sideEmitted(t)]), dead: h.deadLetters() };
}

/**
 * Runs `steps` through `f` once without interruption, and once cut before step `cut`: the first
 * part, a snapshot, a new harness restored from its bytes (its clock where the first one stood),
 * the rest. Expects the same outputs and final counters; returns the joined output.
 */
async function expectExactRestore<In, Out>(f: Fragment<In, Out>, steps: readonly Step<In>[], cut: number): Promise<Observed> {
  const tags = f.sideOutputs ?? [];
  const options = (extra: HarnessOptions): HarnessOptions => ({
    sideOutputs: tags,
    ...(f.batchSize === undefined ? {} : { batchSize: f.batchSize }),
    ...extra,
  });
  const whole = harness(f.build, options({}));
  drive(whole, steps);
  await whole.close();

  const first = harness(f.build, options({}));
  drive(first, steps.slice(0, cut));
  const bytes = first.snapshot();
  const second = harness(f.build, options({ restoreFrom: bytes, clock: new TestClock(first.clock.now()) }));
  drive(second, steps.slice(cut));
  await second.close();

  const a = observe(first, tags);
  const b = observe(second, tags);
  const joined: Observed = {
    main: [...a.main, ...b.main],
    side: a.side.map((x, i) => [...x, ...(b.side[i] ?? [])]),
    dead: [...a.dead, ...b.dead],
  };
  expect(joined, `cut before step ${cut} of ${steps.length}`).toEqual(observe(whole, tags));
  expect(second.metrics(), "final counters").toEqual(whole.metrics());
  return joined;
}

// ---------------- generated inputs ----------------

/** A generated event before it is shaped into a test's record type; `x` is a free random number. */
interface Raw {
  readonly id: number;
  readonly key: number;
  readonly ts: number;
  readonly x: number;
}

interface StepShape {
  /** Sources of the fragment (batches go to one of them). */
  readonly inputs: number;
  readonly maxKeys: number;
  /** Whether processing time advances between batches (in steps of 10 ms). */
  readonly clock: boolean;
}

/**
 * Batches of events with a mostly increasing time (each event advances it by 0..10 and lags
 * 0..40 behind it, so some records are late) and, with `clock`, processing-time advances of
 * 10..60 ms. Processing time stays a multiple of 10, so processing timers set at `now + 10·k`
 * never tie with idleness checks at `now + 25` or `now + 37` (ties between operators would fire
 * in schedule order, which a restore does not keep).
 */
function stepsArb(shape: StepShape): fc.Arbitrary<Step<Raw>[]> {
  const event = fc.record({
    key: fc.nat({ max: shape.maxKeys - 1 }),
    advance: fc.integer({ min: 0, max: 10 }),
    lag: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })),
    x: fc.nat({ max: 99 }),
  });
  const batch = fc
    .record({ input: fc.integer({ min: 0, max: shape.inputs - 1 }), events: fc.array(event, { minLength: 1, maxLength: 6 }) })
    .map((b) => ({ kind: "batch" as const, ...b }));
  const clock = fc.integer({ min: 1, max: 6 }).map((n) => ({ kind: "clock" as const, by: n * 10 }));
  const action = shape.clock ? fc.oneof({ weight: 3, arbitrary: batch }, { weight: 2, arbitrary: clock }) : batch;
  return fc.tuple(fc.integer({ min: -100, max: 100 }), fc.array(action, { maxLength: 40 })).map(([origin, actions]) => {
    let base = origin;
    let now = 0;
    let id = 0;
    return actions.map((a): Step<Raw> => {
      if (a.kind === "clock") return { kind: "clock", to: (now += a.by) };
      const items = a.events.map((e): [Raw, number] => {
        base += e.advance;
        return [{ id: id++, key: e.key, ts: base - e.lag, x: e.x }, NaN];
      });
      return { kind: "batch", input: a.input, items };
    });
  });
}

function mapSteps<A, B>(steps: readonly Step<A>[], f: (a: A) => B): Step<B>[] {
  return steps.map((s) => (s.kind === "batch" ? { ...s, items: s.items.map(([v, ts]): [B, number] => [f(v), ts]) } : s));
}

/** A cut anywhere from before the first step to after the last. */
const cutOf = (seed: number, steps: readonly unknown[]): number => seed % (steps.length + 1);

// ---------------- windows against the oracle ----------------

const LATE = new OutputTag<Rec>("late");

/** `source → timestamps → keyBy → window → lateness → late output → finish`, as in streams.ts `runPipeline`. */
function windowFragment<X>(assigner: WindowAssigner, sc: Scenario, how: Finisher<X>): Fragment<Rec, X> {
  return {
    build: (s) =>
      how.finish(
        s
          .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(sc.boundMs))
          .keyBy((r) => r.key)
          .window(assigner)
          .allowedLateness(sc.latenessMs)
          .sideOutputLateData(LATE),
      ),
    sideOutputs: [LATE as OutputTag<unknown>],
    batchSize: sc.batchSize,
  };
}

/** The scenario's records in batches of its batchSize, without timestamps (assignTimestamps sets them). */
function scenarioSteps(sc: Scenario): Step<Rec>[] {
  const steps: Step<Rec>[] = [];
  for (let i = 0; i < sc.records.length; i += sc.batchSize) {
    steps.push({ kind: "batch", input: 0, items: sc.records.slice(i, i + sc.batchSize).map((r): [Rec, number] => [r, NaN]) });
  }
  return steps;
}

function emissionsOf<X>(out: Observed, how: Finisher<X>): Emissions {
  const values = (list: readonly Emitted<unknown>[]): unknown[] => list.flatMap((e) => (e.kind === "record" ? [e.value] : []));
  return {
    emitted: values(out.main)
      .map((x) => how.view(x as X))
      .map((r) => showEmission(r.key, r.window.start, r.window.end, r.value))
      .sort(),
    late: values(out.side[0] ?? [])
      .map((r) => String((r as Rec).id))
      .sort(),
  };
}

async function checkWindowRestore<X>(
  specs: fc.Arbitrary<WindowSpec>,
  shape: StreamShape,
  how: Finisher<X>,
  path: OperatorPath,
  numRuns = RUNS,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(specs, scenarioArb(shape), fc.nat(), async (spec, sc, seed) => {
      const steps = scenarioSteps(sc);
      const joined = await expectExactRestore(windowFragment(assignerFor(spec, path), sc, how), steps, cutOf(seed, steps));
      expectSameEmissions(emissionsOf(joined, how), expectedFor(sc, spec));
    }),
    { numRuns: numRuns * RUN_SCALE },
  );
}

const tumblingSpecs: fc.Arbitrary<WindowSpec> = fc.integer({ min: 1, max: 25 }).map((size) => ({ kind: "tumbling", size }));
const slidingSpecs: fc.Arbitrary<WindowSpec> = fc
  .tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 20 }))
  .map(([slide, extra]): WindowSpec => ({ kind: "sliding", size: slide + extra, slide }));
const sessionSpecs: fc.Arbitrary<WindowSpec> = fc.integer({ min: 1, max: 25 }).map((gap) => ({ kind: "session", gap }));
const countSpecs: fc.Arbitrary<WindowSpec> = fc.integer({ min: 1, max: 6 }).map((size) => ({ kind: "count", size }));

describe("window state restores exactly, and the joined output agrees with the oracle", () => {
  for (const path of ["default", "general"] as const) {
    const op = path === "default" ? "slice operator" : "general window operator";
    it(`tumbling aggregate (${op})`, async () => {
      await checkWindowRestore(tumblingSpecs, FEW_KEYS, AGGREGATE, path);
    });
    it(`tumbling aggregate, up to 200 keys (${op})`, async () => {
      await checkWindowRestore(tumblingSpecs, MANY_KEYS, AGGREGATE, path, RUNS / 2);
    });
    it(`tumbling reduce (${op})`, async () => {
      await checkWindowRestore(tumblingSpecs, FEW_KEYS, REDUCE, path);
    });
    it(`sliding aggregate (${op})`, async () => {
      await checkWindowRestore(slidingSpecs, FEW_KEYS, AGGREGATE, path);
    });
    it(`sliding aggregate, up to 200 keys (${op})`, async () => {
      await checkWindowRestore(slidingSpecs, MANY_KEYS, AGGREGATE, path, RUNS / 2);
    });
  }
  it("sliding aggregate without merge (one accumulator per window)", async () => {
    await checkWindowRestore(slidingSpecs, FEW_KEYS, AGGREGATE_NO_MERGE, "default");
  });
  it("tumbling and sliding process (buffered elements)", async () => {
    await checkWindowRestore(tumblingSpecs, FEW_KEYS, PROCESS, "default");
    await checkWindowRestore(slidingSpecs, FEW_KEYS, PROCESS, "default");
  });
  it("session aggregate (merging window sets)", async () => {
    await checkWindowRestore(sessionSpecs, FEW_KEYS, AGGREGATE, "default");
  });
  it("session reduce and process", async () => {
    await checkWindowRestore(sessionSpecs, FEW_KEYS, REDUCE, "default");
    await checkWindowRestore(sessionSpecs, FEW_KEYS, PROCESS, "default");
  });
  it("count windows (purging count trigger state)", async () => {
    await checkWindowRestore(countSpecs, FEW_KEYS, AGGREGATE, "default");
    await checkWindowRestore(countSpecs, FEW_KEYS, PROCESS, "default");
  });
});

// ---------------- windows with custom triggers and processing time ----------------

const FIRST = new ValueStateDescriptor<number | null>("first-ts", null);
const SEEN = new ValueStateDescriptor<number>("seen", 0);

/**
 * A user trigger: fires and purges a group at `n` elements or `timeoutMs` of event time after its
 * first one. All it remembers is partitioned state, plus an event-time timer per group.
 */
class CountOrTimeout implements Trigger<Rec> {
  readonly description = "countOrTimeout";
  constructor(
    readonly n: number,
    readonly timeoutMs: number,
  ) {}
  onElement(_e: Rec, ts: number, w: TimeWindow, ctx: TriggerContext): TriggerResult {
    const first = ctx.getPartitionedState(FIRST);
    if (first.value() === null) {
      first.update(ts);
      ctx.registerEventTimeTimer(ts + this.timeoutMs);
    }
    const seen = ctx.getPartitionedState(SEEN);
    if (seen.value() + 1 < this.n) {
      seen.update(seen.value() + 1);
      return "CONTINUE";
    }
    this.clear(w, ctx);
    return "FIRE_AND_PURGE";
  }
  onEventTime(time: number, w: TimeWindow, ctx: TriggerContext): TriggerResult {
    const first = ctx.getPartitionedState(FIRST).value();
    if (first === null || first + this.timeoutMs !== time) return "CONTINUE";
    this.clear(w, ctx);
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
    const first = ctx.getPartitionedState(FIRST);
    const t = first.value();
    if (t !== null) ctx.deleteEventTimeTimer(t + this.timeoutMs);
    first.clear();
    ctx.getPartitionedState(SEEN).clear();
  }
}

const toRec = (r: Raw): Rec => ({ id: r.id, key: r.key % 2 === 0 ? r.key : `k${r.key}`, ts: r.ts, members: [r.id] });

type WindowBuild<X> = (keyed: KeyedStream<string | number, Rec>) => DataStream<X>;

/** Event-time windows with a custom trigger: `source → timestamps(bound 5) → keyBy → build`, late data collected. */
function eventTimeFragment<X>(build: WindowBuild<X>): Fragment<Rec, X> {
  return {
    build: (s) => build(s.assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(5)).keyBy((r) => r.key)),
    sideOutputs: [LATE as OutputTag<unknown>],
    batchSize: 4,
  };
}

/** Processing-time windows need no timestamps: `source → keyBy → build`, driven by the clock. */
function processingTimeFragment<X>(build: WindowBuild<X>): Fragment<Rec, X> {
  return { build: (s) => build(s.keyBy((r) => r.key)), batchSize: 4 };
}

async function checkFragmentRestore<X>(fragment: Fragment<Rec, X>, clock: boolean): Promise<void> {
  await fc.assert(
    fc.asyncProperty(stepsArb({ inputs: 1, maxKeys: 6, clock }), fc.nat(), async (raw, seed) => {
      const steps = mapSteps(raw, toRec);
      await expectExactRestore(fragment, steps, cutOf(seed, steps));
    }),
    { numRuns: RUNS * RUN_SCALE },
  );
}

describe("windows with custom triggers and processing time restore exactly", () => {
  it("global window with a count trigger that never purges (growing windows)", async () => {
    await checkFragmentRestore(eventTimeFragment((k) => k.window(globalWindow().trigger(triggers.count(3))).aggregate(idListAggregate)), false);
  });
  it("global window with a user trigger (partitioned state, event-time timers, purge)", async () => {
    await checkFragmentRestore(eventTimeFragment((k) => k.window(globalWindow().trigger(new CountOrTimeout(3, 15))).process(idListProcess)), false);
  });
  it("tumbling windows with a continuous event-time trigger, allowed lateness and a late output", async () => {
    await checkFragmentRestore(
      eventTimeFragment((k) =>
        k.window(tumbling(20)).trigger(triggers.continuousEventTime(7)).allowedLateness(10).sideOutputLateData(LATE).aggregate(idListAggregate),
      ),
      false,
    );
  });
  it("session windows with a continuous trigger (trigger state merges with the sessions)", async () => {
    await checkFragmentRestore(
      eventTimeFragment((k) =>
        k.window(session(8)).trigger(triggers.continuousEventTime(4)).allowedLateness(6).sideOutputLateData(LATE).process(idListProcess),
      ),
      false,
    );
  });
  it("sliding windows with a purging count trigger (general operator)", async () => {
    await checkFragmentRestore(
      eventTimeFragment((k) => k.window(sliding(20, 10)).trigger(triggers.purging(triggers.count(2))).sideOutputLateData(LATE).aggregate(idListAggregate)),
      false,
    );
  });
  it("tumbling processing-time windows (ManualClock)", async () => {
    await checkFragmentRestore(processingTimeFragment((k) => k.window(tumblingProcessingTime(30)).aggregate(idListAggregate)), true);
  });
  it("processing-time sessions (merging, processing-time timers)", async () => {
    await checkFragmentRestore(processingTimeFragment((k) => k.window(sessionProcessingTime(25)).process(idListProcess)), true);
  });
  it("sliding processing-time windows with a continuous processing-time trigger", async () => {
    await checkFragmentRestore(
      processingTimeFragment((k) => k.window(slidingProcessingTime(40, 20)).trigger(triggers.continuousProcessingTime(15)).aggregate(idListAggregate)),
      true,
    );
  });
});

// ---------------- keyed process, rolling reduce, timestamps ----------------

/** A record for the non-window operators: `k` null is a bad key, `t` null a missing timestamp. */
interface Ev {
  readonly id: number;
  readonly k: string | number | null;
  readonly v: number;
  readonly t: number | null;
}

const toEv = (r: Raw): Ev => ({
  id: r.id,
  k: r.x % 23 === 22 ? null : r.key % 2 === 0 ? r.key : `k${r.key}`,
  v: r.x,
  t: r.x % 17 === 16 ? null : r.ts,
});
const tsOf = (e: Ev): number => e.t ?? NaN;
const keyOf = (e: Ev): Key => e.k as Key;

/** Source 0 with bound 3 and idleness 25 ms, unioned with source 1 with bound 8 and idleness 37 ms. */
function twoIdleSources(s: DataStream<Ev>, p: Pipeline): DataStream<Ev> {
  const other = p.source(fromIterable<Ev>([])).assignTimestamps(tsOf, watermarks.boundedOutOfOrderness(8).withIdleness(37));
  return s.assignTimestamps(tsOf, watermarks.boundedOutOfOrderness(3).withIdleness(25)).union(other);
}

const COUNT = new ValueStateDescriptor<number>("count", 0);
const VALUES = new ListStateDescriptor<number>("values");
const SUMS = new MapStateDescriptor<number, number>("sums-by-residue");
const THIRDS = new OutputTag<string>("thirds");

function opened<T>(x: T | null): T {
  if (x === null) throw new Error("state used before open()");
  return x;
}

/**
 * Uses value, list and map state, registers and deletes timers in both domains, re-registers
 * timers from onTimer, clears a key's state, writes a side output and sometimes throws.
 */
function statefulFunction(): KeyedProcessFunction<Key, Ev, string> {
  let count: ValueState<number> | null = null;
  let values: ListState<number> | null = null;
  let sums: MapState<number, number> | null = null;
  return {
    open(ctx) {
      count = ctx.getState(COUNT);
      values = ctx.getListState(VALUES);
      sums = ctx.getMapState(SUMS);
    },
    processElement(e, ctx, out) {
      if (e.v === 13) throw new Error("13 is unlucky");
      const n = opened(count).value() + 1;
      opened(count).update(n);
      opened(values).add(e.v);
      opened(sums).put(e.v % 3, (opened(sums).get(e.v % 3) ?? 0) + e.v);
      const timers = ctx.timerService();
      timers.registerEventTimeTimer(ctx.timestamp() + (e.v % 7));
      if (e.v % 4 === 0) timers.deleteEventTimeTimer(ctx.timestamp() + 3);
      const now = timers.currentProcessingTime();
      if (e.v % 2 === 0) timers.registerProcessingTimeTimer(now + 10 * (1 + (e.v % 5)));
      if (e.v % 10 === 5) timers.deleteProcessingTimeTimer(now + 20);
      if (e.v % 3 === 0) ctx.output(THIRDS, `${String(ctx.getCurrentKey())}:${e.v}`);
      out.collect(`${String(ctx.getCurrentKey())} #${n} v=${e.v} wm=${ctx.currentWatermark()}`);
    },
    onTimer(t, ctx, out) {
      const domain = ctx.timeDomain();
      if (domain === "event" && t % 11 === 0) throw new Error(`timer ${t} fails`);
      const list = opened(values).get();
      const sumList = JSON.stringify([...opened(sums).entries()]);
      out.collect(
        `${String(ctx.getCurrentKey())}@${t} ${domain} #${opened(count).value()} [${list.join()}] ${sumList} wm=${ctx.currentWatermark()} now=${ctx.timerService().currentProcessingTime()}`,
      );
      if (t % 5 === 0) {
        opened(count).clear();
        opened(values).clear();
        opened(sums).clear();
      } else if (list.length > 4) {
        opened(values).update(list.slice(-2));
      }
      if (domain === "event" && t % 3 === 0) ctx.timerService().registerEventTimeTimer(t + 4);
      if (domain === "processing" && t % 30 === 0) ctx.timerService().registerProcessingTimeTimer(t + 20);
    },
  };
}

async function checkEvRestore<X>(fragment: Fragment<Ev, X>, shape: StepShape): Promise<void> {
  await fc.assert(
    fc.asyncProperty(stepsArb(shape), fc.nat(), async (raw, seed) => {
      const steps = mapSteps(raw, toEv);
      await expectExactRestore(fragment, steps, cutOf(seed, steps));
    }),
    { numRuns: RUNS * RUN_SCALE },
  );
}

describe("keyed process, rolling reduce and timestamps restore exactly", () => {
  it("keyed process: value/list/map state, event and processing-time timers, two idle-aware sources", async () => {
    const fragment: Fragment<Ev, string> = {
      build: (s, p) => twoIdleSources(s, p).keyBy(keyOf).process(statefulFunction()),
      sideOutputs: [THIRDS as OutputTag<unknown>],
      batchSize: 3,
    };
    await checkEvRestore(fragment, { inputs: 2, maxKeys: 5, clock: true });
  });

  it("rolling reduce per key, with bad keys and a throwing reduce function", async () => {
    const fragment: Fragment<Ev, Ev> = {
      build: (s) =>
        s
          .assignTimestamps(tsOf, watermarks.boundedOutOfOrderness(5))
          .keyBy(keyOf)
          .reduce((a, b) => {
            if (b.v === 13) throw new Error("13 is unlucky");
            return { id: b.id, k: a.k, v: a.v + b.v, t: b.t };
          }),
      batchSize: 4,
    };
    await checkEvRestore(fragment, { inputs: 1, maxKeys: 6, clock: false });
  });

  it("timestamps: bounded out-of-orderness and idleness over two sources, seen through a process function", async () => {
    const fragment: Fragment<Ev, string> = {
      build: (s, p) =>
        twoIdleSources(s, p).process<string>({
          processElement(e, ctx, out) {
            out.collect(`${e.id} ts=${ctx.timestamp()} wm=${ctx.currentWatermark()}`);
          },
        }),
      batchSize: 2,
    };
    await checkEvRestore(fragment, { inputs: 2, maxKeys: 3, clock: true });
  });
});

// ---------------- hand-checked examples and errors ----------------

interface KV {
  readonly k: string;
  readonly v: number;
}
type Sum = WindowResult<string, number>;
const sum = { createAccumulator: () => 0, add: (r: KV, acc: number) => acc + r.v, merge: (a: number, b: number) => a + b, getResult: (acc: number) => acc };
const fmt = (r: Sum): string => `${r.key}@[${r.window.start},${r.window.end})=${r.value}`;

describe("snapshot and restore: hand-checked examples", () => {
  it("a tumbling window fired before the checkpoint re-fires with an allowed-late record after it", async () => {
    const late = new OutputTag<KV>("late");
    const build = (s: DataStream<KV>): DataStream<Sum> => s.keyBy((r) => r.k).window(tumbling(10)).allowedLateness(5).sideOutputLateData(late).aggregate(sum);
    const h = harness(build, { sideOutputs: [late as OutputTag<unknown>] });
    h.pushElement({ k: "a", v: 1 }, 3);
    h.pushElement({ k: "a", v: 2 }, 12);
    h.pushWatermark(9); // fires [0,10) = 1; kept until the watermark reaches 9 + 5
    expect(h.takeOutput().map(fmt)).toEqual(["a@[0,10)=1"]);

    const r = harness(build, { sideOutputs: [late as OutputTag<unknown>], restoreFrom: h.snapshot() });
    r.pushElement({ k: "a", v: 10 }, 4); // allowed-late: re-fires [0,10) with 1 + 10
    r.pushWatermark(14); // [0,10) is cleaned up; [10,20) waits for 19
    r.pushElement({ k: "a", v: 100 }, 5); // late
    await r.close();
    expect(r.output().map(fmt)).toEqual(["a@[0,10)=11", "a@[10,20)=2"]);
    expect(r.sideOutput(late)).toEqual([{ k: "a", v: 100 }]);
    expect(r.metrics()[r.result.transformation.uid]).toMatchObject({ in: 4, out: 3, late: 1, emitted: 3 });
  });

  it("a processing-time timer registered before the checkpoint fires after it, on the new clock", async () => {
    const fn: KeyedProcessFunction<string, KV, string> = {
      processElement(r, ctx) {
        ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + r.v);
      },
      onTimer(t, ctx, out) {
        out.collect(`${ctx.getCurrentKey()}@${t} now=${ctx.timerService().currentProcessingTime()}`);
      },
    };
    const build = (s: DataStream<KV>): DataStream<string> => s.keyBy((r) => r.k).process(fn);
    const h = harness(build, { clock: new TestClock(100) });
    h.pushElement({ k: "a", v: 50 }); // a@150
    h.pushElement({ k: "b", v: 20 }); // b@120
    h.advanceProcessingTime(130);
    expect(h.takeOutput()).toEqual(["b@120 now=120"]);

    const r = harness(build, { clock: new TestClock(130), restoreFrom: h.snapshot() });
    r.advanceProcessingTime(149);
    expect(r.output()).toEqual([]);
    r.advanceProcessingTime(200);
    expect(r.output()).toEqual(["a@150 now=150"]);
    await r.close();
  });

  it("a watermark generator without snapshotState restarts empty; the restored watermark holds until it is passed", async () => {
    const punctuated = watermarks.custom("max − 1", () => {
      let max = -Infinity;
      return {
        onEvent: (t: number) => void (max = Math.max(max, t)),
        onBatchEnd: () => max - 1,
      };
    });
    const build = (s: DataStream<KV>): DataStream<KV> => s.assignTimestamps((r) => r.v, punctuated);
    const h = harness(build);
    h.pushElement({ k: "a", v: 100 });
    expect(h.watermarks()).toEqual([99]);
    const r = harness(build, { restoreFrom: h.snapshot() });
    r.pushElement({ k: "a", v: 50 }); // the fresh generator says 49: not below 99, so nothing is sent
    r.pushElement({ k: "a", v: 120 });
    await r.close();
    expect(r.watermarks()).toEqual([119, Infinity]);
  });
});

describe("restoring state into an operator of another kind fails, naming the operator", () => {
  const before = (): Uint8Array => {
    const h = harness<KV, KV>((s) =>
      s
        .keyBy((r) => r.k)
        .reduce((a, b) => ({ k: a.k, v: a.v + b.v }))
        .uid("totals"),
    );
    h.pushElement({ k: "a", v: 1 });
    return h.snapshot();
  };

  it("a window operator given keyed-reduce state", () => {
    const bytes = before();
    expect(() =>
      harness((s: DataStream<KV>) => s.keyBy((r) => r.k).window(globalWindow().trigger(triggers.count(2))).aggregate(sum).uid("totals"), {
        restoreFrom: bytes,
      }),
    ).toThrow(/operator "totals": the checkpoint holds "keyed-reduce" operator state, but this is a "window" operator/);
  });

  it("a slice window operator given keyed-reduce state, and a stateless operator given any", () => {
    const bytes = before();
    expect(() =>
      harness((s: DataStream<KV>) => s.keyBy((r) => r.k).window(tumbling(10)).aggregate(sum).uid("totals"), { restoreFrom: bytes }),
    ).toThrow(/operator "totals".*"slice-window"/);
    expect(() => harness((s: DataStream<KV>) => s.map((r) => r.v).uid("totals"), { restoreFrom: bytes })).toThrow(/operator "totals"/);
  });

  it("windows cut differently (a changed window size) fail on the slice operator", () => {
    const build = (size: number) => (s: DataStream<KV>) => s.keyBy((r) => r.k).window(sliding(size, 5)).aggregate(sum).uid("w");
    const h = harness(build(10));
    h.pushElement({ k: "a", v: 1 }, 3);
    expect(() => harness(build(15), { restoreFrom: h.snapshot() })).toThrow(/operator "w": the checkpoint's windows are cut differently/);
  });

  it("a keyed state name registered with another kind", () => {
    const fn = (d: ValueStateDescriptor<number> | ListStateDescriptor<number>): KeyedProcessFunction<string, KV, never> => ({
      open(ctx) {
        if (d instanceof ValueStateDescriptor) ctx.getState(d);
        else ctx.getListState(d);
      },
      processElement() {},
    });
    const h = harness<KV, never>((s) => s.keyBy((r) => r.k).process(fn(new ValueStateDescriptor("x", 0))).uid("kp"));
    expect(() => harness<KV, never>((s) => s.keyBy((r) => r.k).process(fn(new ListStateDescriptor("x"))).uid("kp"), { restoreFrom: h.snapshot() })).toThrow(
      /operator "kp": state "x" is already registered as list state, not value state/,
    );
  });
});
