import { existsSync } from "node:fs";
import { join } from "node:path";
import { columnOf, nabPath, numberCell, readNabCsv } from "./nab-files.js";

/** Where a detector's NAB results live. @public */
export interface NabResultsOptions {
  /** The shared data folder holding `nab/`; default as `listNabFiles`. */
  dir?: string;
  /** The results root holding `<detector>/…`; default `<dir>/nab/reference_results` (NAB's published outputs). */
  resultsDir?: string;
}

/** NAB's per-file counts and score, one row of a published `<detector>_<profile>_scores.csv`. @public */
export interface NabScoresRow {
  readonly file: string;
  readonly threshold: number;
  readonly score: number;
  readonly tp: number;
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
  /** The file's full row count, probation included (TP/TN/FP/FN exclude it). */
  readonly totalCount: number;
}

/** A published `<detector>_<profile>_scores.csv`: the per-file rows and the `Totals` row. @public */
export interface NabScoresTable {
  readonly files: readonly NabScoresRow[];
  readonly totals: Omit<NabScoresRow, "file" | "threshold">;
}

/**
 * A detector's `anomaly_score` column for one corpus file, in row order, from NAB's results
 * layout `<resultsDir>/<detector>/<category>/<detector>_<name>.csv` (or the same gzipped,
 * `.csv.gz`, as the reference results are stored).
 *
 * @param detector - the detector's folder name, e.g. `"numenta"`.
 * @param file - the corpus file, `<category>/<name>.csv`.
 * @param options - `{ dir, resultsDir }`, see {@link NabResultsOptions}.
 * @example
 * ```ts
 * import { loadNabDetectorScores } from "streamine/datasets";
 * const scores = loadNabDetectorScores("null", "realKnownCause/nyc_taxi.csv");
 * expect(scores).toHaveLength(10320);
 * expect(scores.every((s) => s === 0.5)).toBe(true); // NAB's null detector
 * ```
 * @public
 */
export function loadNabDetectorScores(detector: string, file: string, options?: NabResultsOptions): Float64Array {
  const where = "loadNabDetectorScores";
  const m = /^([^/]+)\/([^/]+)\.csv$/.exec(file);
  if (m === null) throw new Error(`${where}: a corpus file is named <category>/<name>.csv, got ${JSON.stringify(file)}`);
  const plain = join(resultsRoot(options), detector, m[1] ?? "", `${detector}_${m[2] ?? ""}.csv`);
  const path = existsSync(plain) || !existsSync(`${plain}.gz`) ? plain : `${plain}.gz`;
  const { header, rows } = readNabCsv(where, path);
  const at = columnOf(where, path, header, "anomaly_score");
  const scores = new Float64Array(rows.length);
  rows.forEach((r, i) => (scores[i] = numberCell(where, path, i, "anomaly_score", r[at])));
  return scores;
}

/**
 * A published per-file score table, `<resultsDir>/<detector>/<detector>_<profile>_scores.csv`
 * (columns Detector, Profile, File, Threshold, Score, TP, TN, FP, FN, Total_Count, and a final
 * `Totals` row).
 *
 * @param detector - e.g. `"windowedGaussian"`.
 * @param profile - e.g. `"standard"`.
 * @param options - `{ dir, resultsDir }`, see {@link NabResultsOptions}.
 * @example
 * ```ts
 * import { loadNabScoresTable } from "streamine/datasets";
 * const table = loadNabScoresTable("null", "reward_low_FN_rate");
 * expect(table.files).toHaveLength(58);
 * expect(table.totals.score).toBe(-232); // 116 windows missed at 2 each
 * ```
 * @public
 */
export function loadNabScoresTable(detector: string, profile: string, options?: NabResultsOptions): NabScoresTable {
  const where = "loadNabScoresTable";
  const path = join(resultsRoot(options), detector, `${detector}_${profile}_scores.csv`);
  const { header, rows } = readNabCsv(where, path);
  const col = (name: string): number => columnOf(where, path, header, name);
  const [file, threshold, score, tp, tn, fp, fn, total] = ["File", "Threshold", "Score", "TP", "TN", "FP", "FN", "Total_Count"].map(col);
  const num = (r: string[], i: number, c: number | undefined, name: string): number => numberCell(where, path, i, name, r[c ?? -1]);
  const counts = (r: string[], i: number): NabScoresTable["totals"] => ({
    score: num(r, i, score, "Score"),
    tp: num(r, i, tp, "TP"),
    tn: num(r, i, tn, "TN"),
    fp: num(r, i, fp, "FP"),
    fn: num(r, i, fn, "FN"),
    totalCount: num(r, i, total, "Total_Count"),
  });
  const totalsAt = rows.findIndex((r) => r[0] === "Totals");
  const totalsRow = rows[totalsAt];
  if (totalsRow === undefined) throw new Error(`${where}: ${path} has no Totals row`);
  const files = rows
    .filter((_, i) => i !== totalsAt)
    .map((r, i) => ({ file: r[file ?? -1] ?? "", threshold: num(r, i, threshold, "Threshold"), ...counts(r, i) }));
  return { files, totals: counts(totalsRow, totalsAt) };
}

function resultsRoot(options: NabResultsOptions | undefined): string {
  return options?.resultsDir ?? nabPath(options?.dir, "reference_results");
}
