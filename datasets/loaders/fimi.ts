import { createReadStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { parse } from "csv-parse/sync";
import { checkExists, dataDir, readDataText } from "./data-dir.js";

/** The FIMI transaction files in the shared data folder's `fimi/`. @public */
export const fimiFiles = ["retail.dat", "T10I4D100K.dat", "kosarak_prefix36682.dat.gz"] as const;

/** One of {@link fimiFiles}. @public */
export type FimiFile = (typeof fimiFiles)[number];

/** One row of `fimi/reference_counts.csv`: how many itemsets are frequent at a support, by length. @public */
export interface FimiReferenceCount {
  readonly dataset: FimiFile;
  readonly transactions: number;
  readonly minSupport: number;
  /** The least count of a frequent itemset: ⌈minSupport · transactions⌉. */
  readonly minCount: number;
  readonly total: number;
  /** Number of frequent itemsets of each length (index 0 is length 1). */
  readonly byLength: readonly number[];
}

function fimiPath(where: string, file: string, dir: string | undefined): string {
  if (!(fimiFiles as readonly string[]).includes(file)) throw new Error(`${where}: unknown FIMI file ${JSON.stringify(file)}; expected one of ${fimiFiles.join(", ")}`);
  return join(dataDir(where, "fimi", dir), "fimi", file);
}

function parseLine(where: string, path: string, line: number, text: string): number[] {
  const items: number[] = [];
  for (const token of text.split(" ")) {
    if (token === "") continue;
    const item = Number(token);
    if (!Number.isSafeInteger(item) || item < 0) throw new Error(`${where}: ${path} line ${line}: item ${JSON.stringify(token)} is not a non-negative integer`);
    items.push(item);
  }
  return items;
}

/**
 * The transactions of a FIMI file, one array of integer items per line, read line by line
 * (gunzipped when the name ends in `.gz`), never holding the whole file.
 *
 * @remarks A missing file throws naming its path; a token that is not a non-negative integer
 * throws naming the line. Empty lines are skipped (FIMI files have none).
 * @param file - one of {@link fimiFiles}
 * @param dir - the shared data folder holding `fimi/`; default: `$STREAMINE_DATA`, else the
 * `shared/data` folder found beside an ancestor of this module (the repository's `../shared/data`).
 * @example
 * ```ts
 * import { streamFimiTransactions } from "streamine/datasets";
 * let n = 0;
 * for await (const t of streamFimiTransactions("retail.dat")) {
 *   if (n++ === 0) expect(t.slice(0, 3)).toEqual([0, 1, 2]);
 * }
 * expect(n).toBe(88162);
 * ```
 * @public
 */
export async function* streamFimiTransactions(file: FimiFile, dir?: string): AsyncGenerator<number[], void, undefined> {
  const where = "streamFimiTransactions";
  const path = fimiPath(where, file, dir);
  checkExists(where, path);
  const source = createReadStream(path);
  const lines = createInterface({ input: path.endsWith(".gz") ? source.pipe(createGunzip()) : source, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      const items = parseLine(where, path, line, text);
      if (items.length > 0) yield items;
    }
  } finally {
    lines.close();
    source.destroy();
  }
}

/**
 * All transactions of a FIMI file at once (the files are 1–4 MB): as {@link streamFimiTransactions}.
 * @example
 * ```ts
 * import { loadFimiTransactions } from "streamine/datasets";
 * const t = loadFimiTransactions("T10I4D100K.dat");
 * expect(t).toHaveLength(100000);
 * ```
 * @public
 */
export function loadFimiTransactions(file: FimiFile, dir?: string): number[][] {
  const where = "loadFimiTransactions";
  const path = fimiPath(where, file, dir);
  const out: number[][] = [];
  const lines = readDataText(where, path).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const items = parseLine(where, path, i + 1, lines[i] as string);
    if (items.length > 0) out.push(items);
  }
  return out;
}

/**
 * `fimi/reference_counts.csv`: the number of frequent itemsets per dataset and support, by
 * length, from an independent Eclat run (the ground truth `ExactItemsetMiner` is tested against).
 * @example
 * ```ts
 * import { loadFimiReferenceCounts } from "streamine/datasets";
 * const retail1 = loadFimiReferenceCounts().find((r) => r.dataset === "retail.dat" && r.minSupport === 0.01);
 * expect(retail1?.total).toBe(159);
 * expect(retail1?.byLength).toEqual([70, 58, 25, 6]);
 * ```
 * @public
 */
export function loadFimiReferenceCounts(dir?: string): FimiReferenceCount[] {
  const where = "loadFimiReferenceCounts";
  const path = join(dataDir(where, "fimi", dir), "fimi", "reference_counts.csv");
  const rows = parse(readDataText(where, path), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((row, i) => {
    const dataset = row["dataset"] as FimiFile;
    if (!(fimiFiles as readonly string[]).includes(dataset)) throw new Error(`${where}: ${path} row ${i + 2}: unknown dataset ${JSON.stringify(dataset)}`);
    const byLength: number[] = [];
    for (const part of (row["by_length"] ?? "").split(" ")) {
      const [length, count] = part.split(":").map(Number);
      if (length !== byLength.length + 1 || !Number.isInteger(count)) throw new Error(`${where}: ${path} row ${i + 2}: by_length ${JSON.stringify(row["by_length"])} is not "1:n 2:n …"`);
      byLength.push(count as number);
    }
    return {
      dataset,
      transactions: Number(row["transactions"]),
      minSupport: Number(row["min_support_fraction"]),
      minCount: Number(row["min_count"]),
      total: Number(row["frequent_itemsets_total"]),
      byLength,
    };
  });
}
