// Anomaly issue: "bad input (NaN, wrong dimension) throws through the contract; in a pipeline it
// goes to the dead-letter output. A detector restored from a snapshot scores identically."
// A real pipeline keyed by device holds one live detector per key with `KeyedStream.score`: keyed
// state keeps the detector itself and checkpoints it as its snapshot() bytes, restored with the
// class's static `restore` (estimatorSerializer).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Pipeline, fromIterable, watermarks, type DeadLetter, type OperatorCounters } from "streamine";
import { HalfSpaceTrees, Mahalanobis, Random, RandomCutForest, type AnomalyDetector } from "streamine/algorithms";

interface Reading {
  readonly i: number;
  readonly device: string;
  readonly x: readonly number[];
}

interface Scored {
  readonly i: number;
  readonly device: string;
  readonly score: number;
}

/** A detector class as the pipeline needs it: a factory (the class's static `restore` is found from the instance). */
interface DetectorCase {
  readonly name: string;
  fresh(): AnomalyDetector;
}

const cases: readonly DetectorCase[] = [
  { name: "HalfSpaceTrees", fresh: () => new HalfSpaceTrees({ trees: 10, height: 5, windowSize: 40, seed: 3 }) },
  { name: "Mahalanobis", fresh: () => new Mahalanobis({ fading: 0.05 }) },
  { name: "RandomCutForest", fresh: () => new RandomCutForest({ trees: 15, sampleSize: 32, seed: 5 }) },
];

const DEVICES = ["boiler", "pump", "fan"];
const N = 600;

/**
 * Bad records planted at known positions, each after its device's first record (which fixes the
 * dimension at 2), with the tail of the reason the detector's own validation gives.
 */
const planted = new Map<number, { readonly x: readonly number[]; readonly reason: string }>([
  [10, { x: [NaN, 0.5], reason: "x[0] must be a finite number, got NaN" }],
  [77, { x: [0.5, NaN], reason: "x[1] must be a finite number, got NaN" }],
  [151, { x: [0.4, 0.6, 0.5], reason: "x has 3 features, expected 2" }],
  [302, { x: [0.5], reason: "x has 1 feature, expected 2" }],
  [388, { x: [Infinity, 0.5], reason: "x[0] must be a finite number, got Infinity" }],
  [460, { x: [NaN, NaN], reason: "x[0] must be a finite number, got NaN" }],
  [533, { x: [0.1, 0.2, 0.3, 0.4], reason: "x has 4 features, expected 2" }],
]);

/** Three devices in turn, each a noisy point near its own centre in [0, 1]², with the planted bad records. */
function readings(): Reading[] {
  const r = new Random(11);
  return Array.from({ length: N }, (_, i) => {
    const d = i % DEVICES.length;
    const device = DEVICES[d] as string;
    const bad = planted.get(i);
    if (bad !== undefined) return { i, device, x: bad.x };
    const c = 0.3 + 0.2 * d;
    return { i, device, x: [c + 0.05 * r.nextGaussian(), 1 - c + 0.05 * r.nextGaussian()] };
  });
}

const input = readings();
const good = input.filter((r) => !planted.has(r.i));

interface Job {
  readonly p: Pipeline;
  readonly scores: Scored[];
  readonly letters: DeadLetter[];
}

function job(detector: DetectorCase, checkpoint?: { dir: string; everyRecords: number }): Job {
  const p = Pipeline.create({ name: `detect-${detector.name}`, batchSize: 25, ...(checkpoint === undefined ? {} : { checkpoint }) });
  const scores: Scored[] = [];
  const letters: DeadLetter[] = [];
  p.source(fromIterable(input))
    .uid("readings")
    .assignTimestamps((r) => r.i, watermarks.boundedOutOfOrderness(0)) // the event time carries the record's index to the scores
    .uid("index")
    .keyBy((r) => r.device)
    .score(detector.fresh, { x: (r) => r.x, order: "score-then-learn", uid: "detect" }) // a bad record throws in scoreOne, before any state changes
    .sink((s) => scores.push({ i: s.ts, device: s.key, score: s.score }))
    .uid("scores");
  p.deadLetters().sink((d) => letters.push(d)).uid("letters");
  return { p, scores, letters };
}

/** Prequential scores (score, then learn) of one uninterrupted detector per device over the good records. */
function reference(detector: DetectorCase): Map<number, number> {
  const byDevice = new Map(DEVICES.map((d) => [d, detector.fresh()]));
  const scores = new Map<number, number>();
  for (const r of good) {
    const d = byDevice.get(r.device) as AnomalyDetector;
    scores.set(r.i, d.scoreOne(r.x));
    d.learnOne(r.x);
  }
  return scores;
}

