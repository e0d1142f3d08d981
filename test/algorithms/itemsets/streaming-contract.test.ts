// The estimator contract (STYLE §4) for the two streaming itemset miners, beyond the generic
// suite: snapshots at random points (mid-batch too) restore to identical answers and bytes;
// options are checked; bad transactions and supports throw naming Class.method and change nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError, type FrequentItemset, type Item } from "streamine/algorithms";
import { SnapshotWriter } from "../../../algorithms/base/snapshot.js";
import { LossyItemsetMiner } from "../../../algorithms/itemsets/lossy-itemset-miner.js";
import { SlidingWindowItemsetMiner } from "../../../algorithms/itemsets/sliding-window-itemset-miner.js";
import { databases } from "./streaming-reference.js";

interface Miner {
  readonly options: object;
  learnOne(t: readonly Item[]): void;
  frequent(minSupport: number): FrequentItemset[];
  snapshot(): Uint8Array;
}
interface MinerClass {
  new (options?: never): Miner;
  restore(bytes: Uint8Array): Miner;
  readonly testParams: readonly object[];
  readonly name: string;
}

const classes = [LossyItemsetMiner, SlidingWindowItemsetMiner] as unknown as MinerClass[];
const cases = classes.flatMap((cls) => [undefined, ...cls.testParams].map((p, i) => [`${cls.name} ${i === 0 ? "defaults" : JSON.stringify(p)}`, cls, p] as const));
/** Above every ε the Lossy miner is built with here (frequent needs s > ε). */
const SUPPORT = 0.3;

describe.each(cases)("%s", (_name, cls, params) => {
  const make = (): Miner => new cls(params as never);

  it("builds an equal miner from its options", () => {
    const m = make();
    expect(Object.isFrozen(m.options)).toBe(true);
    expect(new cls(m.options as never).snapshot()).toEqual(m.snapshot());
  });

  it("restores from a snapshot at a random point: identical answers and bytes afterwards", () => {
    fc.assert(
      fc.property(databases(200), fc.nat(), fc.constantFrom(SUPPORT, 0.5, 0.9), (db, cut, s) => {
        const at = cut % (db.length + 1);
        const original = make();
        for (const t of db.slice(0, at)) original.learnOne(t);
        const bytes = original.snapshot();
        const restored = cls.restore(bytes);
        expect(restored.snapshot()).toEqual(bytes);
        expect(restored.frequent(s)).toEqual(original.frequent(s));
        for (const t of db.slice(at)) {
          original.learnOne(t);
          restored.learnOne(t);
        }
        expect(restored.frequent(s)).toEqual(original.frequent(s));
        expect(restored.snapshot()).toEqual(original.snapshot());
      }),
      { seed: 20260414, numRuns: 40 },
    );
  });

  it("rejects bad transactions naming Class.learnOne, its state unchanged", () => {
    const m = make();
    for (let i = 0; i < 30; i++) m.learnOne([i % 4, `x${i % 3}`]);
    const before = m.snapshot();
    const bad: unknown[] = [[], null, "ab", 3, { length: 1, 0: 1 }, [1, NaN], [Infinity, 1], ["a", -Infinity], [1, null], ["a", undefined], [{}], [[1]], [1n], [true]];
    for (const t of bad) {
      expect(() => m.learnOne(t as Item[]), JSON.stringify(String(t))).toThrow(EstimatorInputError);
      expect(() => m.learnOne(t as Item[])).toThrow(`${cls.name}.learnOne`);
      expect(m.snapshot()).toEqual(before);
    }
    expect(() => m.learnOne([])).toThrow(`${cls.name}.learnOne: a transaction must hold at least one item, got an empty array`);
    // One item repeated is a transaction of one item, not an empty one.
    m.learnOne(["x0", "x0"]);
    expect(m.snapshot()).not.toEqual(before);
  });

  it("rejects a support outside (0, 1] naming Class.frequent, its state unchanged", () => {
    const m = make();
    for (let i = 0; i < 30; i++) m.learnOne([i % 4]);
    const before = m.snapshot();
    for (const s of [0, -0.1, 1.5, NaN, Infinity, "0.5", null]) {
      expect(() => m.frequent(s as number), String(s)).toThrow(EstimatorInputError);
      expect(() => m.frequent(s as number)).toThrow(`${cls.name}.frequent`);
      expect(m.snapshot()).toEqual(before);
    }
  });

  it("refuses the bytes of another class, an unknown version or truncated bytes", () => {
    expect(() => cls.restore(new SnapshotWriter("SomeOtherModel", 1, {}).finish())).toThrow(/SomeOtherModel.*not a .*snapshot/);
    const m = make();
    m.learnOne([1, 2]);
    const bytes = m.snapshot();
    const future = bytes.slice();
    future[4 + 1 + cls.name.length] = 250;
    expect(() => cls.restore(future)).toThrow(new RegExp(`${cls.name} snapshot version 250 is not supported`));
    expect(() => cls.restore(bytes.subarray(0, bytes.length - 1))).toThrow(EstimatorConfigError);
  });
});

