/**
 * Shared pieces of the window property tests: fast-check arbitraries for disordered keyed
 * streams, the functions under test (an id-list aggregate, a reduce, a process function), and a
 * runner that pushes a scenario through a pipeline and compares it with the oracle as multisets.
 * (Over 300 lines because it is the one support file next to oracle.ts; its sections — streams,
 * functions, runner, property and example checks — read independently.)
 */
import fc from "fast-check";
import { expect } from "vitest";
import {
  Pipeline,
  countWindow,
  fromIterable,
  OutputTag,
  session,
  sliding,
  triggers,
  tumbling,
  watermarks,
  type AggregateFunction,
  type DataStream,
  type Key,
  type KeyedStream,
  type ProcessWindowFunction,
  type WindowAssigner,
  type WindowedStream,
  type WindowResult,
} from "streamine";
import { runOracle, type Firing, type WindowSpec } from "./oracle.js";

export interface Rec {
  readonly id: number;
  readonly key: string | number;
  readonly ts: number;
  /** Sorted ids this record stands for: `[id]` at the source, unions after `reduce`. */
  readonly members: readonly number[];
}

/** A generated input: records in arrival order plus the pipeline settings. */
export interface Scenario {
  readonly records: Rec[];
  readonly boundMs: number;
  readonly latenessMs: number;
  readonly batchSize: number;
}

export interface StreamShape {
  /** Keys are drawn from 1..maxKeys distinct values. */
  readonly maxKeys: number;
  readonly maxRecords: number;
  /** Typical window length in ms: steps, bound, lateness and jitter scale with it. */
  readonly timeScale: number;
}

/** Around 2023-11-14 in epoch ms: real timestamps are this large. */
const EPOCH_MS = 1_700_000_000_000;

/** "mixed" uses both 3 and "3" as keys in one stream: they must stay different keys. */
type KeyStyle = "string" | "number" | "mixed";

function keyOf(k: number, style: KeyStyle): string | number {
  if (style === "string") return `k${k}`;
  if (style === "number") return k;
  return k % 2 === 0 ? k / 2 : String((k - 1) / 2);
}

/** How far a record lags behind the stream's running base time. */
type Jitter =
  | { readonly kind: "none" }
  | { readonly kind: "withinBound"; readonly frac: number }
  | { readonly kind: "beyondBound"; readonly extra: number }
  | { readonly kind: "ahead"; readonly extra: number };

/**
 * Keyed streams with a mostly increasing base time (possibly negative; each stream has its own
 * density, from bursts at one timestamp to about one record per timeScale ms) and jitter: most
 * records lag within the watermark bound or beyond it (on time, allowed-late or late), a few jump
 * ahead of the base time and push the watermark past records still to come.
 */
export function scenarioArb(shape: StreamShape): fc.Arbitrary<Scenario> {
  const s = shape.timeScale;
  const jitter: fc.Arbitrary<Jitter> = fc.oneof(
    { weight: 4, arbitrary: fc.constant<Jitter>({ kind: "none" }) },
    { weight: 3, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((frac): Jitter => ({ kind: "withinBound", frac })) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 3 * s }).map((extra): Jitter => ({ kind: "beyondBound", extra })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 * s }).map((extra): Jitter => ({ kind: "ahead", extra })) },
  );
  return fc
    .record({
      keyCount: fc.integer({ min: 1, max: shape.maxKeys }),
      keyStyle: fc.constantFrom<KeyStyle>("string", "number", "mixed"),
      origin: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: -5 * s, max: 5 * s }) },
        { weight: 1, arbitrary: fc.integer({ min: -5 * s, max: 5 * s }).map((t) => EPOCH_MS + t) },
      ),
      maxAdvance: fc.integer({ min: 0, max: s }),
      boundMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 * s })),
      latenessMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 * s })),
      batchSize: fc.constantFrom(1, 7, 64),
      steps: fc.array(
        fc.record({ key: fc.nat(), advance: fc.integer({ min: 0, max: s }), jitter }),
        { maxLength: shape.maxRecords, size: "max" },
      ),
    })
    .map(({ keyCount, keyStyle, origin, maxAdvance, boundMs, latenessMs, batchSize, steps }) => {
      let base = origin;
      const records = steps.map((st, id): Rec => {
        base += Math.round((st.advance * maxAdvance) / s);
        const j = st.jitter;
        const lag =
          j.kind === "none"
            ? 0
            : j.kind === "withinBound"
              ? Math.floor(j.frac * (boundMs + 1))
              : j.kind === "beyondBound"
                ? boundMs + 1 + j.extra
                : -j.extra;
        return { id, key: keyOf(st.key % keyCount, keyStyle), ts: base - lag, members: [id] };
      });
      return { records, boundMs, latenessMs, batchSize };
    });
}

/** The sorted ids of some records: shows both which records a window holds and how often. */
export function idsOf(records: readonly Rec[]): string {
  return records
    .map((r) => r.id)
    .sort((a, b) => a - b)
    .join(",");
}

