import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { parse } from "csv-parse";
import { checkExists } from "./data-dir.js";
import { columnOf, nabPath, numberCell, parseNabTimestamp, readNabCsv, readNabJson } from "./nab-files.js";

/** One file of the NAB corpus: `file` is `<category>/<name>.csv`, NAB's key for it. @public */
export interface NabFileRef {
  readonly file: string;
  readonly category: string;
  readonly name: string;
}

/** One NAB series read whole: timestamps (epoch ms, read as UTC) and values, in row order. @public */
export interface NabSeries extends NabFileRef {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/** One row of a NAB series: its 0-based position, timestamp (epoch ms, read as UTC) and value. @public */
export interface NabRow {
  readonly row: number;
  readonly timestamp: number;
  readonly value: number;
}

/** An anomaly window as row positions: the inclusive range `[start, end]`. @public */
export interface NabRowRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A corpus file with its ground truth resolved to rows: the row count and the windows of
 * `labels/combined_windows.json` as inclusive row ranges, plus the windows' own timestamps
 * (epoch ms). Fits the scorer's `NabFileLabels` of "streamine/algorithms" as it is. @public
 */
export interface NabLabelledFile extends NabFileRef {
  readonly rows: number;
  readonly windows: readonly NabRowRange[];
  readonly windowTimes: readonly NabRowRange[];
}

const WINDOWS = ["labels", "combined_windows.json"] as const;

/**
 * The 58 files of the NAB v1.1 corpus, sorted by `<category>/<name>.csv`: the keys of
 * `labels/combined_windows.json`, which names every scored file.
 *
 * @param dir - the shared data folder holding `nab/`; default: `$STREAMINE_DATA`, else the
 * `shared/data` folder found beside an ancestor of this module (the repository's `../shared/data`).
 * @example
 * ```ts
 * import { listNabFiles } from "streamine/datasets";
 * const files = listNabFiles();
 * expect(files).toHaveLength(58);
 * expect(files).toContainEqual({ file: "realKnownCause/nyc_taxi.csv", category: "realKnownCause", name: "nyc_taxi" });
 * ```
 * @public
 */
export function listNabFiles(dir?: string): NabFileRef[] {
  return Object.keys(readWindowsJson("listNabFiles", dir)).sort().map(fileRef);
}

/**
 * Reads one NAB series whole (files are at most 22,695 rows): `data/<category>/<name>.csv`,
 * columns `timestamp,value`, LF or CRLF.
 *
 * @param file - `<category>/<name>.csv` or a {@link NabFileRef}.
 * @param dir - the shared data folder, as {@link listNabFiles}.
 * @example
 * ```ts
 * import { loadNabSeries } from "streamine/datasets";
 * const s = loadNabSeries("realKnownCause/nyc_taxi.csv");
 * expect(s.values).toHaveLength(10320);
 * expect(s.values[0]).toBe(10844);
 * expect((s.timestamps[1] ?? 0) - (s.timestamps[0] ?? 0)).toBe(30 * 60_000); // half-hourly
 * ```
 * @public
 */
export function loadNabSeries(file: string | NabFileRef, dir?: string): NabSeries {
  const where = "loadNabSeries";
  const ref = typeof file === "string" ? fileRef(file) : file;
  const path = nabPath(dir, "data", ref.file);
  const { header, rows } = readNabCsv(where, path);
  const t = columnOf(where, path, header, "timestamp");
  const v = columnOf(where, path, header, "value");
  const timestamps = new Float64Array(rows.length);
  const values = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    timestamps[i] = parseNabTimestamp(`${where}: ${path} row ${i + 1}`, r[t] ?? "");
    values[i] = numberCell(where, path, i, "value", r[v]);
  });
  return { ...ref, timestamps, values };
}

/**
 * Streams one NAB series row by row (csv-parse's stream parser over a file stream), for feeding
 * a detector as it would run online. Rows come in file order; timestamps may repeat (DST) and
 * go backwards once (`machine_temperature_system_failure.csv`), so use `row` for position.
 *
 * @param file - `<category>/<name>.csv` or a {@link NabFileRef}.
 * @param dir - the shared data folder, as {@link listNabFiles}.
 * @example
 * ```ts
 * import { streamNabSeries } from "streamine/datasets";
 * let n = 0;
 * let last = -1;
 * for await (const r of streamNabSeries("realKnownCause/ambient_temperature_system_failure.csv")) {
 *   expect(r.row).toBe(n++);
 *   last = r.value;
 * }
 * expect(n).toBe(7267);
 * expect(Number.isFinite(last)).toBe(true);
 * ```
 * @public
 */
