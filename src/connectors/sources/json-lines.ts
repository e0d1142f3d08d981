import { PassThrough } from "node:stream";
import { ConfigError, describeError, rejectUnknownOptions } from "../../errors.js";
import { wholeNumberAt } from "./position.js";
import { PullStream } from "./pull-stream.js";
import type { Source, SourceContext, SourcePosition, SourceReader } from "./source.js";

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
 * Replayable: the reader's position is `{ line, byte }`, the number of the last line it examined
 * (returned, dead-lettered or blank) and the byte offset just after it in the decompressed file.
 * `open(ctx, position)` resumes there: a plain file is read from that byte on, a `.gz` file is
 * decompressed from its start and the bytes before it are dropped. Line numbers in the reasons
 * stay those of the file. A position that does not fit the file (past its end, or not at the start
 * of a line) makes `run()` reject with a `CheckpointError` naming the path and the position.
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
  const where = `fromJsonLines(${path})`;
  return {
    description: where,
    bounded: true,
    open(ctx: SourceContext, from?: SourcePosition): SourceReader<T> {
      /** The line the last line examined ended on, and the byte offset just after it. */
      let line = from === undefined ? 0 : wholeNumberAt(where, from, "line");
      let byte = from === undefined ? 0 : wholeNumberAt(where, from, "byte");
      const input = new PullStream(path, "fromJsonLines", new PassThrough(), from);
      // The unread part of the chunk at hand is chunk[at…]; `head` holds the start of a line that
      // began in earlier chunks. Lines are cut at the byte \n (never part of a multi-byte
      // character), so byte offsets stay exact even for invalid UTF-8.
      let chunk: Buffer = EMPTY;
      let at = 0;
      let head: Buffer[] = [];
      let headBytes = 0;
      let done = false;
      /** Takes the line in `text[start, end)` (a `\r` before the `\n` included). */
      const take = (text: Buffer, start: number, end: number, batch: T[]): void => {
        line++;
        if (end > start && text[end - 1] === CR) end--;
        const json = text.toString("utf8", start, end);
        if (json.trim().length === 0) return;
        let value: unknown;
        try {
          value = JSON.parse(json);
        } catch (error) {
          ctx.deadLetter(json, `${where}: line ${line}: invalid JSON: ${describeError(error)}`);
          return;
        }
        if (parse === null) {
          batch.push(value as T);
          return;
        }
        try {
          batch.push(parse(value));
        } catch (error) {
          ctx.deadLetter(value, `${where}: line ${line}: parse threw ${describeError(error)}`);
        }
      };
      /** The line that began in earlier chunks and ends at chunk[end]. */
      const joinHead = (end: number): Buffer => {
        const text = Buffer.concat([...head, chunk.subarray(at, end)]);
        head = [];
        headBytes = 0;
        return text;
      };
      return {
        async next(max) {
          if (done) return null;
          const batch: T[] = [];
          // A full batch, unless 4 × max lines were examined: a run of bad lines must not hold the event loop.
          let examined = 0;
          while (batch.length < max && examined < 4 * max) {
            const lf = chunk.indexOf(LF, at);
            if (lf >= 0) {
              byte += headBytes + lf + 1 - at;
              examined++;
              if (head.length === 0) take(chunk, at, lf, batch);
              else {
                const text = joinHead(lf);
                take(text, 0, text.length, batch);
              }
              at = lf + 1;
              continue;
            }
            if (at < chunk.length) {
              head.push(chunk.subarray(at));
              headBytes += chunk.length - at;
            }
            chunk = EMPTY;
            at = 0;
            const next = input.read() as Buffer | null;
            if (next !== null) {
              chunk = next;
              continue;
            }
            if (input.error !== null) throw input.error;
            if (input.ended) {
              // The last line need not end in a line break.
              if (head.length > 0) {
                byte += headBytes;
                const text = joinHead(0);
                take(text, 0, text.length, batch);
              }
              done = true;
              break;
            }
            await input.wait();
          }
          return batch.length === 0 && done ? null : batch;
        },
        position: () => ({ line, byte }),
        close() {
          input.destroy();
        },
      };
    },
  };
}

const EMPTY = Buffer.alloc(0);
const CR = 13;
const LF = 10;
