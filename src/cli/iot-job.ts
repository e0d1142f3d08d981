import { BestDetector, HalfSpaceTrees } from "../../algorithms/index.js";
import type { AnomalyDetector } from "../../algorithms/base/estimator.js";
import { nabDeviceReadings, sensorStream } from "../../datasets/index.js";
import { defaultBus, fromIterable, Pipeline, subjectToken, toFile, toNats, tumbling, watermarks, type Detection, type OperatorCounters } from "../index.js";

/** One reading the IoT job consumes, whatever its source. */
export interface IotReading {
  readonly device: string;
  readonly ts: number;
  readonly temp: number;
  readonly vibration: number;
  /** Ground truth from the source: an injected spike, or (NAB) a row inside a labelled window. */
  readonly anomaly: boolean;
}

/** The detectors the job can hold per device. */
export const IOT_DETECTORS: Readonly<Record<string, { readonly describe: string; readonly create: () => AnomalyDetector; readonly threshold: number }>> = {
  best: { describe: "BestDetector (conformal k-NN on standardised window features)", create: () => new BestDetector(), threshold: 0.999 },
  hst: { describe: "HalfSpaceTrees (10 trees of height 8, window 50, feature ranges learned)", create: () => new HalfSpaceTrees({ limits: "learn", windowSize: 50, seed: 1 }), threshold: 0.9 },
};

/** Options of {@link runIotJob}. */
export interface IotJobOptions {
  /** "generated" (a seeded sensor fleet with injected spikes; default) or "nab" (NAB's realKnownCause and AWS series as devices). */
  readonly source?: "generated" | "nab";
  readonly devices?: number;
  readonly readingsPerDevice?: number;
  readonly seed?: number;
  readonly anomalyRate?: number;
  readonly disorderMs?: number;
  /** Watermark out-of-orderness bound; default 2000 ms. */
  readonly boundMs?: number;
  /** Tumbling window of the features; default 60 s (generated), 1 h (nab). */
  readonly windowMs?: number;
  /** The data folder holding `nab/` for `source: "nab"`. */
  readonly dataDir?: string;
  /** A key of {@link IOT_DETECTORS}; default "best". */
  readonly detector?: string;
  /** Only the first `limit` readings. */
  readonly limit?: number;
  readonly batchSize?: number;
  /** Writes each prediction as a JSON line (exactly once under checkpoints). */
  readonly output?: string;
  readonly checkpointDir?: string;
  readonly checkpointEveryMs?: number;
  /** Publishes predictions to `predictions.<model>.<device>` and dead letters to `streamine.deadletter` on this NATS server; default the embedded bus. */
  readonly nats?: string;
  /** Called with every prediction as it is made. */
  readonly onPrediction?: (d: Detection<string>) => void;
  readonly onProgress?: (readingsRead: number) => void;
}

/** What {@link runIotJob} measured. */
export interface IotJobResult {
  readonly readings: number;
  readonly predictions: number;
  readonly anomalies: number;
  readonly deadLetters: number;
  readonly late: number;
  /** Windows flagged vs windows holding a ground-truth anomaly. */
  readonly truth: { readonly anomalousWindows: number; readonly truePositives: number; readonly precision: number; readonly recall: number };
  readonly seconds: number;
  readonly metrics: Record<string, OperatorCounters>;
}

function readings(o: IotJobOptions): Iterable<IotReading> {
  if (o.source === "nab") {
    return nabDeviceReadings(o.dataDir === undefined ? {} : { dataDir: o.dataDir }).map((r) => ({ device: r.device, ts: r.ts, temp: r.value, vibration: 0, anomaly: r.inAnomalyWindow }));
  }
  return sensorStream({
    seed: o.seed ?? 42,
    devices: o.devices ?? 20,
    readingsPerDevice: o.readingsPerDevice ?? 86_400,
    disorderMs: o.disorderMs ?? 2_000,
    anomalyRate: o.anomalyRate ?? 0.0002,
  });
}

function* take<T>(items: Iterable<T>, limit: number): Generator<T, void, undefined> {
  if (limit <= 0) return;
  let n = 0;
  for (const item of items) {
    yield item;
    if (++n >= limit) return;
  }
}

/**
 * The IoT job: readings → event time → keyBy(device) → tumbling windows → the window's features
 * (mean, std, min and max of temperature and vibration) → one detector per device, flagging
 * windows above the detector's threshold (not learning what it flags) → predictions on the bus
 * (or NATS, or a file), dead letters on `streamine.deadletter`.
 */
export async function runIotJob(o: IotJobOptions = {}): Promise<IotJobResult> {
  const detectorName = o.detector ?? "best";
  const detector = IOT_DETECTORS[detectorName];
  if (detector === undefined) throw new Error(`unknown detector "${detectorName}" (detectors: ${Object.keys(IOT_DETECTORS).join(", ")})`);
  const source = o.limit === undefined ? readings(o) : [...take(readings(o), o.limit)];
  const windowMs = o.windowMs ?? (o.source === "nab" ? 3_600_000 : 60_000);
  const truthWindows = new Set<string>();
  let count = 0;
  for (const r of source) {
    count++;
    if (r.anomaly) truthWindows.add(`${r.device}@${Math.floor(r.ts / windowMs) * windowMs}`);
  }

  const p = Pipeline.create({
    name: "iot-anomalies",
    batchSize: o.batchSize ?? 1_024,
    ...(o.checkpointDir === undefined ? {} : { checkpoint: { dir: o.checkpointDir, everyMs: o.checkpointEveryMs ?? 1_000 } }),
  });
  const detections = p
    .source(fromIterable(source))
    .uid("readings")
    .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(o.boundMs ?? 2_000))
    .uid("event-time")
    .keyBy((r) => r.device)
    .window(tumbling(windowMs))
    .detect(detector.create, detector.threshold, {
      features: o.source === "nab" ? ["temp"] : ["temp", "vibration"],
      stats: ["mean", "std", "min", "max"],
      order: "score-then-learn",
      protect: o.source !== "nab",
      model: detectorName,
      uid: "detect",
    });

  let predictions = 0;
  let anomalies = 0;
  let truePositives = 0;
  let deadLetters = 0;
  const counted = detections.map((d) => {
    predictions++;
    if (d.isAnomaly) {
      anomalies++;
      if (truthWindows.has(`${d.key}@${d.window?.start ?? NaN}`)) truePositives++;
    }
    o.onPrediction?.(d);
    return d;
  });
  const subject = (d: Detection<string>): string => `predictions.${d.model}.${subjectToken(d.key)}`;
  const on = o.nats === undefined ? { bus: defaultBus } : { servers: [o.nats] };
  if (o.output !== undefined) counted.uid("predictions").sink(toFile(o.output)).uid("output");
  else counted.uid("predictions").sink(toNats({ ...on, subject })).uid("output");
  const dead = p.deadLetters().map((d) => {
    deadLetters++;
    return d;
  });
  dead.sink(toNats({ ...on, subject: "streamine.deadletter" }));

  const started = performance.now();
  await p.run(o.onProgress === undefined ? {} : { onProgress: o.onProgress });
  const seconds = (performance.now() - started) / 1_000;
  return {
    readings: count,
    predictions,
    anomalies,
    deadLetters,
    late: p.metrics()["detect-features"]?.late ?? 0,
    truth: {
      anomalousWindows: truthWindows.size,
      truePositives,
      precision: anomalies === 0 ? 0 : truePositives / anomalies,
      recall: truthWindows.size === 0 ? 0 : truePositives / truthWindows.size,
    },
    seconds,
    metrics: p.metrics(),
  };
}
