// Keyed state (ValueState, ListState, MapState) is scoped to the current key, and a key whose
// state and timers are cleared no longer holds memory (Flink's heap keyed state backend).
import { describe, expect, it } from "vitest";
import {
  ListStateDescriptor,
  MapStateDescriptor,
  ValueStateDescriptor,
  type KeyedProcessFunction,
  type ListState,
  type MapState,
  type ValueState,
} from "streamine";
import type { KeyedProcessOperator } from "../../../src/operators/keyed-process.js";
import { harness } from "../harness.js";

interface Rec {
  k: string;
  v: number;
}

const rec = (k: string, v = 0): Rec => ({ k, v });

function opened<T>(x: T | null): T {
  if (x === null) throw new Error("state used before open()");
  return x;
}

const liveKeys = (op: unknown): number => (op as KeyedProcessOperator).liveKeyCount();

describe("ValueState", () => {
  /** Counts records per key; clears the key's count when a record has v < 0. */
  function counter(): KeyedProcessFunction<string, Rec, string> {
    let n: ValueState<number> | null = null;
    return {
      open(ctx) {
        n = ctx.getState(new ValueStateDescriptor("n", 0));
      },
      processElement(v, ctx, out) {
        const s = opened(n);
        if (v.v < 0) {
          s.clear();
          out.collect(`${ctx.getCurrentKey()} cleared`);
          return;
        }
        s.update(s.value() + 1);
        out.collect(`${ctx.getCurrentKey()}=${s.value()}`);
      },
    };
  }

  it("holds one value per key, starting from the descriptor's default", () => {
    const h = harness<Rec, string>((s) => s.keyBy((r) => r.k).process(counter()));
    for (const k of ["a", "b", "a", "c", "a", "b"]) h.pushElement(rec(k), 0);
    expect(h.output()).toEqual(["a=1", "b=1", "a=2", "c=1", "a=3", "b=2"]);
    expect(liveKeys(h.operator())).toBe(3);
  });

  it("clear() returns the key to the default and frees it", () => {
    const h = harness<Rec, string>((s) => s.keyBy((r) => r.k).process(counter()));
    h.pushElements([
      [rec("a"), 0],
      [rec("b"), 0],
      [rec("a", -1), 0],
    ]);
    expect(liveKeys(h.operator())).toBe(1);
    h.pushElement(rec("a"), 0);
    expect(h.output()).toEqual(["a=1", "b=1", "a cleared", "a=1"]);
    h.pushElement(rec("a", -1), 0);
    h.pushElement(rec("b", -1), 0);
    expect(liveKeys(h.operator())).toBe(0);
  });

  it("keys compare by value: 1 and '1' are different keys", () => {
    const h = harness<{ k: string | number }, string>((s) =>
      s.keyBy((r) => r.k).process<string>(
        (() => {
          let n: ValueState<number> | null = null;
          return {
            open(ctx) {
              n = ctx.getState(new ValueStateDescriptor("n", 0));
            },
            processElement(_v, ctx, out) {
              const s = opened(n);
              s.update(s.value() + 1);
              out.collect(`${typeof ctx.getCurrentKey()}:${s.value()}`);
            },
          };
        })(),
      ),
    );
    h.pushElements([
      [{ k: 1 }, 0],
      [{ k: "1" }, 0],
      [{ k: 1 }, 0],
    ]);
    expect(h.output()).toEqual(["number:1", "string:1", "number:2"]);
  });
});

describe("ListState", () => {
  it("collects a list per key; onTimer reads it and clears it, freeing the key", () => {
    let list: ListState<number> | null = null;
    const h = harness<Rec, string>((s) =>
      s.keyBy((r) => r.k).process<string>({
        open(ctx) {
          list = ctx.getListState(new ListStateDescriptor<number>("seen"));
        },
        processElement(v, ctx) {
          opened(list).add(v.v);
          ctx.timerService().registerEventTimeTimer(100);
        },
        onTimer(_t, ctx, out) {
          const l = opened(list);
          out.collect(`${ctx.getCurrentKey()}:[${l.get().join(",")}]`);
          l.clear();
        },
      }),
    );
    h.pushElements([
      [rec("a", 1), 0],
      [rec("b", 10), 0],
      [rec("a", 2), 0],
      [rec("a", 3), 0],
    ]);
    expect(liveKeys(h.operator())).toBe(2);
    h.pushWatermark(100);
    expect(h.output().sort()).toEqual(["a:[1,2,3]", "b:[10]"]);
    expect(liveKeys(h.operator())).toBe(0);
  });

  it("update replaces the list, addAll appends, and update([]) frees the key", () => {
    let list: ListState<number> | null = null;
    const h = harness<Rec, string>((s) =>
      s.keyBy((r) => r.k).process<string>({
        open(ctx) {
          list = ctx.getListState(new ListStateDescriptor<number>("l"));
        },
        processElement(v, _ctx, out) {
          const l = opened(list);
          if (v.v === 0) l.update([]);
          else if (v.v < 0) l.update([v.v]);
          else l.addAll([v.v, v.v]);
          out.collect(l.get().join(","));
        },
      }),
    );
    h.pushElements([
      [rec("a", 1), 0],
      [rec("a", 2), 0],
      [rec("a", -5), 0],
      [rec("a", 3), 0],
    ]);
    expect(h.output()).toEqual(["1,1", "1,1,2,2", "-5", "-5,3,3"]);
    expect(liveKeys(h.operator())).toBe(1);
    h.pushElement(rec("a", 0), 0);
    expect(liveKeys(h.operator())).toBe(0);
  });
});

