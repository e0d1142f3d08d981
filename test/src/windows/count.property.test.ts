import fc from "fast-check";
import { describe, it } from "vitest";
import type { WindowSpec } from "./oracle.js";
import { AGGREGATE, FEW_KEYS, MANY_KEYS, PROCESS, REDUCE, checkAgainstOracle, expectExample, recordsOf, showEmission } from "./streams.js";

const countSpecs: fc.Arbitrary<WindowSpec> = fc.integer({ min: 1, max: 6 }).map((size) => ({ kind: "count", size }));

describe("count windows agree with the brute-force oracle", () => {
  it("aggregate, 1..20 keys", async () => {
    await checkAgainstOracle(countSpecs, FEW_KEYS, AGGREGATE, "default");
  });
  it("aggregate, up to 200 keys", async () => {
    await checkAgainstOracle(countSpecs, MANY_KEYS, AGGREGATE, "default", 100);
  });
  it("reduce", async () => {
    await checkAgainstOracle(countSpecs, FEW_KEYS, REDUCE, "default");
  });
  it("process", async () => {
    await checkAgainstOracle(countSpecs, FEW_KEYS, PROCESS, "default");
  });
});

// Expected outputs below are worked out by hand from the rules, not by the oracle; the example
// checks the oracle too.
describe("count windows: hand-checked examples", () => {
  const global = (key: string, ...ids: number[]): string => showEmission(key, -Infinity, Infinity, ids.join(","));

  it("every n records of a key in arrival order fire; the trailing partial window never does; nothing is late", async () => {
    // Timestamps jump far backwards (way past the bound): count windows ignore event time.
    const records = recordsOf([["a", 100], ["b", 0], ["a", 1], ["a", 500], ["b", -400], ["a", 2], ["a", 3]]);
    const expected = { emitted: [global("a", 0, 2), global("a", 3, 5), global("b", 1, 4)], late: [] };
    for (const batchSize of [1, 7, 64]) {
      const sc = { records, boundMs: 0, latenessMs: 0, batchSize };
      await expectExample({ kind: "count", size: 2 }, sc, AGGREGATE, "default", expected);
      await expectExample({ kind: "count", size: 2 }, sc, PROCESS, "default", expected);
    }
  });
});
