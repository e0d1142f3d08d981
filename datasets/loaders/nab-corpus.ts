import { dataFile } from "./data-file.js";
import { limited, type Dataset } from "./dataset.js";
import { loadNabLabels, streamNabSeries, type NabRowRange } from "./nab.js";

/** One row of the NAB corpus as a labelled sample. @public */
export interface NabSample {
  /** The file, `<category>/<name>.csv`: a natural key for keyed streams. */
  readonly key: string;
  /** The row's 0-based position in its file. */
  readonly row: number;
  /** Epoch ms, read as UTC; may repeat or go backwards within a file (use `row` for order). */
  readonly timestamp: number;
  readonly x: [value: number];
  /** Ground truth: the row lies inside one of the file's labelled anomaly windows. */
  readonly y: boolean;
}

const LABELS = "nab/labels/combined_windows.json";
const SOURCE = "numenta/NAB, data/** and labels/combined_windows.json, commit ea702d75 (NAB v1.1)";

function inside(windows: readonly NabRowRange[], row: number): boolean {
  for (const w of windows) if (row >= w.start && row <= w.end) return true;
  return false;
}

/**
 * Every labelled NAB file's rows, file after file (sorted by key), each row marked when it lies
 * inside one of the file's anomaly windows.
 *
 * @remarks The windows come from `loadNabLabels`, which resolves them to rows reading the files
 * one at a time; the rows are then streamed with `streamNabSeries`, one file open at a time.
 * @param dir - the shared data folder holding `nab/`; default `$STREAMINE_DATA`, else `../shared/data`.
 * @example
 * ```ts
 * import { streamNabCorpus, take } from "streamine/datasets";
 * const first = [];
 * for await (const s of take(streamNabCorpus(), 2)) first.push(s);
 * // artificialNoAnomaly/art_daily_no_noise.csv starts "2014-04-01 00:00:00,20.0"
 * expect(first[0]).toEqual({ key: "artificialNoAnomaly/art_daily_no_noise.csv", row: 0, timestamp: Date.UTC(2014, 3, 1), x: [20], y: false });
 * expect(first[1]?.row).toBe(1);
 * ```
 * @public
 */
export async function* streamNabCorpus(dir?: string): AsyncGenerator<NabSample, void, undefined> {
  dataFile("nab", LABELS, SOURCE, dir);
  for (const file of loadNabLabels(dir)) {
    for await (const r of streamNabSeries(file, dir)) {
      yield { key: file.file, row: r.row, timestamp: r.timestamp, x: [r.value], y: inside(file.windows, r.row) };
    }
  }
}

/**
 * The NAB v1.1 corpus (58 series, 365,558 rows) as one anomaly-detection stream: see
 * {@link streamNabCorpus}. 33,495 rows lie in the 116 labelled windows. @public
 */
export const nab: Dataset<NabSample> = {
  name: "nab",
  task: "anomaly",
  features: ["value"],
  target: "inside a labelled anomaly window (labels/combined_windows.json)",
  rows: 365_558,
  labelCounts: { true: 33_495, false: 332_063 },
  categories: {},
  licence: "MIT (numenta/NAB LICENSE.txt, Copyright 2014-2024 Numenta Inc.; AGPL-3.0 from 2015 until that commit)",
  source: `${SOURCE}; cite Ahmad, Lavin, Purdy, Agha (2017), Neurocomputing, doi 10.1016/j.neucom.2017.04.070`,
  file: LABELS,
  load: (options = {}) => limited(streamNabCorpus(options.dir), options),
};
