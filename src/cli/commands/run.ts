import { Command, Option } from "commander";
import type { Detection } from "../../index.js";
import { configureIo, integer, progressBar, type CliIo, type PendingRun } from "../cli-io.js";
import { fraudCommand } from "./fraud.js";
import { IOT_DETECTORS, runIotJob, type IotJobOptions } from "../iot-job.js";
import { withSensorOptions, type SensorFlags } from "./sensor.js";

interface RunFlags extends SensorFlags {
  source: "generated" | "nab";
  data?: string;
  detector: string;
  limit?: number;
  nats?: string;
  output?: string;
  checkpoint?: string;
  checkpointEveryMs: number;
  progress: boolean;
}

/**
 * `streamine run <job>`: one subcommand per job, each with its own flags. Flags may also come
 * before the job's name (`run --devices 5 iot`), as they could when `run` took the job as an argument.
 */
export function runCommand(io: CliIo, schedule: (run: PendingRun) => void): Command {
  const jobs = [iotCommand(io, schedule), fraudCommand(io, schedule)];
  const run = configureIo(
    new Command("run")
      .description("Runs a job to completion: iot (anomalies in a sensor fleet) or fraud (card-transaction fraud). See run <job> --help.")
      .argument("[job]", 'the job: "iot" or "fraud"')
      .allowUnknownOption()
      .allowExcessArguments()
      .exitOverride()
      .action((_job: string | undefined, _opts: unknown, command: Command) => {
        const args = command.args;
        const at = args.findIndex((a) => jobs.some((j) => j.name() === a));
        const job = jobs.find((j) => j.name() === args[at]);
        if (job !== undefined) {
          job.parse([...args.slice(0, at), ...args.slice(at + 1)], { from: "user" });
          return;
        }
        const named = args.find((a) => !a.startsWith("-"));
        // worded so that "(jobs: iot)" still follows the job's name, as test/src/cli/program.test.ts expects
        command.error(named === undefined ? "error: missing job (jobs: iot, fraud)" : `error: unknown job "${named}" (jobs: iot, fraud)`);
      }),
    io,
  );
  for (const job of jobs) run.addCommand(job);
  return run;
}

function iotCommand(io: CliIo, schedule: (run: PendingRun) => void): Command {
  return configureIo(
    withSensorOptions(new Command("iot"), { anomalyRate: 0.0002 })
      .description(
        "IoT anomaly detection: one anomaly detector per device over tumbling-window features of a seeded sensor fleet " +
          "(or NAB's real series with --source nab); flagged windows print as they are found, and every prediction goes to " +
          "predictions.<model>.<device> on the embedded bus, a NATS server (--nats) or a file (--output). The last line is the summary.",
      )
      .addOption(new Option("--source <source>", "readings: a seeded generated fleet, or NAB's realKnownCause and AWS series").choices(["generated", "nab"]).default("generated"))
      .option("--data <dir>", "the data folder holding nab/ for --source nab (default: $STREAMINE_DATA, else ../shared/data)")
      .addOption(new Option("--detector <name>", "the detector per device").choices(Object.keys(IOT_DETECTORS)).default("best"))
      .option("--limit <records>", "only the first n readings", integer(0))
      .option("--nats <url>", "publish predictions and dead letters to this NATS server instead of the embedded bus")
      .option("--output <file.jsonl>", "write every prediction as a JSON line to this file (exactly once with --checkpoint)")
      .option("--checkpoint <dir>", "checkpoint directory: resume from the newest checkpoint there, and keep taking them")
      .option("--checkpoint-every-ms <ms>", "processing time between checkpoints", integer(1), 1_000)
      .option("--no-progress", "do not draw the progress bar on stderr")
      .action((opts: RunFlags) => schedule(() => runIot(opts, io))),
    io,
  );
}

const flaggedRow = (d: Detection<string>): string =>
  `${d.key.padEnd(36)} ${new Date(d.window?.start ?? d.ts).toISOString()}  score ${d.score.toFixed(4)}  (threshold ${d.threshold})`;

/** `streamine run iot`: flagged windows as they come, then the summary as the last line. */
async function runIot(opts: RunFlags, io: CliIo): Promise<number> {
  const out = (line: string): boolean => io.stdout.write(`${line}\n`);
  const total = opts.source === "nab" ? (opts.limit ?? 0) : Math.min(opts.limit ?? Infinity, opts.devices * opts.readings);
  const bar = progressBar(io, opts.progress && total > 0, total);
  const job: IotJobOptions = {
    source: opts.source,
    devices: opts.devices,
    readingsPerDevice: opts.readings,
    seed: opts.seed,
    anomalyRate: opts.anomalyRate,
    disorderMs: opts.disorderMs,
    boundMs: opts.boundMs,
    batchSize: opts.batchSize,
    detector: opts.detector,
    checkpointEveryMs: opts.checkpointEveryMs,
    ...(opts.source === "generated" ? { windowMs: opts.windowMs } : {}),
    ...(opts.data === undefined ? {} : { dataDir: opts.data }),
    ...(opts.limit === undefined ? {} : { limit: opts.limit }),
    ...(opts.nats === undefined ? {} : { nats: opts.nats }),
    ...(opts.output === undefined ? {} : { output: opts.output }),
    ...(opts.checkpoint === undefined ? {} : { checkpointDir: opts.checkpoint }),
    ...(bar === null ? {} : { onProgress: (n: number) => bar.update(Math.min(n, total)) }),
    onPrediction: (d) => {
      if (d.isAnomaly) out(flaggedRow(d));
    },
  };
  out(`iot: ${opts.source === "nab" ? "NAB realKnownCause and AWS series" : `${opts.devices} generated devices × ${opts.readings} readings (seed ${opts.seed})`}, detector ${opts.detector} per device; flagged windows:`);
  try {
    const r = await runIotJob(job);
    bar?.stop();
    const where = opts.output ?? (opts.nats === undefined ? "the embedded bus" : opts.nats);
    const truth = `precision ${r.truth.precision.toFixed(2)}, recall ${r.truth.recall.toFixed(2)} against ${r.truth.anomalousWindows} windows holding ${opts.source === "nab" ? "labelled" : "injected"} anomalies`;
    const rate = r.seconds > 0 ? Math.round(r.readings / r.seconds).toLocaleString("en-US") : "∞";
    out(`iot: ${r.readings} records in, ${r.predictions} predictions out to ${where} (${r.anomalies} anomalies; ${truth}), ${r.deadLetters} dead letters, ${r.late} late; ${r.seconds.toFixed(2)} s (${rate} records/s)`);
    return 0;
  } catch (e) {
    bar?.stop();
    io.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
