import { ConfigError, rejectUnknownOptions } from "../../errors.js";
import { defaultFormat, drained, formatLines } from "./lines.js";
import type { Sink } from "./sink.js";

/** Options of {@link toConsole}. @public */
export interface ConsoleSinkOptions<T> {
  /** Turns a record into one line of text; default `JSON.stringify`. */
  format?: (value: T) => string;
  /** Where the lines go; default `process.stdout`. */
  stream?: NodeJS.WritableStream;
}

const OPTION_NAMES = ["format", "stream"] as const;

/**
 * A sink printing one line per record. Each batch is written with one `write` call; when the
 * stream's buffer is full the pipeline waits for `'drain'` before reading more input.
 *
 * @remarks
 * `close()` does not end the stream (it may be `process.stdout`). A throwing `format` fails the run.
 *
 * @param options - `format` (default `JSON.stringify`), `stream` (default `process.stdout`).
 * @throws ConfigError for an unknown option, a `format` that is not a function or a `stream` without `write`.
 * @example
 * ```ts
 * import { Writable } from "node:stream";
 * import { Pipeline, fromIterable, toConsole } from "streamine";
 * let text = "";
 * const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } });
 * const p = Pipeline.create({ name: "print" });
 * p.source(fromIterable([{ id: 1 }, { id: 2 }])).sink(toConsole({ stream }));
 * await p.run();
 * expect(text).toBe('{"id":1}\n{"id":2}\n');
 * ```
 * @public
 */
export function toConsole<T>(options: ConsoleSinkOptions<T> = {}): Sink<T> {
  if (typeof options !== "object" || options === null) throw new ConfigError("toConsole: options must be an object");
  rejectUnknownOptions("toConsole", options, OPTION_NAMES);
  if (options.format !== undefined && typeof options.format !== "function") {
    throw new ConfigError(`toConsole: format must be a function, got ${typeof options.format}`);
  }
  if (options.stream !== undefined && typeof options.stream?.write !== "function") {
    throw new ConfigError("toConsole: stream must be a writable stream, e.g. process.stderr");
  }
  const format = options.format ?? defaultFormat;
  const stream = options.stream ?? null;
  return {
    description: "toConsole()",
    writeBatch(values) {
      if (values.length === 0) return undefined;
      const out = stream ?? process.stdout;
      return out.write(formatLines(values, format)) ? undefined : drained(out);
    },
  };
}
