import { Parser, type CsvError, type Options } from "csv-parse";
import { ConfigError, describeError, rejectUnknownOptions } from "../../errors.js";
import { positionError, wholeNumberAt } from "./position.js";
import { PullStream } from "./pull-stream.js";
import type { Source, SourceContext, SourcePosition, SourceReader } from "./source.js";

/** A parsed CSV row as handed to `parse`: an object by column name, or an array of fields with `columns: false`. @public */
export type CsvRow = Record<string, unknown>;

/** Options of {@link fromCsv}. @public */
export interface CsvOptions<T> {
  /** Field delimiter; default `","`. */
  delimiter?: string;
  /** `true`: the first row names the columns; an array: these names, every row is data; `false`: rows are arrays. Default `true`. */
  columns?: boolean | readonly string[];
  /** Turn numeric fields into numbers; default `false` (every field stays a string). */
  cast?: boolean;
  /** Skip lines that are empty; default `true` (otherwise an empty line is a malformed row). */
  skipEmptyLines?: boolean;
  /** Maps or validates each row; a throw dead-letters that row. Default: the row itself. */
  parse?: (row: CsvRow) => T;
}

const OPTION_NAMES = ["delimiter", "columns", "cast", "skipEmptyLines", "parse"] as const;

/**
 * A bounded source reading a CSV file (gzip-compressed when the path ends in `.gz`) as a stream,
 * parsed by csv-parse. Each `next(max)` hands on up to `max` rows, reading the file only as far
 * as needed, so a file larger than memory streams through at the pace of the pipeline.
 *
 * @remarks
 * Rows csv-parse rejects (a field count that differs from the header, an unclosed quote) and rows
 * whose `parse` throws go to the pipeline's dead letters with the reason and the file's line
 * number where the row starts (the file's first line is line 1); the row's raw text is the dead letter's
 * record for the former, the parsed row for the latter. They count as read by the source
 * operator, so its `in = out + deadLettered`. A file that cannot be read (missing, bad gzip)
 * makes `run()` reject with an error naming the path.
 *
 * Replayable: the reader's position is `{ line, byte }`, the line the last row it read ended on
 * and the byte offset just after that row in the decompressed file (the end of the file once
 * `next` returned `null`), plus what a reader starting mid-file cannot see: `columns`, the
 * header's names as a JSON array, once the header was read (`columns: true`), or `fields`, the
 * field count every row must have, once the first row was read (`columns: false`).
 * `open(ctx, position)` resumes there: a plain file is read from that byte on, a `.gz` file is
 * decompressed from its start and the bytes before it are dropped. Rows dead-lettered before the
 * position are not dead-lettered again, and line numbers stay those of the file. A position that
 * does not fit the file (past its end, not at the start of a line) or the options makes `run()`
 * reject with a `CheckpointError` naming the path and the position. A file mixing line endings
 * may resume with another one than it started with (csv-parse detects it from the first line).
 *
 * @param path - the file to read; `.gz` means gzip.
 * @param options - `delimiter` (default `","`), `columns` (default `true`: header row), `cast`
 *   (default `false`), `skipEmptyLines` (default `true`), `parse` (default: none).
 * @throws ConfigError for an unknown option or an option of the wrong type.
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { Pipeline, fromCsv, type DeadLetter } from "streamine";
 * const file = join(mkdtempSync(join(tmpdir(), "csv-")), "readings.csv");
 * writeFileSync(file, "device,v\na,1\nb,2,extra\nc,3\n");
 * const p = Pipeline.create({ name: "csv" });
 * const rows: { device: string; v: number }[] = [];
 * const dead: DeadLetter[] = [];
 * p.source(fromCsv(file, { cast: true, parse: (r) => ({ device: String(r["device"]), v: Number(r["v"]) }) }))
 *   .sink((r) => rows.push(r));
 * p.deadLetters().sink((d) => dead.push(d));
 * await p.run();
 * expect(rows).toEqual([{ device: "a", v: 1 }, { device: "c", v: 3 }]);
 * expect(dead.map((d) => d.record)).toEqual(["b,2,extra"]);
 * expect(dead[0]?.reason).toContain("line 3");
 * ```
 * @public
 */
