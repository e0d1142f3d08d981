// The slice operator over long streams whose keys come and go: its results equal those of the
// general window operator (itself checked against the oracle), and its state (slices, blocks,
// key ids) stays bounded by the live keys instead of growing with every key ever seen.
import { Random } from "streamine/algorithms";
import { describe, expect, it } from "vitest";
import { sliding, triggers, tumbling, type AggregateFunction, type WindowAssigner, type WindowResult } from "streamine";
import type { SliceWindowAggregateOperator } from "../../../src/operators/slice-window-aggregate.js";
import { harness } from "../harness.js";

interface Rec {
  k: string;
  v: number;
}

// Collects values in arrival order: merge order and accumulator sharing mistakes both show.
const collect: AggregateFunction<Rec, number[], string> = {
  createAccumulator: () => [],
  add: (r, acc) => {
    acc.push(r.v);
    return acc;
  },
  merge: (a, b) => {
    a.push(...b);
    return a;
  },
  getResult: (acc) => [...acc].sort((x, y) => x - y).join(","),
};

/** A stream where each key lives for a few seconds of event time, then never comes back. */
function churningStream(seed: number, records: number): [Rec, number][] {
  const random = new Random(seed);
  const out: [Rec, number][] = [];
  for (let i = 0; i < records; i++) {
    const generation = Math.floor(i / 500);
    const key = `g${generation}-${random.nextInt(40)}`;
    out.push([{ k: key, v: i }, i * 10 - random.nextInt(300)]);
  }
  return out;
}

function run(assigner: WindowAssigner, general: boolean, input: [Rec, number][], lateness: number) {
  const h = harness<Rec, WindowResult<string, string>>(
    (s) => {
      const w = s.keyBy((r) => r.k).window(general ? assigner.trigger(triggers.eventTime()) : assigner);
      return w.allowedLateness(lateness).aggregate(collect);
    },
    { batchSize: 1 },
  );
  let maxTs = -Infinity;
  let maxKeyIds = 0;
  let maxSlices = 0;
  for (const [i, [r, ts]] of input.entries()) {
    h.pushElement(r, ts);
    maxTs = Math.max(maxTs, ts);
    if (i % 64 === 63) h.pushWatermark(maxTs - 200 - 1);
    if (!general) {
      const size = (h.operator() as SliceWindowAggregateOperator).stateSize();
      maxKeyIds = Math.max(maxKeyIds, size.keyIds);
      maxSlices = Math.max(maxSlices, size.slices);
    }
  }
  return { h, maxKeyIds, maxSlices };
}

const results = (h: { output(): readonly WindowResult<string, string>[] }): string[] =>
  h.output().map((r) => `${r.key}@${r.window.start}=${r.value}`).sort();

describe.each([
  ["tumbling(1_000)", tumbling(1_000)],
  ["sliding(3_000, 1_000)", sliding(3_000, 1_000)],
  ["sliding(2_500, 1_000)", sliding(2_500, 1_000)],
])("slice operator on %s with churning keys", (_name, assigner) => {
  const input = churningStream(7, 20_000);
  const keysEver = new Set(input.map(([r]) => r.k)).size;

  it.each([0, 700])("gives the general operator's results (allowed lateness %i)", async (lateness) => {
    const fast = run(assigner, false, input, lateness);
    const reference = run(assigner, true, input, lateness);
    await fast.h.close();
    await reference.h.close();
    expect(fast.h.output().length).toBeGreaterThan(1_000);
    expect(results(fast.h)).toEqual(results(reference.h));
    expect(fast.h.metrics()).toEqual(reference.h.metrics());
  });

  it("keeps key ids and slices bounded by the live keys, and frees everything at the end", async () => {
    const { h, maxKeyIds, maxSlices } = run(assigner, false, input, 0);
    expect(keysEver).toBe(40 * 40);
    // 500 records (5 s of event time) per generation of 40 keys; ids lag a few windows behind.
    expect(maxKeyIds).toBeLessThan(keysEver / 4);
    expect(maxSlices).toBeLessThan(20);
    await h.close();
    expect((h.operator() as SliceWindowAggregateOperator).stateSize()).toEqual({ slices: 0, blocks: 0, keyIds: 0 });
  });
});
