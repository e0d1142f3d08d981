// The FIMI transaction files as datasets: samples are transactions (number[] of item ids).
import { dataFile } from "./data-file.js";
import { limited, type Dataset, type DatasetInfo } from "./dataset.js";
import { streamFimiTransactions, type FimiFile } from "./fimi.js";

const FIMI_LICENCE = "none stated, research use (neither the source repositories nor FIMI state one; do not redistribute outside the project)";

function fimiDataset(info: Omit<DatasetInfo, "task" | "target" | "labelCounts" | "licence" | "file">, file: FimiFile): Dataset<number[]> {
  async function* transactions(dir: string | undefined): AsyncGenerator<number[], void, undefined> {
    dataFile(info.name, `fimi/${file}`, info.source, dir);
    yield* streamFimiTransactions(file, dir);
  }
  return {
    ...info,
    task: "itemsets",
    features: [],
    target: null,
    labelCounts: null,
    categories: {},
    licence: FIMI_LICENCE,
    file: `fimi/${file}`,
    load: (options = {}) => limited(transactions(options.dir), options),
  };
}

/** FIMI retail: 88,162 market baskets of a Belgian retail store (Brijs et al.), 16,470 items. @public */
export const retail = fimiDataset({ name: "retail", rows: 88_162, source: "JyotsnaT/Data-Mining, retail.dat, commit 58dfdf37 (the FIMI repository's file)" }, "retail.dat");

/** FIMI T10I4D100K: 100,000 synthetic transactions (IBM Quest generator), 870 distinct items. @public */
export const T10I4D100K = fimiDataset(
  { name: "T10I4D100K", rows: 100_000, source: "JakeShelley1/Apriori, T10I4D100K.dat, commit c1484bc1 (the FIMI repository's file)" },
  "T10I4D100K.dat",
);

/**
 * The first 36,682 transactions of FIMI kosarak (click streams; 17,034 items): a prefix only, for
 * long-tail smoke tests, never to compare with published kosarak results. @public
 */
export const kosarakPrefix = fimiDataset(
  { name: "kosarakPrefix", rows: 36_682, source: "berkin768/Apriori-Method-Analysis, kosarak.dat, commit 1a5a4a2e (truncated copy; first 36,682 complete lines kept, gzipped)" },
  "kosarak_prefix36682.dat.gz",
);