export function fromCsv<T = Record<string, string>>(path: string, options: CsvOptions<T> = {}): Source<T> {
  validate(path, options);
  const columns = options.columns ?? true;
  const parse = options.parse ?? null;
  // Only skipped empty lines put line breaks before a row's text; otherwise an empty line is a row.
  const emptyLinesBefore = (options.skipEmptyLines ?? true) ? leadingLineBreaks : () => 0;
  const where = `fromCsv(${path})`;
  return {
    description: where,
    bounded: true,
    open(ctx: SourceContext, from?: SourcePosition): SourceReader<T> {
      const resume = from === undefined ? null : resumeFrom(where, from, columns);
      // csv-parse reads ahead of the reader, so a row it skips waits here until the reader has
      // taken the rows before it (`before`, csv-parse's count of rows emitted when it skipped).
      // Skipped rows are dead-lettered just before the next row is taken, or at the end, so the
      // last input a `next` consumed is always a row taken or the end of the file.
      const skipped: { before: number; raw: string; reason: string }[] = [];
      // The line the last row taken by the reader ended on. Rows' raw texts tile the file after
      // the header (skipped empty lines included), so counting their line breaks gives each row's
      // line; csv-parse's per-row `info` would too, at half its speed.
      let line = resume?.line ?? 0;
      /** The byte offset just after the last row taken (or the header), in the decompressed file. */
      let byte = resume?.byte ?? 0;
      /** With `columns: true`, the header's names once read. */
      let header = resume?.header ?? null;
      /** With `columns: false`, the first row's field count, which every row must have. */
      let fields = resume?.fields ?? null;
      let atEnd = false;
      const parser = new OffsetParser(
        {
          delimiter: options.delimiter ?? ",",
          columns:
            header !== null
              ? [...header]
              : columns === true
                ? (names: string[]) => {
                    header = names.map(String);
                    line = parser.info.lines;
                    byte = parser.info.bytes;
                    return names;
                  }
                : columns === false
                  ? false
                  : [...columns],
          // Without columns the field count is checked here, so a resumed reader can be told it.
          relax_column_count: columns === false,
          cast: options.cast ?? false,
          skip_empty_lines: options.skipEmptyLines ?? true,
          bom: true,
          raw: true,
          skip_records_with_error: true,
          on_skip: (error: CsvError | undefined, raw: string | undefined) => {
            const text = raw ?? "";
            const reason = withoutLineNumber(error?.message ?? "malformed row");
            skipped.push({ before: parser.info.records, raw: text, reason });
            return undefined;
          },
        },
        resume?.byte ?? 0,
      );
      const input = new PullStream(path, "fromCsv", parser, from);
      let rowsTaken = 0;
      /** Dead-letters the skipped rows that came before the `rows`-th good row. */
      const flushSkipped = (rows: number): void => {
        while (skipped.length > 0 && (skipped[0]?.before ?? Infinity) <= rows) {
          const s = skipped.shift();
          if (s === undefined) break;
          const start = line + 1 + emptyLinesBefore(s.raw);
          line += lineBreaks(s.raw);
          ctx.deadLetter(trimLineBreaks(s.raw), `${where}: line ${start}: ${s.reason}`);
        }
      };
      return {
        async next(max) {
          const batch: T[] = [];
          // A full batch, unless 4 × max rows were examined: a run of bad rows must not hold the event loop.
          let examined = 0;
          while (batch.length < max && examined < 4 * max) {
            const row = input.read() as ParsedRow | null;
            if (row === null) {
              if (input.ended || input.error !== null) break;
              await input.wait();
              continue;
            }
            if (skipped.length > 0) flushSkipped(rowsTaken);
            rowsTaken++;
            examined++;
            const start = line + 1 + emptyLinesBefore(row.raw);
            line += lineBreaks(row.raw);
            byte = row.end;
            if (columns === false) {
              const n = (row.record as unknown as unknown[]).length;
              fields ??= n;
              if (n !== fields) {
                ctx.deadLetter(trimLineBreaks(row.raw), `${where}: line ${start}: Invalid Record Length: expect ${fields}, got ${n}`);
                continue;
              }
            }
            if (parse === null) {
              batch.push(row.record as T);
              continue;
            }
            try {
              batch.push(parse(row.record));
            } catch (error) {
              ctx.deadLetter(row.record, `${where}: line ${start}: parse threw ${describeError(error)}`);
            }
          }
          if (input.ended || input.error !== null) flushSkipped(Infinity);
          if (input.error !== null) throw input.error;
          if (input.ended) atEnd = true;
          return batch.length === 0 && input.ended ? null : batch;
        },
        position() {
          const position: Record<string, string | number> = { line, byte: atEnd ? input.bytes : byte };
          if (header !== null) position["columns"] = JSON.stringify(header);
          if (fields !== null) position["fields"] = fields;
          return position;
        },
        close() {
          input.destroy();
        },
      };
    },
  };
}