/** `bytes` with the first float64 equal to `from` (N, written right after the options) set to `to`. */
function withN(bytes: Uint8Array, from: number, to: number): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 8 <= out.length; at++) {
    if (view.getFloat64(at, true) === from) {
      view.setFloat64(at, to, true);
      return out;
    }
  }
  throw new Error(`no float64 ${from} in the snapshot`);
}

describe("restore checks that N fits the stored transactions", () => {
  it("SlidingWindowItemsetMiner: N ≥ the window's count, and equal to it while the window is not full", () => {
    const m = new SlidingWindowItemsetMiner({ windowSize: 4 });
    for (const t of [[1, 2], [2], [3, 1]]) m.learnOne(t);
    const bytes = m.snapshot();
    expect(SlidingWindowItemsetMiner.restore(bytes).snapshot()).toEqual(bytes);
    for (const n of [2, 4, 2.5]) {
      expect(() => SlidingWindowItemsetMiner.restore(withN(bytes, 3, n))).toThrow(`SlidingWindowItemsetMiner.restore: snapshot is inconsistent (N = ${n} with 3 transactions in a window of 4)`);
    }
    for (const t of [[4], [5], [1]]) m.learnOne(t); // full window, N 6
    const full = m.snapshot();
    expect(SlidingWindowItemsetMiner.restore(withN(full, 6, 60)).frequent(0.5)).toEqual(SlidingWindowItemsetMiner.restore(full).frequent(0.5));
    expect(() => SlidingWindowItemsetMiner.restore(withN(full, 6, 3))).toThrow("N = 3 with 4 transactions");
  });

  it("LossyItemsetMiner: N − the buffered count is a whole number of batches", () => {
    const m = new LossyItemsetMiner({ epsilon: 0.25, batchBuckets: 1 }); // batches of 4
    for (const t of [[1], [1, 2], [2], [1], [3], [1, 3]]) m.learnOne(t); // one batch applied, 2 buffered
    const bytes = m.snapshot();
    expect(LossyItemsetMiner.restore(bytes).snapshot()).toEqual(bytes);
    expect(LossyItemsetMiner.restore(withN(bytes, 6, 10)).snapshot()).toEqual(withN(bytes, 6, 10)); // two batches applied: consistent
    for (const n of [1, 5, 7]) {
      expect(() => LossyItemsetMiner.restore(withN(bytes, 6, n))).toThrow(`LossyItemsetMiner.restore: snapshot is inconsistent (N = ${n} with 2 buffered transactions and batches of 4)`);
    }
  });
});

