// Shared plumbing of the NAB loaders: where the data is, reading a file (gzipped or not) with
// an error that names the path, CSV via csv-parse, NAB's timestamp format.
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { dataDir, readDataText } from "./data-dir.js";

/** The shared data folder holding `nab/`: see {@link dataDir}. */
export function nabDataDir(dir?: string): string {
  return dataDir("NAB loaders", "nab", dir);
}

/** The path of `parts` inside the `nab/` folder of the data folder `dir`. */
export function nabPath(dir: string | undefined, ...parts: string[]): string {
  return join(nabDataDir(dir), "nab", ...parts);
}

/** A CSV file as a header and rows of strings (csv-parse; LF or CRLF). */
export function readNabCsv(where: string, path: string): { header: string[]; rows: string[][] } {
  const records = parse(readDataText(where, path), { skip_empty_lines: true, relax_column_count: false }) as string[][];
  const header = records.shift();
  if (header === undefined) throw new Error(`${where}: ${path} is empty, expected a header row`);
  return { header: header.map((h) => h.trim()), rows: records };
}

/** The JSON content of `path`; a missing file throws naming the path. */
export function readNabJson(where: string, path: string): unknown {
  return JSON.parse(readDataText(where, path)) as unknown;
}

/** The index of `column` in `header`; a missing column throws naming the file. */
export function columnOf(where: string, path: string, header: readonly string[], column: string): number {
  const at = header.indexOf(column);
  if (at < 0) throw new Error(`${where}: ${path} has no column ${column} (columns: ${header.join(", ")})`);
  return at;
}

/** A finite number parsed from a CSV cell; anything else throws naming file, row and column. */
export function numberCell(where: string, path: string, row: number, column: string, raw: string | undefined): number {
  const v = raw === undefined || raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new Error(`${where}: ${path} row ${row + 1}, column ${column}: expected a number, got ${String(raw)}`);
  return v;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/**
 * NAB's timestamps (`YYYY-MM-DD HH:MM:SS`, windows add `.ffffff`) as epoch milliseconds, read as
 * UTC: NAB compares them only for equality and order, never across time zones.
 */
export function parseNabTimestamp(where: string, text: string): number {
  const m = TIMESTAMP.exec(text.trim());
  if (m === null) throw new Error(`${where}: expected a timestamp YYYY-MM-DD HH:MM:SS, got ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, frac] = m;
  const micros = frac === undefined ? 0 : Number(frac.padEnd(6, "0"));
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + micros / 1000;
}
