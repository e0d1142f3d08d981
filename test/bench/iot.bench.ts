// Issue 6 §5: the IoT job end to end on the embedded bus — a seeded fleet of 20 devices × a day
// of one-second readings → event time → keyBy(device) → tumbling minute windows → features →
// one detector per device → predictions published to the MemoryBus — in records/s, as a ratio
// to the same pipeline without the model (the window features published as they are). Runs
// alternate so drift in machine speed hits both sides alike.
import { loadavg } from "node:os";
import { IOT_DETECTORS } from "../../src/cli/iot-job.js";
import { features, fromIterable, MemoryBus, Pipeline, subjectToken, toNats, tumbling, watermarks } from "../../src/index.js";
import { sensorStream, type SensorReading } from "../../datasets/index.js";
import { collectGarbage, median, timeMs } from "./timing.js";

const DEVICES = 20;
const READINGS = 86_400;
const WINDOW_MS = 60_000;
const STATS = ["mean", "std", "min", "max"] as const;

function withoutModel(readings: readonly SensorReading[], bus: MemoryBus): Pipeline {
  const p = Pipeline.create({ name: "iot-features" });
  p.source(fromIterable(readings))
    .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(2_000))
    .keyBy((r) => r.device)
    .window(tumbling(WINDOW_MS))
    .aggregate(features<SensorReading>(["temp", "vibration"], { stats: STATS }))
    .sink(toNats({ bus, subject: (w) => `features.${subjectToken(w.key)}` }));
  return p;
}

function withModel(readings: readonly SensorReading[], bus: MemoryBus, detector: string): Pipeline {
  const d = IOT_DETECTORS[detector];
  if (d === undefined) throw new Error(`no detector ${detector}`);
  const p = Pipeline.create({ name: "iot-anomalies" });
  p.source(fromIterable(readings))
    .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(2_000))
    .keyBy((r) => r.device)
    .window(tumbling(WINDOW_MS))
    .detect(d.create, d.threshold, { features: ["temp", "vibration"], stats: STATS, order: "score-then-learn", protect: true, model: detector })
    .sink(toNats({ bus, subject: (r) => `predictions.${r.model}.${subjectToken(r.key)}` }));
  return p;
}

export async function iotBench({ reps, log }: { reps: number; log: (line: string) => void }): Promise<void> {
  const readings = [...sensorStream({ seed: 42, devices: DEVICES, readingsPerDevice: READINGS, anomalyRate: 0.0002 })];
  const n = readings.length;
  const runs = Math.max(3, Math.min(reps, 7));
  log(`iot bench: ${DEVICES} devices × ${READINGS} readings (${n.toLocaleString("en-US")} records), minute windows, features (${STATS.join(", ")} of temp and vibration), predictions to a MemoryBus with one subscriber; median of ${runs} alternating runs`);
  for (const detector of ["hst", "best"]) {
    const base: number[] = [];
    const model: number[] = [];
    let published = 0;
    for (let r = 0; r < runs; r++) {
      const bus = new MemoryBus();
      bus.subscribe(">", () => published++);
      collectGarbage();
      base.push(await timeMs(() => withoutModel(readings, bus).run()));
      collectGarbage();
      model.push(await timeMs(() => withModel(readings, bus, detector).run()));
      await bus.flush();
    }
    const b = n / (median(base) / 1_000);
    const m = n / (median(model) / 1_000);
    const fmt = (x: number): string => `${(x / 1e6).toFixed(2)} M records/s`;
    log(`  features + ${IOT_DETECTORS[detector]?.describe ?? detector} per device: ${fmt(m)} vs ${fmt(b)} without the model = ${(m / b).toFixed(2)} (messages delivered: ${published.toLocaleString("en-US")})`);
  }
  log(`iot bench done, load average ${loadavg()[0]?.toFixed(2) ?? "?"}`);
}