describe("MapState", () => {
  it("holds a map per key; removing the last entry frees the key", () => {
    let m: MapState<string, number> | null = null;
    const h = harness<{ k: string; word: string; remove?: boolean }, string>((s) =>
      s.keyBy((r) => r.k).process<string>({
        open(ctx) {
          m = ctx.getMapState(new MapStateDescriptor<string, number>("words"));
        },
        processElement(v, ctx, out) {
          const map = opened(m);
          if (v.remove === true) map.remove(v.word);
          else map.put(v.word, (map.get(v.word) ?? 0) + 1);
          const entries = [...map.entries()].map(([w, c]) => `${w}:${c}`).join(" ");
          out.collect(`${ctx.getCurrentKey()} {${entries}} has(x)=${map.contains("x")} empty=${map.isEmpty()}`);
        },
      }),
    );
    h.pushElements([
      [{ k: "a", word: "x" }, 0],
      [{ k: "b", word: "y" }, 0],
      [{ k: "a", word: "x" }, 0],
      [{ k: "a", word: "z" }, 0],
    ]);
    expect(h.takeOutput()).toEqual([
      "a {x:1} has(x)=true empty=false",
      "b {y:1} has(x)=false empty=false",
      "a {x:2} has(x)=true empty=false",
      "a {x:2 z:1} has(x)=true empty=false",
    ]);
    expect(liveKeys(h.operator())).toBe(2);
    h.pushElements([
      [{ k: "b", word: "y", remove: true }, 0],
      [{ k: "a", word: "x", remove: true }, 0],
    ]);
    expect(h.takeOutput()).toEqual(["b {} has(x)=false empty=true", "a {z:1} has(x)=false empty=false"]);
    expect(liveKeys(h.operator())).toBe(1);
  });
});

describe("state freeing with timers", () => {
  it("a key holding only a pending timer is live until the timer fired", () => {
    const h = harness<Rec, string>((s) =>
      s.keyBy((r) => r.k).process<string>({
        processElement(_v, ctx) {
          ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 5);
        },
        onTimer(t, ctx, out) {
          out.collect(`${ctx.getCurrentKey()}@${t}`);
        },
      }),
    );
    for (let i = 0; i < 100; i++) h.pushElement(rec(`k${i}`), i);
    expect(liveKeys(h.operator())).toBe(100);
    h.pushWatermark(54); // timers k0@5 … k49@54
    expect(h.output()).toHaveLength(50);
    expect(liveKeys(h.operator())).toBe(50);
    h.pushWatermark(200);
    expect(liveKeys(h.operator())).toBe(0);
  });

  it("the classic 'count with timeout' (Flink docs) clears its state in onTimer and frees every key", () => {
    interface CountWithTimestamp {
      count: number;
      lastModified: number;
    }
    let state: ValueState<CountWithTimestamp | null> | null = null;
    const h = harness<Rec, string>((s) =>
      s.keyBy((r) => r.k).process<string>({
        open(ctx) {
          state = ctx.getState(new ValueStateDescriptor<CountWithTimestamp | null>("cwt", null));
        },
        processElement(_v, ctx) {
          const st = opened(state);
          const cur = st.value() ?? { count: 0, lastModified: 0 };
          st.update({ count: cur.count + 1, lastModified: ctx.timestamp() });
          ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 60);
        },
        onTimer(t, ctx, out) {
          const st = opened(state);
          const cur = st.value();
          // Only the timer of the latest modification emits, then the key is forgotten.
          if (cur !== null && t === cur.lastModified + 60) {
            out.collect(`${ctx.getCurrentKey()}:${cur.count}`);
            st.clear();
          }
        },
      }),
    );
    h.pushElements([
      [rec("a"), 0],
      [rec("a"), 30],
      [rec("b"), 10],
    ]);
    h.pushWatermark(69); // a@60 (stale), b@70 not yet
    expect(h.takeOutput()).toEqual([]);
    h.pushWatermark(90); // b@70, a@90
    expect(h.takeOutput()).toEqual(["b:1", "a:2"]);
    expect(liveKeys(h.operator())).toBe(0);
  });
});
