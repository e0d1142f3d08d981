import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AnomalyDetector } from "../../algorithms/base/estimator.js";
import { NAB_PROFILE_NAMES, NAB_PROFILES, optimiseNabThreshold, type NabOptimum, type NabProfileName } from "../../algorithms/evaluation/index.js";
import { loadNabLabels, loadNabSeries, type NabLabelledFile } from "../../datasets/index.js";

/** Options of {@link runNab}. */
export interface NabJobOptions {
  /** Name under which results files are written (`<detector>_<name>.csv`). */
  readonly detector: string;
  /** A fresh detector for each corpus file; it is fed one-element vectors `[value]`. */
  readonly create: () => AnomalyDetector;
  /** The shared data folder holding `nab/`; default as the NAB loaders. */
  readonly dataDir?: string;
  /** Writes NAB-format results files under `<resultsDir>/<detector>/<category>/`. */
  readonly resultsDir?: string;
  /** Only the first `files` corpus files (for quick runs); default all 58. */
  readonly files?: number;
  /** Called after each file with the rows done so far and the corpus total. */
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

/** What {@link runNab} measured. */
export interface NabJobResult {
  readonly files: number;
  readonly rows: number;
  readonly seconds: number;
  /** Per profile: the best threshold found by the sweep and the normalised score there. */
  readonly profiles: Readonly<Record<NabProfileName, NabOptimum>>;
}

const csvCell = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(17).replace(/0+$/, "").replace(/\.$/, ""));
const isoUtc = (ms: number): string => new Date(ms).toISOString().replace("T", " ").slice(0, 19);

/**
 * Runs a detector over the NAB corpus as NAB runs detectors: one fresh model per file, rows in
 * order, each scored before it is learned (score in [0, 1]); then scores the whole corpus under
 * the three profiles at the thresholds the sweep finds best (SCORING.md §6).
 */
export function runNab(options: NabJobOptions): NabJobResult {
  const started = performance.now();
  const labels = loadNabLabels(options.dataDir).slice(0, options.files ?? Infinity);
  const rowsTotal = labels.reduce((n, f) => n + f.rows, 0);
  const scored: { file: NabLabelledFile; scores: Float64Array }[] = [];
  let rowsDone = 0;
  for (const file of labels) {
    const series = loadNabSeries(file, options.dataDir);
    const detector = options.create();
    const scores = new Float64Array(series.values.length);
    const x = new Float64Array(1);
    for (let i = 0; i < scores.length; i++) {
      x[0] = series.values[i] as number;
      const s = detector.scoreOne(x);
      if (!(s >= 0 && s <= 1)) throw new Error(`${options.detector} scored ${s} at row ${i} of ${file.file}; NAB needs scores in [0, 1]`);
      scores[i] = s;
      detector.learnOne(x);
    }
    scored.push({ file, scores });
    if (options.resultsDir !== undefined) writeResults(options.resultsDir, options.detector, file, series.timestamps, series.values, scores);
    rowsDone += scores.length;
    options.onProgress?.(rowsDone, rowsTotal);
  }
  const profiles = Object.fromEntries(NAB_PROFILE_NAMES.map((p) => [p, optimiseNabThreshold(scored, NAB_PROFILES[p])])) as Record<NabProfileName, NabOptimum>;
  return { files: labels.length, rows: rowsDone, seconds: (performance.now() - started) / 1_000, profiles };
}

/** `<dir>/<detector>/<category>/<detector>_<name>.csv` with NAB's columns, rows aligned with the data file. */
function writeResults(dir: string, detector: string, file: NabLabelledFile, timestamps: Float64Array, values: Float64Array, scores: Float64Array): void {
  const inWindow = new Uint8Array(scores.length);
  for (const w of file.windows) inWindow.fill(1, w.start, w.end + 1);
  const lines = ["timestamp,value,anomaly_score,label"];
  for (let i = 0; i < scores.length; i++) {
    lines.push(`${isoUtc(timestamps[i] as number)},${csvCell(values[i] as number)},${csvCell(scores[i] as number)},${inWindow[i]}`);
  }
  const folder = join(dir, detector, file.category);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${detector}_${file.name}.csv`), `${lines.join("\n")}\n`);
}
