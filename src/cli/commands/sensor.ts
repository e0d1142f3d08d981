import type { Command } from "commander";
import { StreamineError } from "../../errors.js";
import { integer, probability, progressBar, type CliIo } from "../cli-io.js";
import { deviceTable, metricsTable, summarizeDevices } from "../report.js";
import { runSensorJob, type SensorJobOptions, type SensorJobResult } from "../sensor-job.js";

/** The generated sensor stream's options, as parsed. */
export interface SensorFlags {
  devices: number;
  readings: number;
  seed: number;
  windowMs: number;
  disorderMs: number;
  boundMs: number;
  anomalyRate: number;
  batchSize: number;
}

/** The options of the generated sensor stream and its windows, shared by the commands that run it. */
export function withSensorOptions(command: Command, defaults: { anomalyRate: number } = { anomalyRate: 0.01 }): Command {
  return command
    .option("--devices <n>", "simulated devices", integer(1), 20)
    .option("--readings <n>", "readings per device, one per second of event time", integer(0), 86_400)
    .option("--seed <n>", "seed of the generated stream", integer(-(2 ** 31)), 42)
    .option("--window-ms <ms>", "tumbling window size in ms", integer(1), 60_000)
    .option("--disorder-ms <ms>", "largest arrival delay of a reading in ms", integer(0), 2_000)
    .option("--bound-ms <ms>", "watermark out-of-orderness bound in ms (below --disorder-ms some readings are late)", integer(0), 2_000)
    .option("--anomaly-rate <p>", "probability of an injected spike per reading", probability, defaults.anomalyRate)
    .option("--batch-size <n>", "records per batch", integer(1), 1_024)
    .exitOverride();
}

/** The sensor job's options from the parsed command line. */
export function sensorJobOptions(opts: SensorFlags): SensorJobOptions {
  return {
    devices: opts.devices,
    readingsPerDevice: opts.readings,
    seed: opts.seed,
    windowMs: opts.windowMs,
    disorderMs: opts.disorderMs,
    boundMs: opts.boundMs,
    anomalyRate: opts.anomalyRate,
    batchSize: opts.batchSize,
  };
}

/** `streamine [options]`: runs the sensor job and prints its tables (or JSON). */
export async function sensorReport(opts: SensorFlags & { json: boolean; progress: boolean }, io: CliIo): Promise<number> {
  const bar = progressBar(io, opts.progress && !opts.json, opts.devices * opts.readings);
  const jobOptions = sensorJobOptions(opts);
  if (bar !== null) jobOptions.onProgress = (n) => bar.update(n);
  const started = performance.now();
  let result: SensorJobResult;
  try {
    result = await runSensorJob(jobOptions);
  } catch (e) {
    if (!(e instanceof StreamineError)) throw e;
    io.stderr.write(`error: ${e.message}\n`);
    return 1;
  } finally {
    bar?.stop();
  }
  const seconds = (performance.now() - started) / 1_000;

  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ ...result, devices: summarizeDevices(result.windows), seconds }, null, 2)}\n`);
    return 0;
  }
  const o = result.options;
  const out = (line: string): boolean => io.stdout.write(`${line}\n`);
  out(
    `sensor-windows: ${o.devices} devices × ${o.readingsPerDevice} readings (seed ${o.seed}), ` +
      `tumbling ${o.windowMs} ms windows, watermark bound ${o.boundMs} ms, disorder ≤ ${o.disorderMs} ms`,
  );
  out(deviceTable(summarizeDevices(result.windows)));
  out("operator counters (p.metrics()):");
  out(metricsTable(result.metrics));
  const rate = seconds > 0 ? Math.round(result.readings / seconds).toLocaleString("en-US") : "∞";
  out(
    `${result.readings} readings → ${result.windows.length} windows; late: ${result.late}; ` +
      `dead letters: ${result.deadLetters}; ${seconds.toFixed(2)} s (${rate} readings/s)`,
  );
  return 0;
}
