import { Presets, SingleBar } from "cli-progress";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { StreamineError } from "../errors.js";
import { NAB_DETECTORS } from "./nab-detectors.js";
import { runNab } from "./nab-job.js";
import { deviceTable, metricsTable, summarizeDevices } from "./report.js";
import { runSensorJob, type SensorJobOptions, type SensorJobResult } from "./sensor-job.js";

/** Where the CLI writes: the table and report go to `stdout`, the progress bar and errors to `stderr`. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

function integer(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${value}"`);
    return n;
  };
}

function probability(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !(n >= 0 && n <= 1)) throw new InvalidArgumentError(`expected a number in [0, 1], got "${value}"`);
  return n;
}

interface ParsedOptions {
  devices: number;
  readings: number;
  seed: number;
  windowMs: number;
  disorderMs: number;
  boundMs: number;
  anomalyRate: number;
  batchSize: number;
  json: boolean;
  progress: boolean;
}

/** The options of the generated sensor stream and its windows, shared by every command. */
function withSensorOptions(command: Command): Command {
  return command
    .option("--devices <n>", "simulated devices", integer(1), 20)
    .option("--readings <n>", "readings per device, one per second of event time", integer(0), 86_400)
    .option("--seed <n>", "seed of the generated stream", integer(-(2 ** 31)), 42)
    .option("--window-ms <ms>", "tumbling window size in ms", integer(1), 60_000)
    .option("--disorder-ms <ms>", "largest arrival delay of a reading in ms", integer(0), 2_000)
    .option("--bound-ms <ms>", "watermark out-of-orderness bound in ms (below --disorder-ms some readings are late)", integer(0), 2_000)
    .option("--anomaly-rate <p>", "probability of an injected spike per reading", probability, 0.01)
    .option("--batch-size <n>", "records per batch", integer(1), 1_024)
    .exitOverride();
}

function configureIo(command: Command, io: CliIo): Command {
  return command.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
  });
}

interface RunOptions {
  output: string;
  checkpoint?: string;
  checkpointEveryMs: number;
}

interface NabOptions {
  detector: string;
  results?: string;
  data?: string;
  files?: number;
  progress: boolean;
}

/** `streamine [options]` prints the sensor job's report; `streamine run iot …` writes its windows to a file, with checkpoints; `streamine nab` scores a detector on NAB. */
function buildCommand(io: CliIo, onRun: (job: string, opts: ParsedOptions & RunOptions) => void, onNab: (opts: NabOptions) => void): Command {
  const root = configureIo(
    withSensorOptions(new Command("streamine"))
      .description("Runs the sensor job: a seeded IoT stream, keyed by device, in event-time tumbling windows.")
      .option("--json", "print the results as JSON instead of tables", false)
      .option("--no-progress", "do not draw the progress bar on stderr")
      .enablePositionalOptions()
      .action(() => {}),
    io,
  );
  const run = configureIo(
    withSensorOptions(new Command("run"))
      .description("Runs a job to completion, writing its results as JSON lines; with --checkpoint it resumes after a crash and writes each line exactly once.")
      .argument("<job>", 'the job: "iot" (per-device window statistics of the sensor stream)', (job: string) => {
        if (job !== "iot") throw new InvalidArgumentError(`unknown job "${job}" (jobs: iot)`);
        return job;
      })
      .requiredOption("--output <file.jsonl>", "file the results are written to, one JSON line per window")
      .option("--checkpoint <dir>", "checkpoint directory: resume from the newest checkpoint there, and keep taking them")
      .option("--checkpoint-every-ms <ms>", "processing time between checkpoints", integer(1), 1_000)
      .option("--no-progress", "do not draw the progress bar on stderr")
      .action((job: string, opts: ParsedOptions & RunOptions) => onRun(job, opts)),
    io,
  );
  root.addCommand(run);
  const nab = configureIo(
    new Command("nab")
      .description("Runs an anomaly detector over the NAB corpus (one model per file) and prints its NAB scores under the three profiles.")
      .requiredOption("--detector <name>", `the detector: ${Object.keys(NAB_DETECTORS).join(", ")}`, (name: string) => {
        if (!(name in NAB_DETECTORS)) throw new InvalidArgumentError(`unknown detector "${name}" (detectors: ${Object.keys(NAB_DETECTORS).join(", ")})`);
        return name;
      })
      .option("--results <dir>", "also write NAB-format results files to <dir>/<detector>/<category>/<detector>_<name>.csv")
      .option("--data <dir>", "the data folder holding nab/ (default: $STREAMINE_DATA, else ../shared/data)")
      .option("--files <n>", "only the first n corpus files", integer(1))
      .option("--no-progress", "do not draw the progress bar on stderr")
      .exitOverride()
      .action((opts: NabOptions) => onNab(opts)),
    io,
  );
  root.addCommand(nab);
  return root;
}

