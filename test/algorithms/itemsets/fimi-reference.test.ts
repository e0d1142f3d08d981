// ExactItemsetMiner against fimi/reference_counts.csv: the number of frequent itemsets of each
// length from an independent Eclat run, per dataset and support (the FIMI workshop files).
import { describe, expect, it } from "vitest";
import { ExactItemsetMiner } from "streamine/algorithms";
import { fimiFiles, loadFimiReferenceCounts, loadFimiTransactions, type FimiFile } from "streamine/datasets";

const references = loadFimiReferenceCounts();

function learnt(file: FimiFile): ExactItemsetMiner {
  const miner = new ExactItemsetMiner();
  for (const t of loadFimiTransactions(file)) miner.learnOne(t);
  return miner;
}

describe.each(fimiFiles.map((file) => [file] as const))("ExactItemsetMiner on %s", (file) => {
  const rows = references.filter((r) => r.dataset === file);
  const miner = learnt(file);

  it("has reference rows and learns every transaction", () => {
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect(miner.transactions).toBe(row.transactions);
  });

  it.each(rows.map((r) => [r.minSupport, r] as const))("finds the reference number of itemsets of each length at support %s", (_s, row) => {
    const found = miner.frequent(row.minSupport);
    const byLength: number[] = [];
    for (const { items } of found) byLength[items.length - 1] = (byLength[items.length - 1] ?? 0) + 1;
    expect(byLength).toEqual(row.byLength);
    expect(found).toHaveLength(row.total);
    expect(Math.min(...found.map((f) => f.count))).toBeGreaterThanOrEqual(row.minCount);
  });
});
