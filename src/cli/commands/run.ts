import { Command, InvalidArgumentError } from "commander";
import { StreamineError } from "../../errors.js";
import { configureIo, integer, progressBar, type CliIo, type PendingRun } from "../cli-io.js";
import { runSensorJob } from "../sensor-job.js";
import { sensorJobOptions, withSensorOptions, type SensorFlags } from "./sensor.js";

interface RunFlags extends SensorFlags {
  output: string;
  checkpoint?: string;
  checkpointEveryMs: number;
  progress: boolean;
}

/** `streamine run <job>`. */
export function runCommand(io: CliIo, schedule: (run: PendingRun) => void): Command {
  return configureIo(
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
      .action((_job: string, opts: RunFlags) => schedule(() => runIotToFile(opts, io))),
    io,
  );
}

/** `streamine run iot`: the sensor job's windows as JSON lines in `--output`, checkpointed with `--checkpoint`. */
async function runIotToFile(opts: RunFlags, io: CliIo): Promise<number> {
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
