// The estimator contract (STYLE §4) for the four sketches beyond what the generic suite
// (contract.test.ts: options, tags, estimate/update on integers) checks: restores on a mixed,
// weighted stream with identical top(k); top(k) changing no state; bad items, counts, k and merge
// arguments naming Class.method with the state unchanged.
import { describe, expect, it } from "vitest";
import { CountMinSketch, EstimatorConfigError, EstimatorInputError, LossyCounting, MisraGries, SpaceSaving, type SketchItem } from "streamine/algorithms";
import { zipfStream } from "./zipf.js";

interface Sketch {
  readonly options: object;
  update(item: SketchItem, count?: number): void;
  estimate(item: SketchItem): number;
  top(k: number): unknown[];
  merge(other: never): void;
  snapshot(): Uint8Array;
}
interface SketchClass {
  new (options?: never): Sketch;
  restore(bytes: Uint8Array): Sketch;
  readonly testParams: readonly object[];
  readonly name: string;
}

const classes = [SpaceSaving, MisraGries, LossyCounting, CountMinSketch] as unknown as SketchClass[];
const cases = classes.flatMap((cls) => [undefined, ...cls.testParams].map((p, i) => [`${cls.name} ${i === 0 ? "defaults" : JSON.stringify(p)}`, cls, p] as const));

/** A mixed stream: Zipf integers, strings and a few non-integer numbers, some weighted. */
function mixed(seed: number, n: number): [SketchItem, number][] {
  const ints = zipfStream(seed, n, 200, 1.1);
  const strs = zipfStream(seed + 1, n, 50, 1.3, true);
  return ints.map((x, i) => [i % 3 === 0 ? (strs[i] as SketchItem) : i % 7 === 0 ? (x as number) + 0.5 : x, i % 11 === 0 ? 2.5 : 1]);
}

function answers(s: Sketch, records: readonly [SketchItem, number][]): number[] {
  const out: number[] = [];
  for (const [x, c] of records) {
    out.push(s.estimate(x));
    s.update(x, c);
  }
  return out;
}

describe.each(cases)("%s", (_name, cls, params) => {
  const make = (): Sketch => new cls(params as never);

  it("restores from a mid-stream snapshot: identical answers, top and bytes", () => {
    const records = mixed(3, 1500);
    const original = make();
    answers(original, records.slice(0, 600));
    const bytes = original.snapshot();
    const restored = cls.restore(bytes);
    expect(restored.snapshot()).toEqual(bytes);
    const a = answers(original, records.slice(600));
    const b = answers(restored, records.slice(600));
    expect(b).toEqual(a);
    const k = cls === (CountMinSketch as unknown) ? (original.options as { track: number }).track : 20;
    expect(restored.top(k)).toEqual(original.top(k));
    expect(restored.snapshot()).toEqual(original.snapshot());
  });

  it("answers estimate and top without changing its state", () => {
    const s = make();
    answers(s, mixed(4, 300));
    const before = s.snapshot();
    s.estimate(1);
    s.estimate("nope");
    const most = cls === (CountMinSketch as unknown) ? (s.options as { track: number }).track : 1000;
    s.top(0);
    s.top(Math.min(5, most));
    s.top(most);
    expect(s.snapshot()).toEqual(before);
  });

  it("rejects bad items, counts and k naming Class.method, and keeps its state", () => {
    const s = make();
    answers(s, mixed(5, 200));
    const before = s.snapshot();
    const bad: [string, () => unknown][] = [
      ...[NaN, Infinity, -Infinity, null, undefined, {}, [1], true, 10n].map((x): [string, () => unknown] => ["update", () => s.update(x as never)]),
      ...[0, -1, NaN, Infinity, "1"].map((c): [string, () => unknown] => ["update", () => s.update(1, c as never)]),
      ["estimate", () => s.estimate(NaN)],
      ["estimate", () => s.estimate({} as never)],
      ["top", () => s.top(-1)],
      ["top", () => s.top(1.5)],
      ["merge", () => s.merge({} as never)],
    ];
    for (const [method, call] of bad) {
      expect(call, method).toThrow(EstimatorInputError);
      expect(call, method).toThrow(`${cls.name}.${method}`);
      expect(s.snapshot()).toEqual(before);
    }
  });
});

describe("bad options", () => {
  const bad: [SketchClass, object, RegExp][] = [
    [SpaceSaving as unknown as SketchClass, { capacity: 0 }, /SpaceSaving\.constructor: option capacity/],
    [SpaceSaving as unknown as SketchClass, { capacity: 2.5 }, /capacity/],
    [SpaceSaving as unknown as SketchClass, { capacty: 10 }, /unknown option "capacty"/],
    [MisraGries as unknown as SketchClass, { capacity: -3 }, /MisraGries\.constructor: option capacity/],
    [LossyCounting as unknown as SketchClass, { epsilon: 0 }, /LossyCounting\.constructor: option epsilon/],
    [LossyCounting as unknown as SketchClass, { epsilon: 0.1, support: 0.05 }, /option support must be a number in \(epsilon = 0.1, 1\]/],
    [LossyCounting as unknown as SketchClass, { fading: 1.5 }, /option fading/],
    [CountMinSketch as unknown as SketchClass, { epsilon: 1 }, /CountMinSketch\.constructor: option epsilon/],
    [CountMinSketch as unknown as SketchClass, { delta: 0 }, /option delta/],
    [CountMinSketch as unknown as SketchClass, { epsilon: 1e-9 }, /raise epsilon or delta/],
    [CountMinSketch as unknown as SketchClass, { seed: 0.5 }, /option seed/],
    [CountMinSketch as unknown as SketchClass, { conservative: "yes" }, /option conservative/],
  ];
  it.each(bad.map(([cls, o, re]) => [`${cls.name} ${JSON.stringify(o)}`, cls, o, re] as const))("%s throws", (_n, cls, o, re) => {
    expect(() => new cls(o as never)).toThrow(EstimatorConfigError);
    expect(() => new cls(o as never)).toThrow(re);
  });

  it("merge refuses sketches of other sizes", () => {
    expect(() => new SpaceSaving({ capacity: 3 }).merge(new SpaceSaving({ capacity: 4 }))).toThrow(/SpaceSaving\.merge: capacities differ/);
    expect(() => new MisraGries({ capacity: 3 }).merge(new MisraGries({ capacity: 4 }))).toThrow(/MisraGries\.merge: capacities differ/);
    expect(() => new LossyCounting({ epsilon: 0.002 }).merge(new LossyCounting({ epsilon: 0.001 }))).toThrow(/LossyCounting\.merge/);
    expect(() => new CountMinSketch({ seed: 1 }).merge(new CountMinSketch({ seed: 2 }))).toThrow(/CountMinSketch\.merge: sketches differ/);
    expect(() => new CountMinSketch({ track: 2 }).top(3)).toThrow(/CountMinSketch\.top: k = 3 exceeds option track = 2/);
  });
});