export async function* streamNabSeries(file: string | NabFileRef, dir?: string): AsyncGenerator<NabRow, void, undefined> {
  const where = "streamNabSeries";
  const ref = typeof file === "string" ? fileRef(file) : file;
  const path = nabPath(dir, "data", ref.file);
  checkExists(where, path);
  const source = createReadStream(path);
  const parser = (path.endsWith(".gz") ? source.pipe(createGunzip()) : source).pipe(parse({ skip_empty_lines: true }));
  let t = -1;
  let v = -1;
  let row = -1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (row < 0) {
        const header = record.map((h) => h.trim());
        t = columnOf(where, path, header, "timestamp");
        v = columnOf(where, path, header, "value");
        row = 0;
        continue;
      }
      yield {
        row,
        timestamp: parseNabTimestamp(`${where}: ${path} row ${row + 1}`, record[t] ?? ""),
        value: numberCell(where, path, row, "value", record[v]),
      };
      row++;
    }
  } finally {
    source.destroy();
  }
}

/**
 * The ground truth of the whole corpus resolved to rows (SCORING.md §0, §2): for each of the
 * 58 files, its row count and each window of `labels/combined_windows.json` as the inclusive
 * row range from the **first** row whose timestamp equals the window's start to the first row
 * whose timestamp equals its end. Reads the data files one at a time (only their timestamps are
 * kept while resolving).
 *
 * @remarks A boundary matching no row, or resolving to an end before its start, throws naming
 * the file and the boundary.
 * @param dir - the shared data folder, as {@link listNabFiles}.
 * @example
 * ```ts
 * import { loadNabLabels } from "streamine/datasets";
 * const labels = loadNabLabels();
 * expect(labels).toHaveLength(58);
 * expect(labels.reduce((n, f) => n + f.windows.length, 0)).toBe(116);
 * const taxi = labels.find((f) => f.name === "nyc_taxi");
 * expect(taxi?.rows).toBe(10320);
 * ```
 * @public
 */
export function loadNabLabels(dir?: string): NabLabelledFile[] {
  const where = "loadNabLabels";
  const json = readWindowsJson(where, dir);
  return Object.keys(json)
    .sort()
    .map((key) => {
      const ref = fileRef(key);
      const { timestamps } = loadNabSeries(ref, dir);
      const windowTimes = (json[key] ?? []).map(([start, end]) => ({
        start: parseNabTimestamp(`${where}: ${key}`, start),
        end: parseNabTimestamp(`${where}: ${key}`, end),
      }));
      const windows = windowTimes.map((w, k) => {
        const start = timestamps.indexOf(w.start);
        const end = timestamps.indexOf(w.end);
        const bounds = json[key]?.[k] ?? [];
        if (start < 0 || end < 0 || end < start) {
          throw new Error(`${where}: window ${k} [${bounds.join(", ")}] of ${key} does not resolve to rows (got ${start}..${end})`);
        }
        return { start, end };
      });
      return { ...ref, rows: timestamps.length, windows, windowTimes };
    });
}

function fileRef(file: string): NabFileRef {
  const m = /^([^/]+)\/([^/]+)\.csv$/.exec(file);
  if (m === null) throw new Error(`NAB: a corpus file is named <category>/<name>.csv, got ${JSON.stringify(file)}`);
  return { file, category: m[1] ?? "", name: m[2] ?? "" };
}

function readWindowsJson(where: string, dir: string | undefined): Record<string, [string, string][]> {
  const path = nabPath(dir, ...WINDOWS);
  const json = readNabJson(where, path);
  const ok =
    typeof json === "object" &&
    json !== null &&
    Object.values(json).every((ws) => Array.isArray(ws) && ws.every((w) => Array.isArray(w) && w.length === 2 && w.every((s) => typeof s === "string")));
  if (!ok) throw new Error(`${where}: ${path} must map "<category>/<name>.csv" to [[start, end], ...] timestamp strings`);
  return json as Record<string, [string, string][]>;
}
