import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { dataDir, readDataText } from "./data-dir.js";

/** One sample of a River regression dataset: the features in `featureNames` order and the target. @public */
export interface RiverSample {
  readonly x: Float64Array;
  readonly y: number;
}

/**
 * The features of TrumpApproval, in file order (River `datasets.TrumpApproval`): the date as a
 * proleptic Gregorian ordinal (day 1 = 0001-01-01, as Python's `date.toordinal`, kept as a number,
 * not parsed) and five pollsters' approval ratings in percent. @public
 */
export const trumpApprovalFeatures = ["ordinal_date", "gallup", "ipsos", "morning_consult", "rasmussen", "you_gov"] as const;

/** The features of ChickWeights, in file order (River `datasets.ChickWeights`): day, chick id, diet (1–4). @public */
export const chickWeightsFeatures = ["time", "chick", "diet"] as const;

/**
 * Donald Trump's approval ratings (River `datasets.TrumpApproval`, from FiveThirtyEight): 1,001
 * daily samples, 6 features ({@link trumpApprovalFeatures}), target `five_thirty_eight`, the
 * approval rating of FiveThirtyEight's model in percent. Regression.
 *
 * @remarks Reads `river/trump_approval.csv.gz` at call time. Samples come in file (date) order.
 * @param dir - the shared data folder holding `river/`; default: `$STREAMINE_DATA`, else the
 * `shared/data` folder found beside an ancestor of this module (the repository's `../shared/data`).
 * @example
 * ```ts
 * import { loadTrumpApproval, trumpApprovalFeatures } from "streamine/datasets";
 * const data = loadTrumpApproval();
 * expect(data).toHaveLength(1001);
 * expect(trumpApprovalFeatures).toHaveLength(6);
 * expect(data[0]?.x[0]).toBe(736389); // ordinal_date of the first row
 * expect(data[0]?.y).toBe(43.75505);
 * ```
 * @public
 */
export function loadTrumpApproval(dir?: string): RiverSample[] {
  const text = readDataText("loadTrumpApproval", join(dir ?? defaultDataDir(), "river", "trump_approval.csv.gz"));
  return toSamples("loadTrumpApproval", text, trumpApprovalFeatures, "five_thirty_eight");
}

/**
 * Weights of chicks on four diets along time (River `datasets.ChickWeights`, R's `ChickWeight`):
 * 578 samples, 3 features ({@link chickWeightsFeatures}), target `weight` in grams. Regression.
 *
 * @remarks Reads `river/chick-weights.csv` at call time. Samples are ordered by time, then chick,
 * as in the file; `chick` is a natural key for keyed streams.
 * @param dir - the shared data folder holding `river/`; default as {@link loadTrumpApproval}.
 * @example
 * ```ts
 * import { chickWeightsFeatures, loadChickWeights } from "streamine/datasets";
 * const data = loadChickWeights();
 * expect(data).toHaveLength(578);
 * expect(chickWeightsFeatures).toEqual(["time", "chick", "diet"]);
 * expect([...(data[0]?.x ?? [])]).toEqual([0, 1, 1]); // day 0, chick 1, diet 1
 * expect(data[0]?.y).toBe(42);
 * ```
 * @public
 */
export function loadChickWeights(dir?: string): RiverSample[] {
  const text = readDataText("loadChickWeights", join(dir ?? defaultDataDir(), "river", "chick-weights.csv"));
  return toSamples("loadChickWeights", text, chickWeightsFeatures, "weight");
}

function toSamples(where: string, text: string, features: readonly string[], target: string): RiverSample[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return rows.map((row, i) => {
    const x = new Float64Array(features.length);
    features.forEach((name, j) => (x[j] = numberAt(where, row, name, i)));
    return { x, y: numberAt(where, row, target, i) };
  });
}

function numberAt(where: string, row: Record<string, string>, column: string, i: number): number {
  const raw = row[column];
  const v = raw === undefined || raw === "" ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new Error(`${where}: row ${i + 1}, column ${column}: expected a number, got ${String(raw)}`);
  return v;
}

function defaultDataDir(): string {
  return dataDir("River datasets", "river");
}
