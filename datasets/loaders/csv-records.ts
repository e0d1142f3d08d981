import { createReadStream } from "node:fs";
import { pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import { parse, type Info } from "csv-parse";

/** One record of a CSV file: its cells and the line it ends on (1-based; the header is line 1). @internal */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/**
 * The records of a CSV file one at a time, the header included as the first: csv-parse's stream
 * parser over a file stream, gunzipped when the name ends in `.gz`. LF or CRLF, quoted fields, a
 * leading BOM; empty lines are skipped, a record with a different number of cells than the header
 * throws. Only one chunk of the file is held at a time.
 *
 * @remarks Leaving the loop early (`break`, `return`, a throw) closes the file. A parse or read
 * error is rethrown naming `path`.
 * @internal
 */
export async function* streamCsvRecords(where: string, path: string): AsyncGenerator<CsvRecord, void, undefined> {
  const file = createReadStream(path);
  const parser = parse({ bom: true, info: true, skip_empty_lines: true });
  const stages = path.endsWith(".gz") ? [file, createGunzip(), parser] : [file, parser];
  // pipeline, unlike pipe, carries a read or gunzip error into the parser, where the loop sees it;
  // the callback is only there to keep a failure from going unhandled: the loop rethrows it.
  pipeline(stages, () => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      yield { line: info.lines, cells: record };
    }
  } catch (error) {
    throw new Error(`${where}: ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    // an early exit leaves the stages open until destroyed; destroying the file closes its handle
    for (const stage of stages) stage.destroy();
  }
}