/** A row as csv-parse hands it on with `raw: true`, and the byte offset just after it. */
interface ParsedRow {
  record: CsvRow;
  raw: string;
  end: number;
}

/** csv-parse's stream parser, stamping each row it emits with the byte offset just after it in the file. */
class OffsetParser extends Parser {
  /** `offset`: where in the (decompressed) file the parser's input starts. */
  constructor(
    options: Options,
    private readonly offset: number,
  ) {
    super(options);
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk !== null) (chunk as ParsedRow).end = this.offset + this.info.bytes;
    return super.push(chunk, encoding);
  }
}

/** What a reader resuming from `from` starts with; it throws for a position that does not fit the options. */
function resumeFrom(where: string, from: SourcePosition, columns: boolean | readonly string[]) {
  const line = wholeNumberAt(where, from, "line");
  const byte = wholeNumberAt(where, from, "byte");
  let header: string[] | null = null;
  let fields: number | null = null;
  const names = from["columns"];
  if (columns === true && typeof names === "string") {
    header = parseNames(names);
    if (header === null) throw positionError(where, from, `"columns" must be a JSON array of strings`);
  } else if (columns === true && byte > 0) {
    throw positionError(where, from, "it has no \"columns\", though the file has a header row before it");
  } else if (names !== undefined && names !== null) {
    throw positionError(where, from, "it has \"columns\", but the file has no header row (option columns)");
  }
  if (from["fields"] !== undefined && from["fields"] !== null) {
    if (columns !== false) throw positionError(where, from, `it has "fields", but rows are not read as arrays (option columns)`);
    fields = wholeNumberAt(where, from, "fields");
  }
  return { line, byte, header, fields };
}

function parseNames(json: string): string[] | null {
  try {
    const names: unknown = JSON.parse(json);
    return Array.isArray(names) && names.every((n) => typeof n === "string") ? (names as string[]) : null;
  } catch {
    return null;
  }
}

/**
 * csv-parse's message without its own line number, which counts a `\r\n` inside quotes as two
 * lines and restarts at 1 in a resumed reader; the reason names the line itself.
 */
function withoutLineNumber(message: string): string {
  return message.replace(/ (?:on|at) line \d+/, "");
}

const CR = 13;
const LF = 10;

/** Line breaks (`\n`, `\r\n` or `\r`) in `text`. */
function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}

/** Line breaks before the first other character: the empty lines csv-parse skipped before a row. */
function leadingLineBreaks(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === CR || text.charCodeAt(i) === LF)) i++;
  return lineBreaks(text.slice(0, i));
}

function trimLineBreaks(raw: string): string {
  return raw.replace(/^[\r\n]+|[\r\n]+$/g, "");
}

function validate(path: string, options: CsvOptions<unknown>): void {
  if (typeof path !== "string" || path.length === 0) throw new ConfigError("fromCsv: path must be a non-empty string");
  if (typeof options !== "object" || options === null) throw new ConfigError("fromCsv: options must be an object");
  rejectUnknownOptions("fromCsv", options, OPTION_NAMES);
  const { delimiter, columns, cast, skipEmptyLines, parse } = options;
  if (delimiter !== undefined && (typeof delimiter !== "string" || delimiter.length === 0 || /[\r\n"]/.test(delimiter))) {
    throw new ConfigError(`fromCsv: delimiter must be a non-empty string without quotes or line breaks, got ${JSON.stringify(delimiter)}`);
  }
  if (columns !== undefined && typeof columns !== "boolean") {
    if (!Array.isArray(columns) || columns.some((c) => typeof c !== "string" || c.length === 0)) {
      throw new ConfigError("fromCsv: columns must be true (header row), false (rows as arrays) or an array of non-empty names");
    }
  }
  if (cast !== undefined && typeof cast !== "boolean") throw new ConfigError(`fromCsv: cast must be a boolean, got ${typeof cast}`);
  if (skipEmptyLines !== undefined && typeof skipEmptyLines !== "boolean") {
    throw new ConfigError(`fromCsv: skipEmptyLines must be a boolean, got ${typeof skipEmptyLines}`);
  }
  if (parse !== undefined && typeof parse !== "function") throw new ConfigError(`fromCsv: parse must be a function, got ${typeof parse}`);
}
