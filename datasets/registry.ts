// The real datasets of the shared data folder by name (STYLE §1: name → task, features, rows, licence, load).
import type { Dataset } from "./loaders/dataset.js";
import { elec2 } from "./loaders/elec2.js";
import { T10I4D100K, kosarakPrefix, retail } from "./loaders/fimi-sets.js";
import { nab } from "./loaders/nab-corpus.js";
import { banana, phishing, segment } from "./loaders/river-classification.js";
import { airlinePassengers, chickWeights, solarFlare, trumpApproval } from "./loaders/river-regression.js";

/**
 * The datasets of the shared data folder (see its README.md), by name. Each entry says what it
 * holds (`task`, `features`, `target`, `rows`, `labelCounts`, ordinal `categories`), where it comes
 * from (`source`, `licence`, `file`) and streams its samples with `load({ dir?, limit? })`:
 * tabular sets yield `{ x: number[], y }`, `nab` yields `{ key, row, timestamp, x: [value], y }`,
 * the itemset files yield transactions (`number[]`).
 *
 * @remarks The data folder is `dir`, else `$STREAMINE_DATA`, else the repository's
 * `../shared/data` (found beside an ancestor of the package, as during development). A missing
 * file throws naming its full path and how to obtain it. Files are read as streams (gunzipped when
 * `.gz`), one file open at a time, closed when the loop ends early.
 * @example
 * ```ts
 * import { datasets } from "streamine/datasets";
 * expect(datasets.elec2.rows).toBe(45312);
 * const first = [];
 * for await (const s of datasets.elec2.load({ limit: 2 })) first.push(s);
 * // elec2.csv starts "0.0,0.05644299999999999,0.439155,0.003467,0.422915,0.414912,1"
 * expect(first[0]).toEqual({ x: [0, 0.05644299999999999, 0.439155, 0.003467, 0.422915, 0.414912], y: true });
 * expect(first).toHaveLength(2);
 * ```
 * @public
 */
export const datasets = {
  elec2,
  phishing,
  banana,
  segment,
  trumpApproval,
  chickWeights,
  airlinePassengers,
  solarFlare,
  nab,
  retail,
  T10I4D100K,
  kosarakPrefix,
} as const satisfies Record<string, Dataset>;

/** The name of one of {@link datasets}. @public */
export type DatasetName = keyof typeof datasets;

/**
 * The dataset called `name`; an unknown name throws listing the known ones.
 * @example
 * ```ts
 * import { dataset } from "streamine/datasets";
 * expect(dataset("banana").features).toEqual(["x1", "x2"]);
 * expect(() => dataset("iris")).toThrow(/unknown dataset "iris".*banana/);
 * ```
 * @public
 */
export function dataset(name: string): Dataset {
  if (!Object.hasOwn(datasets, name)) {
    throw new Error(`dataset: unknown dataset ${JSON.stringify(name)}; known: ${Object.keys(datasets).join(", ")}`);
  }
  return datasets[name as DatasetName];
}
