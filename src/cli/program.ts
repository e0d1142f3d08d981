import { Command, CommanderError } from "commander";
import { configureIo, type CliIo, type PendingRun } from "./cli-io.js";
import { nabCommand } from "./commands/nab.js";
import { runCommand } from "./commands/run.js";
import { sensorReport, withSensorOptions, type SensorFlags } from "./commands/sensor.js";

export type { CliIo } from "./cli-io.js";

/**
 * Parses `args` (without the node and script paths) and runs what they ask for: `streamine
 * [options]` prints the sensor job's report, `streamine run iot …` writes its results to a file
 * with checkpoints, `streamine nab` scores a detector on NAB. Returns the process exit code
 * instead of exiting, so it can be called from tests.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let pending: PendingRun | null = null;
  const schedule = (run: PendingRun): void => {
    pending = run;
  };
  const root = configureIo(
    withSensorOptions(new Command("streamine"))
      .description("Runs the sensor job: a seeded IoT stream, keyed by device, in event-time tumbling windows.")
      .option("--json", "print the results as JSON instead of tables", false)
      .option("--no-progress", "do not draw the progress bar on stderr")
      .enablePositionalOptions()
      .action((opts: SensorFlags & { json: boolean; progress: boolean }) => schedule(() => sensorReport(opts, io))),
    io,
  );
  root.addCommand(runCommand(io, schedule));
  root.addCommand(nabCommand(io, schedule));
  try {
    root.parse(args, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    throw e;
  }
  return pending === null ? 0 : (pending as PendingRun)();
}
