// Mining after windowing: `keyBy(…).window(…).detect(factory, threshold, { features })` scores
// each window's feature vector with one model per key and emits the window. Checked against a
// reference built without the operator: records grouped by (key, window) by hand, summarised
// with features(), and fed to one detector per key in window order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Pipeline, features, fromIterable, sliding, tumbling, watermarks, type DataStream, type Detection, type KeyedStream, type Learned } from "streamine";
import { EWZScore, Mahalanobis, QuantileFilter, RandomCutForest } from "streamine/algorithms";

interface Rec {
  readonly k: string;
  readonly ts: number;
  readonly temp: number;
  readonly load: number;
}

const recs = fc.array(
  fc.record({
    k: fc.constantFrom("a", "b", "c"),
    ts: fc.integer({ min: 0, max: 60_000 }),
    temp: fc.double({ min: -50, max: 50, noNaN: true }),
    load: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  { maxLength: 200, size: "max" },
);

/** Runs `detect` on the input keyed by k, with event time and no late records. */
async function detections(input: readonly Rec[], detect: (k: KeyedStream<string, Rec>) => DataStream<Detection<string>>): Promise<Detection<string>[]> {
  const p = Pipeline.create({ name: "windowed-mining", batchSize: 8 });
  const out: Detection<string>[] = [];
  const keyed = p
    .source(fromIterable(input))
    .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(100_000)) // nothing is late
    .keyBy((r) => r.k);
  detect(keyed).sink((d) => out.push(d));
  await p.run();
  return out;
}

/** Windows of each key in start order, each with its records in arrival order. */
function windowsByKey(input: readonly Rec[], size: number, slide: number): Map<string, { start: number; records: Rec[] }[]> {
  const byKey = new Map<string, Map<number, Rec[]>>();
  for (const r of input) {
    const last = Math.floor(r.ts / slide) * slide;
    for (let start = last; start > r.ts - size; start -= slide) {
      const m = byKey.get(r.k) ?? new Map<number, Rec[]>();
      byKey.set(r.k, m);
      m.set(start, [...(m.get(start) ?? []), r]);
    }
  }
  return new Map([...byKey].map(([k, m]) => [k, [...m].sort(([a], [b]) => a - b).map(([start, records]) => ({ start, records }))]));
}

const byKeyThenWindow = (a: Detection<string>, b: Detection<string>): number => a.key.localeCompare(b.key) || (a.window?.start ?? 0) - (b.window?.start ?? 0);

describe("windowed detect equals a detector per key fed each window's features by hand", () => {
  /**
   * Tumbling windows hold one accumulator each, so the operator's features are bit for bit those
   * of one pass by hand, and a QuantileFilter per key is compared exactly. Sliding windows merge
   * slices (Chan et al.), whose rounding differs from one pass in the last bits: scores are
   * compared to 1e-9 relative, with a fixed threshold, and decisions away from it.
   */
  for (const [name, size, slide] of [
    ["tumbling", 5_000, 5_000],
    ["sliding", 6_000, 2_000],
  ] as const) {
    it(`${name} windows${name === "tumbling" ? ", a QuantileFilter per key" : ", a fixed threshold"}`, async () => {
      const exact = name === "tumbling";
      const assigner = exact ? tumbling(size) : sliding(size, slide);
      const mahalanobis = (): Mahalanobis => new Mahalanobis({ fading: 0.1 });
      const filter = (): QuantileFilter => new QuantileFilter({ q: 0.8, windowSize: 4 });
      const FIXED = 1.5;
      await fc.assert(
        fc.asyncProperty(recs, async (unsorted) => {
          // in time order, so that "last" (arrival order) is the same for the slices of sliding windows
          const input = exact ? unsorted : [...unsorted].sort((x, y) => x.ts - y.ts);
          const options = { features: ["temp", "load"], stats: ["count", "mean", "max", "rate"], order: "score-then-learn" } as const;
          const got = await detections(input, (k) => k.window(assigner).detect(mahalanobis, exact ? filter : FIXED, options));
          const spec = features<Rec>(["temp", "load"], { stats: ["count", "mean", "max", "rate"], windowMs: size });
          const want: Detection<string>[] = [];
          for (const [key, windows] of windowsByKey(input, size, slide)) {
            const d = mahalanobis();
            const t = exact ? filter() : null;
            for (const w of windows) {
              const x = spec.getResult(w.records.reduce((acc, r) => spec.add(r, acc), spec.createAccumulator())).vector;
              const score = d.scoreOne(x);
              const threshold = t === null ? FIXED : t.threshold;
              const isAnomaly = t === null ? score >= FIXED : t.isAnomaly(score);
              t?.learnOne(score);
              d.learnOne(x);
              want.push({ key, ts: w.start + size - 1, window: { start: w.start, end: w.start + size } as never, model: "Mahalanobis", score, isAnomaly, threshold });
            }
          }
          const plain = (ds: Detection<string>[]) =>
            [...ds].sort(byKeyThenWindow).map((d) => {
              const window = { start: d.window?.start, end: d.window?.end };
              if (exact) return { ...d, window };
              const near = Math.abs(d.score - FIXED) < 1e-9;
              return { ...d, window, score: Number(d.score.toPrecision(9)), isAnomaly: near ? "near the threshold" : d.isAnomaly };
            });
          expect(plain(got)).toEqual(plain(want));
        }),
        { numRuns: 40 },
      );
    });
  }

  it("explanations name the window features", async () => {
    const input: Rec[] = Array.from({ length: 3_000 }, (_, i) => ({ k: "m", ts: i * 100, temp: i === 2_555 ? 500 : 20 + Math.sin(i / 10), load: 0.5 }));
    const got = await detections(input, (k) =>
      k
        .window(tumbling(1_000))
        .detect(() => new RandomCutForest({ trees: 20, sampleSize: 64, seed: 2 }), 2, { features: ["temp", "load"], stats: ["mean", "max"], order: "score-then-learn" }),
    );
    const spike = got.find((d) => d.window?.start === 255_000);
    expect(spike?.isAnomaly).toBe(true);
    expect(spike?.explanation?.names).toEqual(["temp.mean", "temp.max", "load.mean", "load.max"]);
    const high = spike?.explanation?.high ?? [];
    expect(Math.max(...high)).toBe(high[1]); // temp.max carries most of the score
  });

  it("learn and score work on windows too, emitting the window", async () => {
    const input: Rec[] = Array.from({ length: 100 }, (_, i) => ({ k: `k${i % 2}`, ts: i * 1_000, temp: i, load: 0 }));
    const p = Pipeline.create({ name: "windowed-learn" });
    const learned: Learned<string>[] = [];
    p.source(fromIterable(input))
      .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(0))
      .keyBy((r) => r.k)
      .window(tumbling(10_000))
      .learn(() => new EWZScore(), { features: ["temp"], stats: ["mean"], uid: "w" })
      .sink((l) => learned.push(l));
    await p.run();
    expect(learned.filter((l) => l.key === "k0").map((l) => [l.n, l.window?.start, l.ts])).toEqual(Array.from({ length: 10 }, (_, j) => [j + 1, j * 10_000, j * 10_000 + 9_999]));
    expect(Object.keys(p.metrics())).toEqual(expect.arrayContaining(["w-features", "w"]));
  });
});
