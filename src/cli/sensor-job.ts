import { sensorStream, type SensorReading } from "../../datasets/index.js";
import {
  OutputTag,
  Pipeline,
  fromIterable,
  toFile,
  tumbling,
  watermarks,
  type AggregateFunction,
  type OperatorCounters,
} from "../index.js";

/** Options of {@link runSensorJob}. */
export interface SensorJobOptions {
  /** Simulated devices; default 20. */
  devices?: number;
  /** Readings per device, one per second of event time; default 86_400 (a day). */
  readingsPerDevice?: number;
  /** Seed of the generated stream; default 42. */
  seed?: number;
  /** Tumbling window size in ms; default 60_000. */
  windowMs?: number;
  /** Largest arrival delay of a generated reading in ms; default 2_000. */
  disorderMs?: number;
  /** Out-of-orderness bound of the watermark in ms; default 2_000. Below `disorderMs`, some readings are late. */
  boundMs?: number;
  /** Probability of an injected spike per reading; default 0.01. */
  anomalyRate?: number;
  /** Records per batch; default 1_024. */
  batchSize?: number;
  /** Called after every source batch with the number of readings read so far. */
  onProgress?: (readingsRead: number) => void;
  /** Write each window as a JSON line to this file (exactly once under checkpoints) instead of returning them. */
  output?: string;
  /** Take checkpoints in this directory and resume from the newest one found there. */
  checkpointDir?: string;
  /** Processing time between checkpoints, ms; default 1_000. */
  checkpointEveryMs?: number;
}

type JobOnlyOptions = "onProgress" | "output" | "checkpointDir" | "checkpointEveryMs";

/** One fired window of one device. */
export interface DeviceWindow {
  readonly device: string;
  readonly start: number;
  readonly end: number;
  readonly readings: number;
  readonly meanTemp: number;
  readonly maxVibration: number;
  /** Readings flagged as injected spikes by the generator (ground truth). */
  readonly anomalies: number;
}

/** What the job produced. */
export interface SensorJobResult {
  readonly options: Readonly<Required<Omit<SensorJobOptions, JobOnlyOptions>>>;
  /** Readings the source produced. */
  readonly readings: number;
  /** Fired windows in emission order (empty when they went to `output`). */
  readonly windows: readonly DeviceWindow[];
  /** Readings that arrived after their window was closed (late side output). */
  readonly late: number;
  /** Records on the pipeline's dead-letter output. */
  readonly deadLetters: number;
  /** `p.metrics()` after the run: per-operator counters by uid. */
  readonly metrics: Record<string, OperatorCounters>;
}

const DEFAULTS: Required<Omit<SensorJobOptions, JobOnlyOptions>> = {
  devices: 20,
  readingsPerDevice: 86_400,
  seed: 42,
  windowMs: 60_000,
  disorderMs: 2_000,
  boundMs: 2_000,
  anomalyRate: 0.01,
  batchSize: 1_024,
};

interface Acc {
  count: number;
  sumTemp: number;
  maxVibration: number;
  anomalies: number;
}

/** Count, mean temperature, max vibration and ground-truth spikes of a window, updated in place. */
const windowStats: AggregateFunction<SensorReading, Acc, Omit<DeviceWindow, "device" | "start" | "end">> = {
  createAccumulator: () => ({ count: 0, sumTemp: 0, maxVibration: -Infinity, anomalies: 0 }),
  add(r, acc) {
    acc.count++;
    acc.sumTemp += r.temp;
    if (r.vibration > acc.maxVibration) acc.maxVibration = r.vibration;
    if (r.anomaly) acc.anomalies++;
    return acc;
  },
  merge(a, b) {
    a.count += b.count;
    a.sumTemp += b.sumTemp;
    a.maxVibration = Math.max(a.maxVibration, b.maxVibration);
    a.anomalies += b.anomalies;
    return a;
  },
  getResult: (acc) => ({
    readings: acc.count,
    meanTemp: acc.sumTemp / acc.count,
    maxVibration: acc.maxVibration,
    anomalies: acc.anomalies,
  }),
};

/**
 * The main job: a seeded sensor stream → event-time timestamps with bounded out-of-orderness →
 * keyBy(device) → tumbling windows → per-window count, mean temperature and max vibration.
 */
export async function runSensorJob(options: SensorJobOptions = {}): Promise<SensorJobResult> {
  const { onProgress, output, checkpointDir, checkpointEveryMs, ...rest } = options;
  const o: Required<Omit<SensorJobOptions, JobOnlyOptions>> = { ...DEFAULTS };
  for (const [key, value] of Object.entries(rest) as [keyof typeof DEFAULTS, number | undefined][]) {
    if (value !== undefined) o[key] = value;
  }
  const stream = sensorStream({
    seed: o.seed,
    devices: o.devices,
    readingsPerDevice: o.readingsPerDevice,
    disorderMs: o.disorderMs,
    anomalyRate: o.anomalyRate,
  });

  const p = Pipeline.create({
    name: "sensor-windows",
    batchSize: o.batchSize,
    ...(checkpointDir === undefined ? {} : { checkpoint: { dir: checkpointDir, everyMs: checkpointEveryMs ?? 1_000 } }),
  });
  const lateTag = new OutputTag<SensorReading>("late");
  const windows: DeviceWindow[] = [];
  let late = 0;
  let deadLetters = 0;
  const results = p
    .source(fromIterable(stream))
    .uid("sensor-stream")
    .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(o.boundMs))
    .uid("event-time")
    .keyBy((r) => r.device)
    .window(tumbling(o.windowMs))
    .sideOutputLateData(lateTag)
    .aggregate(windowStats)
    .uid("window-stats");
  const toRow = (r: { key: string; window: { start: number; end: number }; value: Omit<DeviceWindow, "device" | "start" | "end"> }): DeviceWindow => ({
    device: r.key,
    start: r.window.start,
    end: r.window.end,
    ...r.value,
  });
  if (output === undefined) results.sink((r) => windows.push(toRow(r)));
  else results.map(toRow).uid("rows").sink(toFile(output)).uid("output");
  results.getSideOutput(lateTag).sink(() => late++);
  p.deadLetters().sink(() => deadLetters++);

  await p.run(onProgress === undefined ? {} : { onProgress });
  return { options: o, readings: stream.count, windows, late, deadLetters, metrics: p.metrics() };
}
