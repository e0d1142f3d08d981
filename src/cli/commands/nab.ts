import { Presets, SingleBar } from "cli-progress";
import { Command, InvalidArgumentError } from "commander";
import { configureIo, integer, type CliIo, type PendingRun } from "../cli-io.js";
import { NAB_DETECTORS } from "../nab-detectors.js";
import { runNab } from "../nab-job.js";

interface NabFlags {
  detector: string;
  results?: string;
  data?: string;
  files?: number;
  progress: boolean;
}

/** `streamine nab --detector <name>`. */
export function nabCommand(io: CliIo, schedule: (run: PendingRun) => void): Command {
  const names = Object.keys(NAB_DETECTORS).join(", ");
  return configureIo(
    new Command("nab")
      .description("Runs an anomaly detector over the NAB corpus (one model per file) and prints its NAB scores under the three profiles.")
      .requiredOption("--detector <name>", `the detector: ${names}`, (name: string) => {
        if (!(name in NAB_DETECTORS)) throw new InvalidArgumentError(`unknown detector "${name}" (detectors: ${names})`);
        return name;
      })
      .option("--results <dir>", "also write NAB-format results files to <dir>/<detector>/<category>/<detector>_<name>.csv")
      .option("--data <dir>", "the data folder holding nab/ (default: $STREAMINE_DATA, else ../shared/data)")
      .option("--files <n>", "only the first n corpus files", integer(1))
      .option("--no-progress", "do not draw the progress bar on stderr")
      .exitOverride()
      .action((opts: NabFlags) => schedule(() => Promise.resolve(scoreOnNab(opts, io)))),
    io,
  );
}

/** The detector's NAB scores under the three profiles, with the time taken. */
function scoreOnNab(opts: NabFlags, io: CliIo): number {
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
