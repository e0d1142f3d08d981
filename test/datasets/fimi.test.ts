import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { fimiFiles, loadFimiReferenceCounts, loadFimiTransactions, streamFimiTransactions, type FimiFile } from "streamine/datasets";

async function collect(file: FimiFile, dir?: string): Promise<number[][]> {
  const out: number[][] = [];
  for await (const t of streamFimiTransactions(file, dir)) out.push(t);
  return out;
}

// The figures of the data folder's README (the FIMI repository's published statistics).
const published: Record<FimiFile, { transactions: number; distinct: number; maxLength: number }> = {
  "retail.dat": { transactions: 88162, distinct: 16470, maxLength: 76 },
  "T10I4D100K.dat": { transactions: 100000, distinct: 870, maxLength: 29 },
  "kosarak_prefix36682.dat.gz": { transactions: 36682, distinct: 17034, maxLength: 699 },
};

describe("FIMI transaction files", () => {
  it.each(fimiFiles.map((f) => [f]))("%s: streamed and loaded alike, with the published statistics", async (file) => {
    const loaded = loadFimiTransactions(file);
    const streamed = await collect(file);
    expect(streamed).toEqual(loaded);
    const { transactions, distinct, maxLength } = published[file];
    expect(loaded).toHaveLength(transactions);
    expect(new Set(loaded.flat()).size).toBe(distinct);
    expect(Math.max(...loaded.map((t) => t.length))).toBe(maxLength);
  });

  it("reads the reference counts, whose totals are the sums by length", () => {
    const rows = loadFimiReferenceCounts();
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      expect(r.byLength.reduce((a, b) => a + b, 0)).toBe(r.total);
      expect(r.minCount).toBe(Math.ceil(r.minSupport * r.transactions - 1e-9));
    }
    expect(rows.find((r) => r.dataset === "T10I4D100K.dat" && r.minSupport === 0.01)?.total).toBe(385);
  });
});

describe("FIMI loaders fail clearly", () => {
  const dir = mkdtempSync(join(tmpdir(), "streamine-fimi-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("name the missing file's path", async () => {
    const missing = join(dir, "fimi", "retail.dat");
    expect(() => loadFimiTransactions("retail.dat", dir)).toThrow(missing);
    await expect(collect("retail.dat", dir)).rejects.toThrow(`streamFimiTransactions: missing file ${missing}`);
    expect(() => loadFimiReferenceCounts(dir)).toThrow(join(dir, "fimi", "reference_counts.csv"));
  });

  it("name an unknown file", () => {
    expect(() => loadFimiTransactions("mushroom.dat" as FimiFile)).toThrow(/unknown FIMI file "mushroom.dat"; expected one of retail.dat/);
  });

  it("name the line of a token that is not a non-negative integer, gzipped or not", async () => {
    mkdirSync(join(dir, "fimi"), { recursive: true });
    writeFileSync(join(dir, "fimi", "retail.dat"), "1 2 3 \n4 x 5 \n");
    writeFileSync(join(dir, "fimi", "kosarak_prefix36682.dat.gz"), gzipSync("7 8\n\n9 -1\n"));
    expect(() => loadFimiTransactions("retail.dat", dir)).toThrow(/retail\.dat line 2: item "x" is not a non-negative integer/);
    await expect(collect("kosarak_prefix36682.dat.gz", dir)).rejects.toThrow(/line 3: item "-1" is not a non-negative integer/);
  });

  it("skip empty lines and FIMI's trailing spaces", async () => {
    writeFileSync(join(dir, "fimi", "T10I4D100K.dat"), "3 1 \n\n 2  5\n");
    expect(loadFimiTransactions("T10I4D100K.dat", dir)).toEqual([[3, 1], [2, 5]]);
    expect(await collect("T10I4D100K.dat", dir)).toEqual([[3, 1], [2, 5]]);
  });
});
