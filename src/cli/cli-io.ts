import { Presets, SingleBar } from "cli-progress";
import { InvalidArgumentError, type Command } from "commander";

/** Where the CLI writes: tables and reports go to `stdout`, progress bars and errors to `stderr`. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** What a parsed command runs: resolves to the process exit code. */
export type PendingRun = () => Promise<number>;

/** An option parser for integers ≥ min. */
export function integer(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${value}"`);
    return n;
  };
}

/** An option parser for numbers in [0, 1]. */
export function probability(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !(n >= 0 && n <= 1)) throw new InvalidArgumentError(`expected a number in [0, 1], got "${value}"`);
  return n;
}

/** Sends commander's help and errors to `io`. */
export function configureIo(command: Command, io: CliIo): Command {
  return command.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
  });
}

/** A progress bar of `what` on stderr, started at 0 of `total`; null when `show` is false. */
export function progressBar(io: CliIo, show: boolean, total: number, what = "readings"): SingleBar | null {
  if (!show) return null;
  const bar = new SingleBar({ stream: io.stderr, format: `${what} {bar} {percentage}% | {value}/{total} | {duration_formatted}`, hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}
