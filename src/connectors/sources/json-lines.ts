import { PassThrough } from "node:stream";
import { ConfigError, describeError, rejectUnknownOptions } from "../../errors.js";
import { PullStream } from "./pull-stream.js";
import type { Source, SourceContext, SourceReader } from "./source.js";

/** Options of {@link fromJsonLines}. @public */
export interface JsonLinesOptions<T> {
  /** Maps or validates each parsed value; a throw dead-letters that line. Default: the value itself. */
  parse?: (value: unknown) => T;
}

const OPTION_NAMES = ["parse"] as const;

/**
 * A bounded source reading a JSON Lines file (one JSON value per line; gzip-compressed when the
 * path ends in `.gz`) as a stream. Each `next(max)` hands on up to `max` values, reading the
 * file only as far as needed.
 *
 * @remarks
 * Blank lines are skipped. A line that is not valid JSON goes to the pipeline's dead letters
 * with its text as the record; a value whose `parse` throws goes there with the parsed value
 * as the record. Both reasons name the line number (the first line is 1). They count as read by
 * the source operator, so its `in = out + deadLettered`. Lines may end in `\n` or `\r\n`. A file
 * that cannot be read makes `run()` reject with an error naming the path.
 *
 * @param path - the file to read; `.gz` means gzip.
 * @param options - `parse` (default: none, the parsed JSON value is the record).
 * @throws ConfigError for an unknown option or a `parse` that is not a function.
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { Pipeline, fromJsonLines, type DeadLetter } from "streamine";
 * const file = join(mkdtempSync(join(tmpdir(), "jsonl-")), "events.jsonl");
 * writeFileSync(file, '{"id":1}\n\n{"id":2\n{"id":3}\n');
 * const p = Pipeline.create({ name: "jsonl" });
 * const ids: number[] = [];
 * const dead: DeadLetter[] = [];
 * p.source(fromJsonLines(file, { parse: (v) => (v as { id: number }).id })).sink((id) => ids.push(id));
 * p.deadLetters().sink((d) => dead.push(d));
 * await p.run();
 * expect(ids).toEqual([1, 3]);
 * expect(dead.map((d) => d.record)).toEqual(['{"id":2']);
 * expect(dead[0]?.reason).toContain("line 3");
 * ```
 * @public
 */
export function fromJsonLines<T = unknown>(path: string, options: JsonLinesOptions<T> = {}): Source<T> {
  if (typeof path !== "string" || path.length === 0) throw new ConfigError("fromJsonLines: path must be a non-empty string");
  if (typeof options !== "object" || options === null) throw new ConfigError("fromJsonLines: options must be an object");
  rejectUnknownOptions("fromJsonLines", options, OPTION_NAMES);
  if (options.parse !== undefined && typeof options.parse !== "function") {
    throw new ConfigError(`fromJsonLines: parse must be a function, got ${typeof options.parse}`);
  }
  const parse = options.parse ?? null;
  return {
    description: `fromJsonLines(${path})`,
    bounded: true,
    open(ctx: SourceContext): SourceReader<T> {
      const text = new PassThrough();
      text.setEncoding("utf8");
      const input = new PullStream(path, "fromJsonLines", text);
      let lines: string[] = [];
      let pos = 0;
      let rest = "";
      let lineNo = 0;
      let done = false;
      const take = (line: string, batch: T[]): void => {
        lineNo++;
        if (line.endsWith("\r")) line = line.slice(0, -1);
        if (line.trim().length === 0) return;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (error) {
          ctx.deadLetter(line, `fromJsonLines(${path}): line ${lineNo}: invalid JSON: ${describeError(error)}`);
          return;
        }
        if (parse === null) {
          batch.push(value as T);
          return;
        }
        try {
          batch.push(parse(value));
        } catch (error) {
          ctx.deadLetter(value, `fromJsonLines(${path}): line ${lineNo}: parse threw ${describeError(error)}`);
        }
      };
      return {
        async next(max) {
          if (done) return null;
          const batch: T[] = [];
          // A full batch, unless 4 × max lines were examined: a run of bad lines must not hold the event loop.
          let examined = 0;
          while (batch.length < max && examined < 4 * max) {
            const line = lines[pos];
            if (line !== undefined) {
              pos++;
              examined++;
              take(line, batch);
              continue;
            }
            const chunk = input.read() as string | null;
            if (chunk !== null) {
              lines = (rest + chunk).split("\n");
              rest = lines.pop() ?? "";
              pos = 0;
              continue;
            }
            if (input.error !== null) throw input.error;
            if (input.ended) {
              // The last line need not end in a line break.
              if (rest.length > 0) take(rest, batch);
              rest = "";
              done = true;
              break;
            }
            await input.wait();
          }
          return batch.length === 0 && done ? null : batch;
        },
        close() {
          input.destroy();
        },
      };
    },
  };
}
