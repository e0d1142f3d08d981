// Issue [nats] §1: `features(spec)` turns a window's records into a feature vector (count, mean,
// std, min, max, last, rate per field). Checked against a brute-force two-pass computation over
// fast-check streams, directly and through tumbling and sliding windows of a pipeline.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  FEATURE_STATS,
  Pipeline,
  features,
  fromIterable,
  sliding,
  tumbling,
  watermarks,
  type FeatureStat,
  type WindowResult,
  type Features,
} from "streamine";

interface Rec {
  readonly k: string;
  readonly ts: number;
  readonly temp?: number | null | undefined;
  readonly load: number;
}

/** Brute force over one window's records (in arrival order): every statistic of every field, two-pass std. */
function bruteForce(rs: readonly Rec[], fields: readonly ("temp" | "load")[], windowMs: number): number[] {
  return fields.flatMap((f) => {
    const xs = rs.map((r) => r[f]).filter((v): v is number => typeof v === "number");
    const n = xs.length;
    const mean = n === 0 ? NaN : xs.reduce((s, v) => s + v, 0) / n;
    const std = n === 0 ? NaN : Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    const min = n === 0 ? NaN : Math.min(...xs);
    const max = n === 0 ? NaN : Math.max(...xs);
    return [n, mean, std, min, max, n === 0 ? NaN : (xs[n - 1] as number), n / (windowMs / 1000)];
  });
}

