// Issue [nats] §1: model errors (NaN, wrong dimension) go to the pipeline's dead letters with the
// reason, as map's do; the model is unchanged and the counters reconcile. Mistakes in the
// configuration are ConfigErrors when the pipeline is built.
import { describe, expect, it } from "vitest";
import { ConfigError, Pipeline, fromIterable, tumbling, watermarks, type DataStream, type DeadLetter, type OperatorCounters } from "streamine";
import { EWZScore, HalfSpaceTrees, LinearRegression, QuantileFilter, type AnomalyDetector } from "streamine/algorithms";

interface Rec {
  readonly i: number;
  readonly k: string;
  readonly a?: unknown;
  readonly b?: unknown;
  readonly y?: number;
}

async function runJob<R>(input: readonly Rec[], build: (s: DataStream<Rec>) => DataStream<R>): Promise<{ out: R[]; letters: DeadLetter[]; c: OperatorCounters; p: Pipeline }> {
  const p = Pipeline.create({ name: "mining-dead-letters", batchSize: 4 });
  const out: R[] = [];
  const letters: DeadLetter[] = [];
  build(p.source(fromIterable(input))).sink((r) => out.push(r));
  p.deadLetters().sink((d) => letters.push(d));
  await p.run();
  const c = Object.entries(p.metrics()).find(([uid]) => uid.startsWith("model") || uid.startsWith("detect") || uid.startsWith("predict") || uid.startsWith("score") || uid.startsWith("learn"))?.[1];
  if (c === undefined) throw new Error("no mining operator in the metrics");
  return { out, letters, c, p };
}

const good = (i: number, k = "d"): Rec => ({ i, k, a: (i % 10) / 10, b: 1 - (i % 10) / 10, y: i % 3 });