const counters = (p: Pipeline, uid: string): OperatorCounters => {
  const c = p.metrics()[uid];
  expect(c, uid).toBeDefined();
  return c as OperatorCounters;
};

describe.each(cases)("one $name per device in a keyed pipeline", (detector) => {
  it("throws the named error on NaN, ±Infinity and a wrong dimension, outside a pipeline too", () => {
    const d = detector.fresh();
    d.learnOne([0.5, 0.5]);
    const before = d.snapshot();
    for (const { x, reason } of planted.values()) {
      expect(() => d.scoreOne(x)).toThrow(`${detector.name}.scoreOne: ${reason}`);
      expect(() => d.learnOne(x)).toThrow(`${detector.name}.learnOne: ${reason}`);
    }
    expect(d.snapshot()).toEqual(before);
  });

  it("sends each bad record to the dead letters with the detector's reason; each good record gets one score", async () => {
    const { p, scores, letters } = job(detector);
    await p.run();
    expect(letters).toEqual(
      [...planted].map(([i, { reason }]) => ({
        record: input[i],
        operator: "detect",
        reason: `model threw EstimatorInputError: ${detector.name}.scoreOne: ${reason}`,
      })),
    );
    expect(scores.map((s) => s.i)).toEqual(good.map((r) => r.i));
    for (const s of scores) {
      expect(Number.isFinite(s.score) && s.score >= 0, `score of record ${s.i}`).toBe(true);
      expect(s.device).toBe(input[s.i]?.device);
    }
    // the detectors learned: past the cold start the scores are not all equal
    expect(new Set(scores.slice(300).map((s) => s.score)).size).toBeGreaterThan(10);
  });

  it("counts reconcile: in = out + dead letters at the detector, and end to end", async () => {
    const { p, scores, letters } = job(detector);
    await p.run();
    const bad = planted.size;
    expect(counters(p, "readings")).toMatchObject({ in: N, out: N, emitted: N });
    const detect = counters(p, "detect");
    expect(detect).toMatchObject({ in: N, out: N - bad, emitted: N - bad, deadLettered: bad, filtered: 0, late: 0 });
    expect(detect.in).toBe(detect.out + detect.deadLettered);
    expect(counters(p, "scores")).toMatchObject({ in: N - bad, out: N - bad });
    expect(counters(p, "letters")).toMatchObject({ in: bad, out: bad });
    expect(scores.length + letters.length).toBe(input.length);
  });

  it("scores exactly as one uninterrupted detector per key that never saw the bad records: they changed nothing", async () => {
    const { p, scores } = job(detector);
    await p.run();
    const want = reference(detector);
    for (const s of scores) expect(Object.is(s.score, want.get(s.i)), `record ${s.i} (${s.device}): ${s.score} vs ${want.get(s.i)}`).toBe(true);
  });

  it("stopped mid-stream and resumed from its checkpoint, restored detectors score the rest identically", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "detect-ckpt-")), "ck");
    const whole = job(detector);
    await whole.p.run();

    // Run 1 checkpoints every 100 records and is stopped after 350: its newest checkpoint is at 300.
    const first = job(detector, { dir, everyRecords: 100 });
    const stop = new AbortController();
    await first.p.run({ signal: stop.signal, onProgress: (read) => read >= 350 && stop.abort() });
    expect(first.scores.at(-1)?.i).toBe(349);

    // Run 2 restores keyed state (each device's detector, from its snapshot bytes) and the source position, then reads on.
    const second = job(detector, { dir, everyRecords: 100 });
    await second.p.run();
    const resumedAt = second.scores[0]?.i ?? -1;
    expect(resumedAt).toBe(300);
    for (const d of DEVICES) expect(first.scores.some((s) => s.device === d && s.i < resumedAt)).toBe(true);

    const byIndex = (list: readonly Scored[]) => new Map(list.map((s) => [s.i, s.score]));
    const uninterrupted = byIndex(whole.scores);
    // Records 300–349 were scored by both runs: the replay matches the first pass bit for bit.
    for (const [i, score] of byIndex(first.scores)) expect(Object.is(score, uninterrupted.get(i)), `run 1, record ${i}`).toBe(true);
    for (const [i, score] of byIndex(second.scores)) expect(Object.is(score, uninterrupted.get(i)), `run 2, record ${i}`).toBe(true);
    expect(second.scores.map((s) => s.i)).toEqual(whole.scores.map((s) => s.i).filter((i) => i >= resumedAt));
    // Counters come back with the checkpoint: the resumed job accounts for the whole stream.
    expect(counters(second.p, "detect")).toEqual(counters(whole.p, "detect"));
    expect(second.letters).toEqual(whole.letters.filter((l) => (l.record as Reading).i >= resumedAt));
  });
});
