import fc from "fast-check";
import { describe, it } from "vitest";
import type { WindowSpec } from "./oracle.js";
import {
  AGGREGATE,
  FEW_KEYS,
  MANY_KEYS,
  PROCESS,
  REDUCE,
  checkAgainstOracle,
  recordsOf,
  expectExample,
  win,
  type OperatorPath,
} from "./streams.js";

const tumblingSpecs: fc.Arbitrary<WindowSpec> = fc.integer({ min: 1, max: 25 }).map((size) => ({ kind: "tumbling", size }));
const PATHS: readonly OperatorPath[] = ["default", "general"];

describe("tumbling windows agree with the brute-force oracle", () => {
  for (const path of PATHS) {
    it(`aggregate, ${path} path, 1..20 keys`, async () => {
      await checkAgainstOracle(tumblingSpecs, FEW_KEYS, AGGREGATE, path);
    });
    it(`aggregate, ${path} path, up to 200 keys`, async () => {
      await checkAgainstOracle(tumblingSpecs, MANY_KEYS, AGGREGATE, path, 100);
    });
    it(`reduce, ${path} path`, async () => {
      await checkAgainstOracle(tumblingSpecs, FEW_KEYS, REDUCE, path);
    });
  }
  it("process (ProcessWindowFunction over buffered elements)", async () => {
    await checkAgainstOracle(tumblingSpecs, FEW_KEYS, PROCESS, "default");
  });
});

// Expected outputs below are worked out by hand from the rules, not by the oracle; each example
// checks the oracle too.
describe("tumbling windows: hand-checked examples", () => {
  const tumbling10: WindowSpec = { kind: "tumbling", size: 10 };

  for (const path of PATHS) {
    it(`judges a record against the previous batch's watermark (${path} path)`, async () => {
      const records = recordsOf([["a", 15], ["a", 3], ["a", 5], ["a", 12]]);
      // batchSize 2: a@15 and a@3 share a batch, so both meet watermark −∞ and a@3 is on time.
      // The watermark after the batch, 15 − 0 − 1 = 14, fires [0,10) = {1}; then a@5 meets 14 and
      // is late (9 ≤ 14); a@12 joins [10,20), which fires at the end with {0,3}.
      await expectExample(tumbling10, { records, boundMs: 0, latenessMs: 0, batchSize: 2 }, AGGREGATE, path, {
        emitted: [win("a", 0, 10, 1), win("a", 10, 20, 0, 3)],
        late: [2],
      });
      // batchSize 1: the watermark is 14 right after a@15, so a@3 and a@5 are both late.
      await expectExample(tumbling10, { records, boundMs: 0, latenessMs: 0, batchSize: 1 }, AGGREGATE, path, {
        emitted: [win("a", 10, 20, 0, 3)],
        late: [1, 2],
      });
    });

    it(`a record exactly at the lateness boundary is late; one ms earlier it re-fires (${path} path)`, async () => {
      // lateness 5: [0,10) is late once 9 + 5 ≤ watermark, i.e. watermark ≥ 14.
      // a@1, then a@15 → wm 14: [0,10) fires {0} and is dropped; a@2 is late.
      await expectExample(tumbling10, { records: recordsOf([["a", 1], ["a", 15], ["a", 2]]), boundMs: 0, latenessMs: 5, batchSize: 1 }, AGGREGATE, path, {
        emitted: [win("a", 0, 10, 0), win("a", 10, 20, 1)],
        late: [2],
      });
      // a@1, then a@14 → wm 13: [0,10) fires {0} and is kept; a@2 is allowed-late and re-fires it
      // at once with {0,2}. The final +∞ watermark fires [10,20) only: a fired window does not
      // fire again.
      await expectExample(tumbling10, { records: recordsOf([["a", 1], ["a", 14], ["a", 2]]), boundMs: 0, latenessMs: 5, batchSize: 1 }, AGGREGATE, path, {
        emitted: [win("a", 0, 10, 0), win("a", 0, 10, 0, 2), win("a", 10, 20, 1)],
        late: [],
      });
    });

    it(`an allowed-late record re-fires only its own key's window (${path} path)`, async () => {
      // bound 2, lateness 10, batchSize 3. Batch [a@1, b@4, a@13] → wm 13 − 2 − 1 = 10 fires [0,10)
      // of a = {0} and of b = {1}. Batch [b@7, a@21, a@0] meets wm 10: b@7 re-fires b's [0,10) =
      // {1,3}; a@0 re-fires a's [0,10) = {0,5}; then wm 21 − 3 = 18 fires a's [10,20) = {2}, and
      // [0,10) is kept until wm ≥ 9 + 10 = 19. Batch [a@9] meets wm 18: allowed-late, re-fires a's
      // [0,10) = {0,5,6}. End: a's [20,30) = {4}.
      const records = recordsOf([["a", 1], ["b", 4], ["a", 13], ["b", 7], ["a", 21], ["a", 0], ["a", 9]]);
      await expectExample(tumbling10, { records, boundMs: 2, latenessMs: 10, batchSize: 3 }, AGGREGATE, path, {
        emitted: [
          win("a", 0, 10, 0),
          win("b", 0, 10, 1),
          win("b", 0, 10, 1, 3),
          win("a", 0, 10, 0, 5),
          win("a", 10, 20, 2),
          win("a", 0, 10, 0, 5, 6),
          win("a", 20, 30, 4),
        ],
        late: [],
      });
    });
  }

  it("negative timestamps use floor-aligned windows", async () => {
    // −1 and −10 share [-10,0); −11 is in [-20,-10); 0 starts [0,10).
    const records = recordsOf([["a", -1], ["a", -10], ["a", -11], ["a", 0]]);
    await expectExample(tumbling10, { records, boundMs: 50, latenessMs: 0, batchSize: 64 }, AGGREGATE, "default", {
      emitted: [win("a", -20, -10, 2), win("a", -10, 0, 0, 1), win("a", 0, 10, 3)],
      late: [],
    });
  });
});