describe("bad records go to the dead letters with the reason; the rest is as if they were never there", () => {
  it("detect: NaN, ±Infinity, a wrong dimension, a missing or non-numeric field", async () => {
    const bad = new Map<number, { rec: Partial<Rec>; reason: string }>([
      [5, { rec: { a: NaN }, reason: "model threw EstimatorInputError: HalfSpaceTrees.scoreOne: x[0] must be a finite number, got NaN" }],
      [9, { rec: { b: Infinity }, reason: "model threw EstimatorInputError: HalfSpaceTrees.scoreOne: x[1] must be a finite number, got Infinity" }],
      [14, { rec: { b: undefined }, reason: 'x: field "b" is missing' }],
      [21, { rec: { a: "0.5" }, reason: 'x: field "a" must be a number, got "0.5"' }],
    ]);
    const input = Array.from({ length: 60 }, (_, i) => ({ ...good(i, `k${i % 2}`), ...(bad.get(i)?.rec ?? {}) }));
    const hst = (): HalfSpaceTrees => new HalfSpaceTrees({ trees: 5, height: 4, windowSize: 8, seed: 1 });
    const build = (s: DataStream<Rec>) =>
      s.keyBy((r) => r.k).detect(hst, () => new QuantileFilter({ q: 0.9, windowSize: 5 }), { x: ["a", "b"] as const, order: "score-then-learn", uid: "model" });
    const { out, letters, c } = await runJob(input, build);
    expect(letters).toEqual([...bad].map(([i, { reason }]) => ({ record: input[i], operator: "model", reason })));
    expect(c).toMatchObject({ in: 60, out: 56, emitted: 56, deadLettered: 4, filtered: 0, late: 0 });
    expect(c.in).toBe(c.out + c.deadLettered);
    // the same job over the good records only gives the same scores: bad records changed no model
    const clean = await runJob(input.filter((r) => !bad.has(r.i)), build);
    expect(out).toEqual(clean.out);
  });

  it("a wrong dimension after the key's first record fixed it", async () => {
    const input: Rec[] = [good(0), { i: 1, k: "d", a: [1, 2, 3] }, good(2)];
    const { letters, c } = await runJob(input, (s) =>
      s.keyBy((r) => r.k).score(() => new EWZScore(), { x: (r) => (Array.isArray(r.a) ? r.a : [r.a as number]), order: "learn-then-score", uid: "model" }),
    );
    expect(letters.map((d) => d.reason)).toEqual(["model threw EstimatorInputError: EWZScore.learnOne: x has 3 features, expected 1"]);
    expect(c).toMatchObject({ in: 3, out: 2, deadLettered: 1 });
  });

  it("x or y that throws, x that returns no array, a NaN target, a detector that returns NaN", async () => {
    class NaNDetector implements AnomalyDetector {
      readonly options = {};
      learnOne(): void {}
      scoreOne(x: ArrayLike<number>): number {
        return x[0] === 13 ? NaN : 1;
      }
      snapshot(): Uint8Array {
        return new Uint8Array();
      }
      static restore(): NaNDetector {
        return new NaNDetector();
      }
    }
    const x = await runJob([good(0), { i: 1, k: "d" }, { i: 2, k: "d", a: "no" }], (s) =>
      s.keyBy((r) => r.k).score(() => new EWZScore(), {
        x: (r) => {
          if (r.a === undefined) throw new RangeError("no a");
          return (r.a === "no" ? 5 : [r.a]) as number[];
        },
        order: "score-then-learn",
        uid: "model",
      }),
    );
    expect(x.letters.map((d) => d.reason)).toEqual(["x threw RangeError: no a", "x returned number, not an array of numbers"]);
    const y = await runJob([good(0), { ...good(1), y: NaN }, good(2)], (s) =>
      s.keyBy((r) => r.k).predict(() => new LinearRegression(), { x: ["a", "b"], y: (r) => r.y, uid: "model" }),
    );
    expect(y.letters.map((d) => d.reason)).toEqual(["model threw EstimatorInputError: LinearRegression.learnOne: y must be a finite number, got NaN"]);
    expect(y.out).toHaveLength(2); // a record dead-lettered after its prediction emits nothing
    const n = await runJob([good(0), { i: 1, k: "d", a: 13 }], (s) => s.keyBy((r) => r.k).score(() => new NaNDetector(), { x: (r) => [r.a as number], order: "score-then-learn", uid: "model" }));
    expect(n.letters.map((d) => d.reason)).toEqual(["NaNDetector.scoreOne returned NaN"]);
    for (const r of [x, y, n]) expect(r.c.in).toBe(r.c.out + r.c.deadLettered);
  });

  it("windowed: a bad field value is dead-lettered by the window; a window whose features the model refuses, by the model", async () => {
    const input: Rec[] = [
      { i: 0, k: "d", a: 1 },
      { i: 1, k: "d", a: "x" }, // refused by features(): dead-lettered at the window
      { i: 2, k: "d", a: 3 },
      { i: 3, k: "d", a: null }, // absent: the window [3000, 4000) has no value of a, so its mean is NaN
      { i: 4, k: "d", a: 5 },
    ];
    const p = Pipeline.create({ name: "w" });
    const letters: DeadLetter[] = [];
    const out: unknown[] = [];
    p.source(fromIterable(input))
      .assignTimestamps((r) => r.i * 1_000, watermarks.boundedOutOfOrderness(0))
      .keyBy((r) => r.k)
      .window(tumbling(1_000))
      .score(() => new EWZScore(), { features: ["a"], stats: ["mean"], order: "score-then-learn", uid: "model" })
      .sink((o) => out.push(o));
    p.deadLetters().sink((d) => letters.push(d));
    await p.run();
    expect(letters.map((d) => [d.operator, d.reason])).toEqual([
      ["model-features", 'aggregate function threw TypeError: features: field "a" must be a finite number (or null/undefined when absent), got "x"'],
      ["model", "model threw EstimatorInputError: EWZScore.scoreOne: x[0] must be a finite number, got NaN"],
    ]);
    expect(out).toHaveLength(3);
    const m = p.metrics();
    expect(m["model-features"]).toMatchObject({ in: 5, out: 4, deadLettered: 1, emitted: 4 });
    expect(m["model"]).toMatchObject({ in: 4, out: 3, deadLettered: 1, emitted: 3 });
  });
});