/**
 * Collects record ids. `add` and `merge` update their first accumulator in place, which the
 * AggregateFunction contract allows (merge must only leave `b` alone), so an operator that shares
 * or reuses accumulators shows up as wrong contents.
 */
export const idListAggregate: AggregateFunction<Rec, { ids: Rec[] }, string> = {
  createAccumulator: () => ({ ids: [] }),
  add: (r, acc) => {
    acc.ids.push(r);
    return acc;
  },
  merge: (a, b) => {
    a.ids.push(...b.ids);
    return a;
  },
  getResult: (acc) => idsOf(acc.ids),
};

/** The same aggregate without `merge`: forces sliding windows onto one accumulator per window. */
export const idListAggregateNoMerge: AggregateFunction<Rec, { ids: Rec[] }, string> = {
  createAccumulator: idListAggregate.createAccumulator,
  add: idListAggregate.add,
  getResult: idListAggregate.getResult,
};

/** A commutative, associative reduce (union of members), so the order of reduction cannot matter. */
export const unionReduce = (a: Rec, b: Rec): Rec => ({
  id: Math.min(a.id, b.id),
  key: a.key,
  ts: Math.min(a.ts, b.ts),
  members: [...a.members, ...b.members].sort((x, y) => x - y),
});

/** Emits what the process function saw, in the shape of a window result. */
export interface ProcessOut {
  readonly key: Key;
  readonly window: { readonly start: number; readonly end: number };
  readonly value: string;
}

export const idListProcess: ProcessWindowFunction<Rec, ProcessOut, string | number> = {
  process(key, ctx, elements, out) {
    for (const e of elements) {
      if (e.key !== key) throw new Error(`process: element ${e.id} of key ${String(e.key)} in window of key ${String(key)}`);
    }
    out.collect({ key, window: { start: ctx.window.start, end: ctx.window.end }, value: idsOf(elements) });
  },
};

/** One emission as a comparable string; the key's type is part of it (1 ≠ "1"). */
export function showEmission(key: unknown, start: number, end: number, value: string): string {
  return `${typeof key}:${String(key)} [${start},${end}) = {${value}}`;
}

export interface Emissions {
  readonly emitted: string[];
  readonly late: string[];
}

/** What the oracle says `sc` must produce, as sorted multisets. */
export function expectedFor(sc: Scenario, spec: WindowSpec): Emissions {
  const { fired, late } = runOracle(sc.records, (r) => r.key, (r) => r.ts, { spec, ...sc });
  return {
    emitted: fired.map((f: Firing<Rec>) => showEmission(f.key, f.start, f.end, idsOf(f.records))).sort(),
    late: late.map((r) => String(r.id)).sort(),
  };
}

/** What the comparison reads from one emission. */
export interface ResultView {
  readonly key: unknown;
  readonly window: { readonly start: number; readonly end: number };
  readonly value: string;
}

/**
 * Runs `sc` through `source → assignTimestamps → keyBy → window(…) → allowedLateness →
 * sideOutputLateData → finish(…)` and returns the emitted results (read through `view`) and the
 * late ids as sorted multisets. Dead letters would mean a user function threw, so they fail the run.
 */
export async function runPipeline<X>(
  sc: Scenario,
  window: (keyed: KeyedStream<string | number, Rec>) => WindowedStream<string | number, Rec>,
  finish: (ws: WindowedStream<string | number, Rec>) => DataStream<X>,
  view: (x: X) => ResultView,
): Promise<Emissions> {
  const p = Pipeline.create({ name: "prop", batchSize: sc.batchSize });
  const lateTag = new OutputTag<Rec>("late");
  // Raw outputs, read only after the run: a result object reused or changed after emission shows up.
  const emitted: X[] = [];
  const late: string[] = [];
  const dead: unknown[] = [];
  const keyed = p
    .source(fromIterable(sc.records))
    .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(sc.boundMs))
    .keyBy((r) => r.key);
  const results = finish(window(keyed).allowedLateness(sc.latenessMs).sideOutputLateData(lateTag));
  results.sink((x) => {
    emitted.push(x);
  });
  results.getSideOutput(lateTag).sink((r) => {
    late.push(String(r.id));
  });
  p.deadLetters().sink((d) => {
    dead.push(d);
  });
  await p.run();
  expect(dead).toEqual([]);
  return {
    emitted: emitted
      .map(view)
      .map((r) => showEmission(r.key, r.window.start, r.window.end, r.value))
      .sort(),
    late: late.sort(),
  };
}

