import fc from "fast-check";
import { describe, it } from "vitest";
import type { WindowSpec } from "./oracle.js";
import { AGGREGATE, FEW_KEYS, MANY_KEYS, PROCESS, REDUCE, checkAgainstOracle, expectExample, recordsOf, win } from "./streams.js";

const sessionSpecs: fc.Arbitrary<WindowSpec> = fc.integer({ min: 1, max: 25 }).map((gap) => ({ kind: "session", gap }));

// Sessions always run on the general (merging) window operator.
describe("session windows agree with the brute-force oracle", () => {
  it("aggregate, 1..20 keys", async () => {
    await checkAgainstOracle(sessionSpecs, FEW_KEYS, AGGREGATE, "default");
  });
  it("aggregate, up to 200 keys", async () => {
    await checkAgainstOracle(sessionSpecs, MANY_KEYS, AGGREGATE, "default", 100);
  });
  it("reduce", async () => {
    await checkAgainstOracle(sessionSpecs, FEW_KEYS, REDUCE, "default");
  });
  it("process (ProcessWindowFunction over merged buffers)", async () => {
    await checkAgainstOracle(sessionSpecs, FEW_KEYS, PROCESS, "default");
  });
});

// Expected outputs below are worked out by hand from the rules, not by the oracle; each example
// checks the oracle too.
describe("session windows: hand-checked examples", () => {
  const gap10: WindowSpec = { kind: "session", gap: 10 };

  it("sessions that touch merge (end = start), and merging can chain", async () => {
    // a@0 → [0,10); a@20 → [20,30); a@10 → [10,20) touches both → [0,30). b@5 stays alone.
    const records = recordsOf([["a", 0], ["a", 20], ["b", 5], ["a", 10]]);
    await expectExample(gap10, { records, boundMs: 100, latenessMs: 0, batchSize: 64 }, AGGREGATE, "default", {
      emitted: [win("a", 0, 30, 0, 1, 3), win("b", 5, 15, 2)],
      late: [],
    });
  });

  it("lateness is judged on the merged window: a record late on its own joins a live session it touches", async () => {
    // bound 0, lateness 0, batchSize 1. a@100 → [100,110), wm 99. a@115 → [115,125), wm 114:
    // [100,110) fires {0} and is dropped. a@105: alone, [105,115) has end − 1 = 114 ≤ 114 (late),
    // but it touches [115,125), and the merge [105,125) (end − 1 = 124 > 114) is live: accepted,
    // not fired yet. a@94: [94,104) touches nothing live: late. End: [105,125) = {1,2}.
    const records = recordsOf([["a", 100], ["a", 115], ["a", 105], ["a", 94]]);
    await expectExample(gap10, { records, boundMs: 0, latenessMs: 0, batchSize: 1 }, AGGREGATE, "default", {
      emitted: [win("a", 100, 110, 0), win("a", 105, 125, 1, 2)],
      late: [3],
    });
  });

  it("allowed-late records merge into fired sessions and re-fire the merged window at once", async () => {
    // bound 0, lateness 25, batchSize 1. a@100 → [100,110), wm 99. a@130 → wm 129 fires
    // [100,110) = {0}; it is kept (109 + 25 > 129). a@95 → [95,105) merges into [95,110):
    // end − 1 = 109 ≤ 129, so it re-fires at once with {0,2}. a@112 → [112,122) alone, allowed-late:
    // fires at once with {3}. a@105 → [105,115) touches [95,110) and [112,122): merged [95,122),
    // end − 1 = 121 ≤ 129: fires at once with {0,2,3,4}. End: [130,140) = {1}.
    const records = recordsOf([["a", 100], ["a", 130], ["a", 95], ["a", 112], ["a", 105]]);
    const expected = {
      emitted: [win("a", 100, 110, 0), win("a", 95, 110, 0, 2), win("a", 112, 122, 3), win("a", 95, 122, 0, 2, 3, 4), win("a", 130, 140, 1)],
      late: [],
    };
    const sc = { records, boundMs: 0, latenessMs: 25, batchSize: 1 };
    await expectExample(gap10, sc, AGGREGATE, "default", expected);
    await expectExample(gap10, sc, REDUCE, "default", expected);
    await expectExample(gap10, sc, PROCESS, "default", expected);
  });

  it("a merge whose end is past the watermark waits for the watermark", async () => {
    // bound 0, lateness 20, batchSize 1. a@0 → [0,10), wm −1. a@15 → wm 14 fires [0,10) = {0}
    // (kept: 9 + 20 > 14); [15,25) is open. a@9 → [9,19) touches [0,10) and [15,25): merged
    // [0,25), end − 1 = 24 > 14, so no fire now. End: [0,25) = {0,1,2}.
    const records = recordsOf([["a", 0], ["a", 15], ["a", 9]]);
    await expectExample(gap10, { records, boundMs: 0, latenessMs: 20, batchSize: 1 }, AGGREGATE, "default", {
      emitted: [win("a", 0, 10, 0), win("a", 0, 25, 0, 1, 2)],
      late: [],
    });
  });
});
