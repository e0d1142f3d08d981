import { createWriteStream, type WriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { ConfigError, rejectUnknownOptions } from "../../errors.js";
import { defaultFormat, drained, formatLines } from "./lines.js";
import type { Sink } from "./sink.js";

/** Options of {@link toFile}. @public */
export interface FileSinkOptions<T> {
  /** Turns a record into one line of text; default `JSON.stringify` (JSON Lines). */
  format?: (value: T) => string;
}

const OPTION_NAMES = ["format"] as const;

/**
 * A sink writing one line per record to a file, JSON Lines by default. The file is created (or
 * truncated) when the first batch or the end of the run arrives, so a run without records leaves
 * an empty file. When the write buffer is full the pipeline waits for `'drain'` before reading
 * more input; `close()` (at the end of the run) ends the file and waits until it is written.
 *
 * @remarks
 * A write error (a missing directory, a full disk) fails the run with an error naming the path.
 *
 * @param path - the file to write.
 * @param options - `format` (default `JSON.stringify`).
 * @throws ConfigError for an unknown option or a `format` that is not a function.
 * @example
 * ```ts
 * import { mkdtempSync, readFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { Pipeline, fromIterable, toFile } from "streamine";
 * const file = join(mkdtempSync(join(tmpdir(), "out-")), "doubled.jsonl");
 * const p = Pipeline.create({ name: "write" });
 * p.source(fromIterable([1, 2, 3])).map((x) => ({ x: x * 2 })).sink(toFile(file));
 * await p.run();
 * expect(readFileSync(file, "utf8")).toBe('{"x":2}\n{"x":4}\n{"x":6}\n');
 * ```
 * @public
 */
export function toFile<T>(path: string, options: FileSinkOptions<T> = {}): Sink<T> {
  if (typeof path !== "string" || path.length === 0) throw new ConfigError("toFile: path must be a non-empty string");
  if (typeof options !== "object" || options === null) throw new ConfigError("toFile: options must be an object");
  rejectUnknownOptions("toFile", options, OPTION_NAMES);
  if (options.format !== undefined && typeof options.format !== "function") {
    throw new ConfigError(`toFile: format must be a function, got ${typeof options.format}`);
  }
  const format = options.format ?? defaultFormat;
  let stream: WriteStream | null = null;
  let error: Error | null = null;
  const open = (): WriteStream => {
    if (stream !== null) return stream;
    const s = createWriteStream(path);
    s.on("error", (e) => {
      error ??= new Error(`toFile: cannot write "${path}": ${e.message}`, { cause: e });
    });
    stream = s;
    return s;
  };
  const fail = (e: unknown): never => {
    throw error ?? e;
  };
  return {
    description: `toFile(${path})`,
    writeBatch(values) {
      if (error !== null) throw error;
      if (values.length === 0) return undefined;
      const s = open();
      return s.write(formatLines(values, format)) ? undefined : drained(s).catch(fail);
    },
    async close() {
      const s = open();
      stream = null;
      s.end();
      await finished(s).catch(fail);
      if (error !== null) throw error;
    },
  };
}