/** Equal entry by entry: exact for count, min, max, last and rate; mean and std to rounding (1e-9, relative above 1). */
function expectClose(got: ArrayLike<number>, want: readonly number[], stats: readonly FeatureStat[] = FEATURE_STATS): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as number;
    const w = want[i] as number;
    const stat = stats[i % stats.length];
    if (stat === "mean" || stat === "std") {
      if (Number.isNaN(w)) expect(g, `entry ${i} (${stat})`).toBeNaN();
      else expect(Math.abs(g - w), `entry ${i} (${stat}): ${g} vs ${w}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w)));
    } else {
      // exact, but 0 and −0 are the same reading (min/max of {0, −0} may keep either)
      expect(g === w || (Number.isNaN(g) && Number.isNaN(w)), `entry ${i} (${stat}): ${g} vs ${w}`).toBe(true);
    }
  }
}

const value = fc.double({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true });
const recs = (maxTs: number) =>
  fc.array(
    fc.record({
      k: fc.constantFrom("a", "b", "c"),
      ts: fc.integer({ min: 0, max: maxTs }),
      temp: fc.option(value, { nil: undefined, freq: 5 }),
      load: value,
    }),
    { maxLength: 150, size: "max" },
  );

describe("features() as an AggregateFunction", () => {
  it("names every entry <field>.<stat>, field-major", () => {
    const f = features<Rec>(["temp", "load"], { windowMs: 1_000 });
    expect(f.names).toEqual(["temp", "load"].flatMap((field) => FEATURE_STATS.map((s) => `${field}.${s}`)));
    expect(features<Rec>({ t: (r) => r.temp }, { stats: ["max", "count"] }).names).toEqual(["t.max", "t.count"]);
  });

  it("property: one pass equals the brute force; merge(A, B) equals one pass over A then B", () => {
    fc.assert(
      fc.property(recs(0), recs(0), fc.integer({ min: 1, max: 100_000 }), (a, b, windowMs) => {
        const f = features<Rec>(["temp", "load"], { windowMs });
        const pass = (rs: readonly Rec[]) => rs.reduce((acc, r) => f.add(r, acc), f.createAccumulator());
        expectClose(f.getResult(pass([...a, ...b])).vector, bruteForce([...a, ...b], ["temp", "load"], windowMs));
        const merged = f.merge(pass(a), pass(b));
        expectClose(f.getResult(merged).vector, bruteForce([...a, ...b], ["temp", "load"], windowMs));
      }),
      { numRuns: 200 },
    );
  });

  it("an absent field is not counted; a field no record held has count 0, rate 0 and NaN elsewhere", () => {
    const f = features<Rec>(["temp", "load"], { windowMs: 2_000 });
    const acc = f.add({ k: "a", ts: 0, temp: null, load: 3 }, f.add({ k: "a", ts: 0, load: 1 }, f.createAccumulator()));
    const v = [...f.getResult(acc).vector];
    expect(v.slice(0, 7)).toEqual([0, NaN, NaN, NaN, NaN, NaN, 0]);
    expect(v.slice(7)).toEqual([2, 2, 1, 1, 3, 3, 1]);
  });

  it("a bad field value throws, naming the field, and leaves the accumulator as it was", () => {
    const f = features<Rec>(["temp", "load"], { windowMs: 1_000 });
    const acc = f.add({ k: "a", ts: 0, temp: 1, load: 1 }, f.createAccumulator());
    const before = structuredClone(acc);
    expect(() => f.add({ k: "a", ts: 0, temp: 2, load: Number.NaN }, acc)).toThrow('features: field "load" must be a finite number (or null/undefined when absent), got NaN');
    expect(() => f.add({ k: "a", ts: 0, temp: "hot" as unknown as number, load: 1 }, acc)).toThrow('field "temp" must be a finite number (or null/undefined when absent), got "hot"');
    expect(acc).toEqual(before);
  });

  it("rejects a bad spec with a ConfigError that says how to fix it", () => {
    expect(() => features<Rec>(["temp"])).toThrow(ConfigError);
    expect(() => features<Rec>(["temp"])).toThrow('"rate" is a count per second of window: give windowMs');
    expect(() => features<Rec>([], { windowMs: 1 })).toThrow("at least one field");
    expect(() => features<Rec>(["temp", "temp"], { windowMs: 1 })).toThrow('field "temp" is listed twice');
    expect(() => features<Rec>(["temp"], { stats: ["median" as FeatureStat] })).toThrow('unknown stat "median"');
    expect(() => features<Rec>(["temp"], { windowMs: -5 })).toThrow("windowMs must be a finite number > 0");
    expect(() => features<Rec>({ t: 3 as unknown as (r: Rec) => number }, { windowMs: 1 })).toThrow('extractor "t" must be a function');
  });
});

describe("features() in a pipeline agrees with the brute force per (key, window)", () => {
  async function windows(input: readonly Rec[], assigner: ReturnType<typeof tumbling>, windowMs: number): Promise<WindowResult<string, Features>[]> {
    const p = Pipeline.create({ name: "features", batchSize: 16 });
    const out: WindowResult<string, Features>[] = [];
    p.source(fromIterable(input))
      .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(10_000)) // no record is late
      .keyBy((r) => r.k)
      .window(assigner)
      .aggregate(features<Rec>(["temp", "load"], { windowMs }))
      .sink((w) => out.push(w));
    await p.run();
    return out;
  }

  it("tumbling windows (arrival order decides last)", async () => {
    await fc.assert(
      fc.asyncProperty(recs(5_000), fc.integer({ min: 1, max: 3_000 }), async (input, size) => {
        const out = await windows(input, tumbling(size), size);
        const groups = new Map<string, Rec[]>();
        for (const r of input) {
          const id = `${r.k}@${Math.floor(r.ts / size) * size}`;
          groups.set(id, [...(groups.get(id) ?? []), r]);
        }
        expect(out.map((w) => `${w.key}@${w.window.start}`).sort()).toEqual([...groups.keys()].sort());
        for (const w of out) expectClose(w.value.vector, bruteForce(groups.get(`${w.key}@${w.window.start}`) ?? [], ["temp", "load"], size));
      }),
      { numRuns: 60 },
    );
  });

  it("sliding windows (merged slices; in-order input so arrival order is time order)", async () => {
    await fc.assert(
      fc.asyncProperty(recs(5_000), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 50, max: 1_000 }), async (unsorted, n, slide) => {
        const input = [...unsorted].sort((x, y) => x.ts - y.ts);
        const size = n * slide;
        const out = await windows(input, sliding(size, slide), size);
        for (const w of out) {
          const members = input.filter((r) => r.k === w.key && r.ts >= w.window.start && r.ts < w.window.end);
          expect(members.length).toBeGreaterThan(0);
          expectClose(w.value.vector, bruteForce(members, ["temp", "load"], size));
        }
        const expected = new Set(input.flatMap((r) => Array.from({ length: n }, (_, j) => `${r.k}@${Math.floor(r.ts / slide) * slide - j * slide}`)));
        expect(out.length).toBe(expected.size);
      }),
      { numRuns: 60 },
    );
  });
});