describe("configuration mistakes are ConfigErrors at build time, naming the method", () => {
  const p = Pipeline.create({ name: "config" });
  const keyed = p.source(fromIterable<Rec>([])).keyBy((r) => r.k);
  const x = (r: Rec): number[] => [r.a as number];
  const cases: [string, () => unknown, string | RegExp][] = [
    ["score without order", () => keyed.score(() => new EWZScore(), { x } as never), 'score: order must be "score-then-learn" (prequential) or "learn-then-score"'],
    ["detect with a NaN threshold", () => keyed.detect(() => new EWZScore(), NaN, { x, order: "score-then-learn" }), "detect: threshold must be a number"],
    ["protect with learn-then-score", () => keyed.detect(() => new EWZScore(), 3, { x, order: "learn-then-score", protect: true }), 'detect: protect needs order "score-then-learn"'],
    ["a supervised model without y", () => keyed.learn(() => new LinearRegression(), { x } as never), "learn: LinearRegression.learnOne takes a target: give y"],
    ["y for a model without targets", () => keyed.learn(() => new EWZScore(), { x, y: () => 1 } as never), "learn: EWZScore learns without a target: leave y out"],
    ["learn: true for a supervised predict", () => keyed.predict(() => new LinearRegression(), { x, learn: true }), "predict: LinearRegression learns from targets: give y instead of learn"],
    ["a factory that throws", () => keyed.score(() => new EWZScore({ fading: 7 }), { x, order: "score-then-learn" }), /score: the model factory threw EstimatorConfigError: EWZScore.constructor/],
    ["a model without static restore", () => keyed.score(() => ({ snapshot: () => new Uint8Array(), scoreOne: () => 0, learnOne: () => undefined, options: {} }), { x, order: "score-then-learn" }), "score: Object has no static restore(bytes)"],
    ["a detector without scoreOne", () => keyed.score((() => new LinearRegression()) as never, { x, order: "score-then-learn" }), "score: the model factory returned LinearRegression, which has no scoreOne()"],
    ["a model name that is not a subject token", () => keyed.score(() => new EWZScore(), { x, order: "score-then-learn", model: "ew.z" }), 'model must be a non-empty NATS subject token (no ".", "*", ">" or whitespace); got "ew.z"'],
    ["an unknown option", () => keyed.score(() => new EWZScore(), { x, order: "score-then-learn", thresold: 3 } as never), 'score: unknown option "thresold"'],
    ["no x", () => keyed.score(() => new EWZScore(), { order: "score-then-learn" } as never), "score: x must be a function (record) => vector or a non-empty array of field names"],
    ["a bad ttl", () => keyed.score(() => new EWZScore(), { x, order: "score-then-learn", ttl: { ttlMs: -1 } }), "ttl.ttlMs must be a whole number of ms > 0"],
    ["a thresholder factory that returns no thresholder", () => keyed.detect(() => new EWZScore(), (() => new EWZScore()) as never, { x, order: "score-then-learn" }), "detect: the threshold factory returned EWZScore, which has no isAnomaly()"],
    ["windowed without features", () => keyed.window(tumbling(1_000)).score(() => new EWZScore(), { order: "score-then-learn" } as never), "score: give features"],
  ];
  it.each(cases)("%s", (_name, build, message) => {
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(message);
  });

  it("windowed rate needs fixed-size windows; without rate, sessions work", async () => {
    const { session, countWindow } = await import("streamine");
    expect(() => keyed.window(session(1_000)).score(() => new EWZScore(), { features: ["a"], order: "score-then-learn" })).toThrow('"rate" is per second of window and session(1000) windows have no fixed size');
    expect(() => keyed.window(countWindow(5)).score(() => new EWZScore(), { features: ["a"], order: "score-then-learn" })).toThrow(ConfigError);
    expect(() => keyed.window(session(1_000)).score(() => new EWZScore(), { features: ["a"], stats: ["mean"], order: "score-then-learn" })).not.toThrow();
  });

  it("a mistake adds no operator to the pipeline", () => {
    const q = Pipeline.create({ name: "nothing-added" });
    const k = q.source(fromIterable<Rec>([])).keyBy((r) => r.k);
    const before = q.plan().length;
    expect(() => k.window(tumbling(1_000)).score(() => new EWZScore(), { features: ["a"], order: "sideways" } as never)).toThrow(ConfigError);
    expect(q.plan().length).toBe(before);
  });
});