/** Elements of `a` not matched in `b`, as multisets. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

/** Fails with the multiset differences (what is missing, what is extra), not two long lists. */
export function expectSameEmissions(actual: Emissions, expected: Emissions): void {
  expect({
    missingResults: minus(expected.emitted, actual.emitted),
    unexpectedResults: minus(actual.emitted, expected.emitted),
    missingLate: minus(expected.late, actual.late),
    unexpectedLate: minus(actual.late, expected.late),
  }).toEqual({ missingResults: [], unexpectedResults: [], missingLate: [], unexpectedLate: [] });
}

/**
 * Property runs per check (multiplied by the env var WINDOW_PROP_SCALE for a longer soak), and
 * the two stream shapes: few keys, and many keys.
 */
export const RUN_SCALE = Math.max(1, Number(process.env["WINDOW_PROP_SCALE"] ?? "1") || 1);
export const RUNS = 300;
export const FEW_KEYS: StreamShape = { maxKeys: 20, maxRecords: 150, timeScale: 10 };
export const MANY_KEYS: StreamShape = { maxKeys: 200, maxRecords: 400, timeScale: 10 };

/** Which operator runs a tumbling or sliding aggregate: the slice operator, or the general port. */
export type OperatorPath = "default" | "general";

/**
 * The assigner for `spec`. On the "general" path an explicit `triggers.eventTime()` (the same
 * semantics as the default trigger) moves tumbling and sliding aggregates off the slice operator.
 */
export function assignerFor(spec: WindowSpec, path: OperatorPath): WindowAssigner {
  const a =
    spec.kind === "tumbling"
      ? tumbling(spec.size)
      : spec.kind === "sliding"
        ? sliding(spec.size, spec.slide)
        : spec.kind === "session"
          ? session(spec.gap)
          : countWindow(spec.size);
  return path === "general" && spec.kind !== "count" ? a.trigger(triggers.eventTime()) : a;
}

/** How a windowed stream is finished, and how its output is read back. */
export interface Finisher<X> {
  readonly name: string;
  readonly finish: (ws: WindowedStream<string | number, Rec>) => DataStream<X>;
  readonly view: (x: X) => ResultView;
}

type Result<V> = WindowResult<string | number, V>;

export const AGGREGATE: Finisher<Result<string>> = {
  name: "aggregate",
  finish: (ws) => ws.aggregate(idListAggregate),
  view: (r) => r,
};
export const AGGREGATE_NO_MERGE: Finisher<Result<string>> = {
  name: "aggregate without merge",
  finish: (ws) => ws.aggregate(idListAggregateNoMerge),
  view: (r) => r,
};
export const REDUCE: Finisher<Result<Rec>> = {
  name: "reduce",
  finish: (ws) => ws.reduce(unionReduce),
  view: (r) => ({ key: r.key, window: r.window, value: r.value.members.join(",") }),
};
export const PROCESS: Finisher<ProcessOut> = {
  name: "process",
  finish: (ws) => ws.process(idListProcess),
  view: (r) => r,
};

/** Runs one scenario through the pipeline and the oracle and compares them. */
export async function checkScenario<X>(spec: WindowSpec, sc: Scenario, how: Finisher<X>, path: OperatorPath): Promise<void> {
  const actual = await runPipeline(sc, (keyed) => keyed.window(assignerFor(spec, path)), how.finish, how.view);
  expectSameEmissions(actual, expectedFor(sc, spec));
}

/** The property: for every generated window spec and stream, the pipeline agrees with the oracle. */
export async function checkAgainstOracle<X>(
  specs: fc.Arbitrary<WindowSpec>,
  shape: StreamShape,
  how: Finisher<X>,
  path: OperatorPath,
  numRuns: number = RUNS,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(specs, scenarioArb(shape), (spec, sc) => checkScenario(spec, sc, how, path)),
    { numRuns: numRuns * RUN_SCALE },
  );
}

/** A hand-written example: records as `[key, ts]` in arrival order, ids are their positions. */
export function recordsOf(rows: readonly (readonly [string, number])[]): Rec[] {
  return rows.map(([key, ts], id) => ({ id, key, ts, members: [id] }));
}

/**
 * Checks a hand-worked example: both the oracle and the pipeline must give exactly `expected`
 * (so the examples also pin the oracle down).
 */
export async function expectExample<X>(
  spec: WindowSpec,
  sc: Scenario,
  how: Finisher<X>,
  path: OperatorPath,
  expected: { emitted: string[]; late: number[] },
): Promise<void> {
  const want: Emissions = { emitted: [...expected.emitted].sort(), late: expected.late.map(String).sort() };
  expect(expectedFor(sc, spec), "oracle vs the hand-worked result").toEqual(want);
  const actual = await runPipeline(sc, (keyed) => keyed.window(assignerFor(spec, path)), how.finish, how.view);
  expect(actual, `pipeline (${how.name}, ${path} path) vs the hand-worked result`).toEqual(want);
}

/** A hand-written expected emission of string key `key`: `win("a", 0, 10, 1, 3)`. */
export function win(key: string, start: number, end: number, ...ids: number[]): string {
  return showEmission(key, start, end, ids.join(","));
}
