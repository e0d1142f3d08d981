// Issue [nats] §1: per-key models are "held in keyed state and snapshotted with it (contract
// bytes)". A job stopped mid-stream and rerun from its checkpoint directory gives exactly the
// outputs of a run that was never stopped: keyed detectors with per-key thresholders and
// explanations, prequential regressors, and window features with their windows.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CheckpointError, Pipeline, fromIterable, tumbling, watermarks, type DataStream, type OperatorCounters, type Scored } from "streamine";
import { HalfSpaceTrees, LinearRegression, QuantileFilter, Random, RandomCutForest } from "streamine/algorithms";

interface Reading {
  readonly i: number;
  readonly device: string;
  readonly ts: number;
  readonly a: number;
  readonly b: number;
  readonly y: number;
}

const N = 1_200;
const DEVICES = ["boiler", "pump", "fan", "valve"];

/** Four devices in turn, one reading a second each, a few spikes, y a noisy linear function of (a, b). */
function readings(): Reading[] {
  const r = new Random(7);
  return Array.from({ length: N }, (_, i) => {
    const d = i % DEVICES.length;
    const spike = i % 97 === 13 ? 4 : 0;
    const a = 0.3 + 0.1 * d + 0.05 * r.nextGaussian() + spike;
    const b = 0.7 - 0.1 * d + 0.05 * r.nextGaussian();
    return { i, device: DEVICES[d] as string, ts: Math.floor(i / DEVICES.length) * 1_000, a, b, y: 2 * a - b + 0.01 * r.nextGaussian() };
  });
}

const input = readings();

type Build<O> = (s: DataStream<Reading>) => DataStream<O>;

interface Run {
  readonly p: Pipeline;
  readonly out: unknown[];
}

function job<O>(build: Build<O>, checkpoint?: { dir: string; everyRecords: number }): Run {
  const p = Pipeline.create({ name: "mining-ckpt", batchSize: 50, ...(checkpoint === undefined ? {} : { checkpoint }) });
  const out: unknown[] = [];
  const s = p.source(fromIterable(input)).uid("readings").assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(0)).uid("ts");
  build(s).sink((o) => out.push(o)).uid("out");
  return { p, out };
}

/**
 * Runs `build` whole, then checkpointed every 200 records and stopped after 700 (newest
 * checkpoint: 600), then again from that checkpoint. The rerun's outputs are the whole run's from
 * the checkpoint on; the first run's are a prefix of them, replayed identically.
 */
async function expectResumesExactly<O>(build: Build<O>, minOutputs: number): Promise<void> {
  const whole = job(build);
  await whole.p.run();
  expect(whole.out.length).toBeGreaterThanOrEqual(minOutputs);

  const dir = join(mkdtempSync(join(tmpdir(), "mining-ckpt-")), "ck");
  const first = job(build, { dir, everyRecords: 200 });
  const stop = new AbortController();
  await first.p.run({ signal: stop.signal, onProgress: (read) => read >= 700 && stop.abort() });
  expect(first.out).toEqual(whole.out.slice(0, first.out.length));

  const second = job(build, { dir, everyRecords: 200 });
  await second.p.run();
  expect(second.out.length).toBeGreaterThan(0);
  expect(second.out.length).toBeLessThan(whole.out.length);
  expect(second.out).toEqual(whole.out.slice(whole.out.length - second.out.length));
  // the rerun resumed, not restarted: it overlaps the first run by the records after the checkpoint
  expect(first.out.length + second.out.length).toBeGreaterThan(whole.out.length);
  const c = (p: Pipeline): OperatorCounters | undefined => p.metrics()["model"];
  expect(c(second.p)).toEqual(c(whole.p));
}

describe("mining operators resume from a checkpoint exactly", () => {
  it("detect: RandomCutForest and a QuantileFilter per device, protect, explanations of flagged records", async () => {
    await expectResumesExactly(
      (s) =>
        s
          .keyBy((r) => r.device)
          .detect(() => new RandomCutForest({ trees: 10, sampleSize: 32, seed: 9 }), () => new QuantileFilter({ q: 0.95, windowSize: 40 }), {
            x: ["a", "b"],
            order: "score-then-learn",
            protect: true,
            uid: "model",
          }),
      N,
    );
  });

  it("the detect job flags some readings and explains them (so the comparison above covers explanations)", async () => {
    const run = job((s) =>
      s
        .keyBy((r) => r.device)
        .detect(() => new RandomCutForest({ trees: 10, sampleSize: 32, seed: 9 }), () => new QuantileFilter({ q: 0.95, windowSize: 40 }), {
          x: ["a", "b"],
          order: "score-then-learn",
          protect: true,
        })
        .filter((d) => d.explanation !== undefined),
    );
    await run.p.run();
    expect(run.out.length).toBeGreaterThan(5);
  });

  it("predict: a LinearRegression per device, prequential with y", async () => {
    await expectResumesExactly((s) => s.keyBy((r) => r.device).predict(() => new LinearRegression(), { x: (r) => [r.a, r.b], y: (r) => r.y, uid: "model" }), N);
  });

  it("learn: n continues from the checkpoint", async () => {
    await expectResumesExactly((s) => s.keyBy((r) => r.device).learn(() => new LinearRegression(), { x: (r) => [r.a, r.b], y: (r) => r.y, uid: "model" }), N);
  });

  it("windowed detect: HalfSpaceTrees over 10 s feature windows (window state and models both restored)", async () => {
    await expectResumesExactly(
      (s) =>
        s
          .keyBy((r) => r.device)
          .window(tumbling(10_000))
          .detect(() => new HalfSpaceTrees({ trees: 10, height: 5, windowSize: 5, seed: 3, limits: "learn" }), 0.9, {
            features: ["a", "b"],
            stats: ["mean", "std", "max"],
            order: "score-then-learn",
            uid: "model",
          }),
      (N / DEVICES.length / 10) * DEVICES.length,
    );
  });

  it("a checkpoint of one model class restored by a factory of another fails, naming the operator, the state and both classes", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "mining-ckpt-")), "ck");
    const withModel = (factory: () => HalfSpaceTrees | RandomCutForest): Build<Scored<string>> => (s) =>
      s.keyBy((r) => r.device).score(factory, { x: ["a", "b"], order: "score-then-learn", uid: "model" });
    await job(withModel(() => new HalfSpaceTrees({ seed: 1 })), { dir, everyRecords: 200 }).p.run();
    const other = job(withModel(() => new RandomCutForest({ seed: 1 })), { dir, everyRecords: 200 });
    const run = other.p.run();
    await expect(run).rejects.toThrow(CheckpointError);
    await expect(run).rejects.toThrow(/operator "model".*state "model", key "boiler": its serializer cannot read the checkpointed bytes: .*HalfSpaceTrees.*RandomCutForest|operator "model".*state "model", key "boiler": its serializer cannot read the checkpointed bytes: .*RandomCutForest.*HalfSpaceTrees/);
  });
});