/**
 * Parses `args` (without the node and script paths), runs the sensor job and prints its report.
 * Returns the process exit code instead of exiting, so it can be called from tests.
 */
/** The sensor job's options from the parsed command line. */
function sensorJobOptions(opts: ParsedOptions): SensorJobOptions {
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

/** A progress bar of readings on stderr, started; null when `show` is false. */
function progressBar(io: CliIo, show: boolean, total: number): SingleBar | null {
  if (!show) return null;
  const bar = new SingleBar(
    { stream: io.stderr, format: "readings {bar} {percentage}% | {value}/{total} | {duration_formatted}", hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

/**
 * Parses `args` (without the node and script paths), runs the sensor job and prints its report.
 * Returns the process exit code instead of exiting, so it can be called from tests.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let runOptions: (ParsedOptions & RunOptions) | null = null;
  let nabOptions: NabOptions | null = null;
  const command = buildCommand(
    io,
    (_job, opts) => {
      runOptions = opts;
    },
    (opts) => {
      nabOptions = opts;
    },
  );
  try {
    command.parse(args, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    throw e;
  }
  if (runOptions !== null) return runToFile(runOptions, io);
  if (nabOptions !== null) return scoreOnNab(nabOptions, io);
  const opts = command.opts<ParsedOptions>();
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

/** `streamine run iot`: the sensor job's windows as JSON lines in `--output`, checkpointed with `--checkpoint`. */
async function runToFile(opts: ParsedOptions & RunOptions, io: CliIo): Promise<number> {
  const bar = progressBar(io, opts.progress, opts.devices * opts.readings);
  try {
    const result = await runSensorJob({
      ...sensorJobOptions(opts),
      output: opts.output,
      checkpointEveryMs: opts.checkpointEveryMs,
      ...(opts.checkpoint === undefined ? {} : { checkpointDir: opts.checkpoint }),
      ...(bar === null ? {} : { onProgress: (n: number) => bar.update(n) }),
    });
    bar?.stop();
    const windows = result.metrics["window-stats"]?.emitted ?? 0;
    io.stderr.write(`iot: ${windows} windows written to ${opts.output}; late: ${result.late}; dead letters: ${result.deadLetters}\n`);
    return 0;
  } catch (e) {
    bar?.stop();
    if (!(e instanceof StreamineError)) throw e;
    io.stderr.write(`error: ${e.message}\n`);
    return 1;
  }
}

/** `streamine nab --detector <name>`: the detector's NAB scores, with the time taken. */
function scoreOnNab(opts: NabOptions, io: CliIo): number {
  const detector = NAB_DETECTORS[opts.detector];
  if (detector === undefined) return 2;
  let bar: SingleBar | null = null;
  try {
    const result = runNab({
      detector: opts.detector,
      create: detector.create,
      ...(opts.data === undefined ? {} : { dataDir: opts.data }),
      ...(opts.results === undefined ? {} : { resultsDir: opts.results }),
      ...(opts.files === undefined ? {} : { files: opts.files }),
      onProgress: (done, total) => {
        if (!opts.progress) return;
        bar ??= new SingleBar({ stream: io.stderr, format: "NAB rows {bar} {percentage}% | {value}/{total} | {duration_formatted}", hideCursor: true }, Presets.shades_classic);
        if (done === 0 || bar.getTotal() !== total) bar.start(total, done);
        else bar.update(done);
      },
    });
    (bar as SingleBar | null)?.stop();
    const out = (line: string): boolean => io.stdout.write(`${line}\n`);
    out(`nab: ${opts.detector} (${detector.describe}) over ${result.files} files, ${result.rows.toLocaleString("en-US")} rows, in ${result.seconds.toFixed(1)} s`);
    for (const [profile, o] of Object.entries(result.profiles)) {
      out(o.windows === 0 ? `  ${profile.padEnd(18)} no score: these files have no labelled anomaly window` : `  ${profile.padEnd(18)} ${o.score.toFixed(2).padStart(7)}   (threshold ${o.threshold.toPrecision(12)})`);
    }
    if (opts.results !== undefined) out(`results files in ${opts.results}/${opts.detector}/`);
    return 0;
  } catch (e) {
    (bar as SingleBar | null)?.stop();
    io.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