describe("LossyItemsetMiner options and queries", () => {
  const where = "LossyItemsetMiner.constructor";
  it.each([
    [{ epsilon: 0 }, "epsilon"],
    [{ epsilon: 1 }, "epsilon"],
    [{ epsilon: Number.NaN }, "epsilon"],
    [{ epsilon: 1e-9 }, "epsilon"],
    [{ maxLength: 0 }, "maxLength"],
    [{ maxLength: 2.5 }, "maxLength"],
    [{ batchBuckets: 0 }, "batchBuckets"],
    [{ batchBuckets: 1.5 }, "batchBuckets"],
    [{ epsilon: 0.001, batchBuckets: 20_000 }, "batchBuckets"],
    [{ support: 0.1 }, "support"],
  ])("rejects %j naming %s", (options, option) => {
    expect(() => new LossyItemsetMiner(options as never)).toThrow(EstimatorConfigError);
    expect(() => new LossyItemsetMiner(options as never)).toThrow(new RegExp(`${where}: .*${option}`));
  });

  it("fills in its defaults", () => {
    expect(new LossyItemsetMiner().options).toEqual({ epsilon: 0.001, maxLength: 3, batchBuckets: 4 });
  });

  it("refuses a snapshot whose sets or buffered transactions name an unknown item, or that buffers an empty transaction", () => {
    const options = { epsilon: 0.1, maxLength: 3, batchBuckets: 1 };
    // N, a dictionary of one item, then the sets (root: 1 child, item id 0 or 1, f, Δ, no children), then the buffer of one transaction.
    const bytes = (setItem: number, buffered: readonly number[]): Uint8Array => {
      const w = new SnapshotWriter("LossyItemsetMiner", 1, options).f64(11).u32(1).u8(1).str("a").u32(1).u32(setItem).f64(10).f64(0).u32(0);
      w.u32(1).u32(buffered.length);
      for (const id of buffered) w.u32(id);
      return w.finish();
    };
    expect(LossyItemsetMiner.restore(bytes(0, [0])).estimate(["a"])).toBe(11);
    expect(() => LossyItemsetMiner.restore(bytes(1, [0]))).toThrow(/LossyItemsetMiner\.restore: snapshot holds a bad set entry/);
    expect(() => LossyItemsetMiner.restore(bytes(0, [1]))).toThrow(/LossyItemsetMiner\.restore: snapshot holds a transaction with a bad item id/);
    expect(() => LossyItemsetMiner.restore(bytes(0, []))).toThrow(EstimatorConfigError);
    expect(() => LossyItemsetMiner.restore(bytes(0, []))).toThrow("LossyItemsetMiner.restore: snapshot transaction 0 is empty");
  });

  it("rejects a support at or below ε, and estimates of 0 or over maxLength items, changing nothing", () => {
    const m = new LossyItemsetMiner({ epsilon: 0.1, maxLength: 2 });
    for (let i = 0; i < 25; i++) m.learnOne([i % 3, "a"]);
    const before = m.snapshot();
    for (const s of [0.1, 0.05]) expect(() => m.frequent(s)).toThrow(/LossyItemsetMiner\.frequent: minSupport must be greater than epsilon = 0\.1/);
    for (const items of [[], [1, 2, 3], ["a", "a", "a", 1, 2]]) expect(() => m.estimate(items)).toThrow(/LossyItemsetMiner\.estimate: itemset must hold 1 to maxLength = 2/);
    expect(() => m.estimate([NaN])).toThrow(/LossyItemsetMiner\.estimate: item 0/);
    expect(m.snapshot()).toEqual(before);
    expect(m.estimate(["a", "a", 1])).toBe(8);
    expect(m.estimate(["never seen"])).toBe(0);
  });
});

describe("SlidingWindowItemsetMiner options", () => {
  const where = "SlidingWindowItemsetMiner.constructor";
  it.each([
    [{ windowSize: 0 }, "windowSize"],
    [{ windowSize: 2 ** 24 + 1 }, "windowSize"],
    [{ windowSize: 10.5 }, "windowSize"],
    [{ maxLength: -1 }, "maxLength"],
    [{ maxLength: Infinity }, "maxLength"],
    [{ maxLength: 1.5 }, "maxLength"],
    [{ epsilon: 0.1 }, "epsilon"],
  ])("rejects %j naming %s", (options, option) => {
    expect(() => new SlidingWindowItemsetMiner(options as never)).toThrow(EstimatorConfigError);
    expect(() => new SlidingWindowItemsetMiner(options as never)).toThrow(new RegExp(`${where}: .*${option}`));
  });

  it("fills in its defaults", () => {
    expect(new SlidingWindowItemsetMiner().options).toEqual({ windowSize: 1000, maxLength: 0 });
  });

  it("refuses a snapshot whose window names an unknown item or holds an empty transaction", () => {
    const options = { windowSize: 3, maxLength: 0 };
    // N (5: the window is full), a dictionary of one item, then the window's transactions, oldest first.
    const bytes = (window: readonly (readonly number[])[]): Uint8Array => {
      const w = new SnapshotWriter("SlidingWindowItemsetMiner", 1, options).f64(5).u32(1).u8(1).str("a").u32(window.length);
      for (const t of window) {
        w.u32(t.length);
        for (const id of t) w.u32(id);
      }
      return w.finish();
    };
    expect(SlidingWindowItemsetMiner.restore(bytes([[0], [0], [0]])).frequent(1)).toEqual([{ items: ["a"], count: 3 }]);
    expect(() => SlidingWindowItemsetMiner.restore(bytes([[0], [1], [0]]))).toThrow(/SlidingWindowItemsetMiner\.restore: snapshot holds a transaction with a bad item id/);
    expect(() => SlidingWindowItemsetMiner.restore(bytes([[0], [], [0]]))).toThrow(EstimatorConfigError);
    expect(() => SlidingWindowItemsetMiner.restore(bytes([[0], [], [0]]))).toThrow("SlidingWindowItemsetMiner.restore: snapshot transaction 1 is empty");
  });
});
