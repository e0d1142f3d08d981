import fc from "fast-check";
import { describe, it } from "vitest";
import type { WindowSpec } from "./oracle.js";
import {
  AGGREGATE,
  AGGREGATE_NO_MERGE,
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

/** Sizes that are multiples of the slide, and sizes that are not (e.g. 10 / 4). */
const slidingSpecs: fc.Arbitrary<WindowSpec> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 4 }))
    .map(([slide, times]): WindowSpec => ({ kind: "sliding", size: slide * times, slide })),
  fc
    .tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 20 }))
    .map(([slide, extra]): WindowSpec => ({ kind: "sliding", size: slide + extra, slide })),
);
const PATHS: readonly OperatorPath[] = ["default", "general"];

describe("sliding windows agree with the brute-force oracle", () => {
  for (const path of PATHS) {
    it(`aggregate, ${path} path, 1..20 keys`, async () => {
      await checkAgainstOracle(slidingSpecs, FEW_KEYS, AGGREGATE, path);
    });
    it(`aggregate, ${path} path, up to 200 keys`, async () => {
      await checkAgainstOracle(slidingSpecs, MANY_KEYS, AGGREGATE, path, 100);
    });
    it(`reduce, ${path} path`, async () => {
      await checkAgainstOracle(slidingSpecs, FEW_KEYS, REDUCE, path);
    });
  }
  it("aggregate without merge (one accumulator per window)", async () => {
    await checkAgainstOracle(slidingSpecs, FEW_KEYS, AGGREGATE_NO_MERGE, "default");
  });
  it("process (ProcessWindowFunction over buffered elements)", async () => {
    await checkAgainstOracle(slidingSpecs, FEW_KEYS, PROCESS, "default");
  });
});

// Expected outputs below are worked out by hand from the rules, not by the oracle; each example
// checks the oracle too.
describe("sliding windows: hand-checked examples", () => {
  const sliding10by4: WindowSpec = { kind: "sliding", size: 10, slide: 4 };

  for (const path of PATHS) {
    it(`size 10, slide 4: a record joins every window whose start (a multiple of 4) is in (ts − 10, ts] (${path} path)`, async () => {
      // a@0 → starts −8, −4, 0; a@9 → 0, 4, 8; a@10 → 4, 8; a@−1 → −8, −4.
      const records = recordsOf([["a", 0], ["a", 9], ["a", 10], ["a", -1]]);
      await expectExample(sliding10by4, { records, boundMs: 100, latenessMs: 0, batchSize: 64 }, AGGREGATE, path, {
        emitted: [win("a", -8, 2, 0, 3), win("a", -4, 6, 0, 3), win("a", 0, 10, 0, 1), win("a", 4, 14, 1, 2), win("a", 8, 18, 1, 2)],
        late: [],
      });
    });

    it(`a record late for some of its windows joins the others; late for all, it goes to the side output once (${path} path)`, async () => {
      // batchSize 1, bound 0: a@20 → wm 19. a@11 (windows [4,14), [8,18): ends − 1 = 13, 17 ≤ 19)
      // is late. a@13 joins only [12,22) (end − 1 = 21 > 19). End: a@20's windows [12,22),
      // [16,26), [20,30) fire, [12,22) with both.
      const records = recordsOf([["a", 20], ["a", 11], ["a", 13]]);
      await expectExample(sliding10by4, { records, boundMs: 0, latenessMs: 0, batchSize: 1 }, AGGREGATE, path, {
        emitted: [win("a", 12, 22, 0, 2), win("a", 16, 26, 0), win("a", 20, 30, 0)],
        late: [1],
      });
    });

    it(`an allowed-late record fires each of its windows that is past the watermark but within lateness (${path} path)`, async () => {
      // lateness 3, batchSize 1, bound 0: a@5 (windows [-4,6), [0,10), [4,14)) → wm 4.
      // a@18 → wm 17 fires all three with {0} and drops them (ends − 1 + 3 = 8, 12, 16 ≤ 17).
      // a@12 meets wm 17: [4,14) is late (16 ≤ 17); [8,18) is allowed-late (17 ≤ 17 < 20): a new
      // window that fires at once with {2}; [12,22) is on time. End: a@18's windows
      // [12,22) = {1,2}, [16,26) = {1}; [8,18) does not fire again.
      const records = recordsOf([["a", 5], ["a", 18], ["a", 12]]);
      await expectExample(sliding10by4, { records, boundMs: 0, latenessMs: 3, batchSize: 1 }, AGGREGATE, path, {
        emitted: [win("a", -4, 6, 0), win("a", 0, 10, 0), win("a", 4, 14, 0), win("a", 8, 18, 2), win("a", 12, 22, 1, 2), win("a", 16, 26, 1)],
        late: [],
      });
    });
  }
});
