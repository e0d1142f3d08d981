import { dataFile } from "./data-file.js";
import { streamTabular, type TabularColumns, type TabularSample } from "./tabular.js";
import { take } from "./take.js";

/**
 * What a dataset is for: `binary` (y boolean), `multiclass` (y a class name), `regression`
 * (y a number), `multiOutput` (multi-output regression, y a number[]), `anomaly` (y: inside a
 * labelled anomaly window), `itemsets` (samples are transactions). @public
 */
export type DatasetTask = "binary" | "multiclass" | "regression" | "multiOutput" | "anomaly" | "itemsets";

/** Options of a dataset's `load`. @public */
export interface LoadOptions {
  /** The shared data folder; default `$STREAMINE_DATA`, else the repository's `../shared/data`. */
  readonly dir?: string;
  /** Stop after this many samples (a non-negative integer); default: all of them. */
  readonly limit?: number;
}

/** A dataset of the shared data folder: what it holds, where it comes from, and a streaming `load`. @public */
export interface Dataset<S = unknown> {
  readonly name: string;
  readonly task: DatasetTask;
  /** The features, in the order of a sample's `x`; empty for itemsets. */
  readonly features: readonly string[];
  /** The target column(s); `null` for itemsets. */
  readonly target: string | readonly string[] | null;
  /** The number of samples `load` yields (measured). */
  readonly rows: number;
  /** How many samples have each target, keyed by `String(y)` (measured); `null` for regression and itemsets. */
  readonly labelCounts: Readonly<Record<string, number>> | null;
  /** Categorical features, each encoded as its index in its list (ordinal encoding); `{}` if none. */
  readonly categories: Readonly<Record<string, readonly string[]>>;
  /** The licence as the source states it. */
  readonly licence: string;
  /** Where the data comes from (repository, path, commit) and what was changed. */
  readonly source: string;
  /** The file, relative to the data folder (for NAB, the labels file beside the `nab/data/` series). */
  readonly file: string;
  /** Streams the samples in file order. Leaving the loop early closes the file. */
  load(options?: LoadOptions): AsyncIterable<S>;
}

/** Everything of a {@link Dataset} but what its columns say and `load`. @internal */
export type DatasetInfo = Omit<Dataset, "load" | "features" | "categories">;

/** `source` cut to `options.limit` samples when a limit is given. @internal */
export function limited<S>(source: AsyncIterable<S>, options: LoadOptions): AsyncIterable<S> {
  return options.limit === undefined ? source : take(source, options.limit);
}

/** A dataset read from one CSV file by {@link streamTabular}. @internal */
export function tabularDataset<Y>(info: DatasetInfo, columns: TabularColumns<Y>): Dataset<TabularSample<Y>> {
  async function* samples(dir: string | undefined): AsyncGenerator<TabularSample<Y>, void, undefined> {
    // resolved on the first `next()`, so a missing file fails where the loop starts
    yield* streamTabular(dataFile(info.name, info.file, info.source, dir), columns);
  }
  return {
    ...info,
    features: columns.features,
    categories: columns.categories ?? {},
    load: (options = {}) => limited(samples(options.dir), options),
  };
}
