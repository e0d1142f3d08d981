// Keyed state TTL (Flink's StateTtlConfig): expired entries are never returned, in processing
// and in event time; they are cleaned incrementally as the operator works and fully when a
// checkpoint is taken, so a checkpoint's size follows the live keys; restored, entries keep
// their timestamps and expire when they would have.
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  ListStateDescriptor,
  MapStateDescriptor,
  ValueStateDescriptor,
  type DataStream,
  type KeyedProcessFunction,
  type ListState,
  type MapState,
  type StateTtlConfig,
  type ValueState,
} from "streamine";
import type { KeyedProcessOperator } from "../../../src/operators/keyed-process.js";
import { harness, TestClock, type Harness } from "../harness.js";

/** A command for one key: write `v`, read, or (for timers) register an event-time timer at `at`. */
interface Cmd {
  readonly k: string;
  readonly op: "put" | "get" | "timer";
  readonly v?: number;
  readonly at?: number;
}

const put = (k: string, v: number): Cmd => ({ k, op: "put", v });
const get = (k: string): Cmd => ({ k, op: "get" });

function opened<T>(x: T | null): T {
  if (x === null) throw new Error("state used before open()");
  return x;
}

/** Value state: `put` updates, `get` emits "k=value"; an event-time timer emits "k@t=value". */
function valueFn(ttl: StateTtlConfig): KeyedProcessFunction<string, Cmd, string> {
  let s: ValueState<number | null> | null = null;
  return {
    open(ctx) {
      s = ctx.getState(new ValueStateDescriptor<number | null>("v", null, { ttl }));
    },
    processElement(c, ctx, out) {
      const st = opened(s);
      if (c.op === "put") st.update(c.v ?? 0);
      else if (c.op === "get") out.collect(`${c.k}=${String(st.value())}`);
      else ctx.timerService().registerEventTimeTimer(c.at ?? 0);
    },
    onTimer(t, ctx, out) {
      out.collect(`${ctx.getCurrentKey()}@${t}=${String(opened(s).value())}`);
    },
  };
}

const keyed =
  (fn: () => KeyedProcessFunction<string, Cmd, string>) =>
  (s: DataStream<Cmd>): DataStream<string> =>
    s.keyBy((c) => c.k).process(fn());

const backendOf = (h: Harness<Cmd, string>) => (h.operator() as KeyedProcessOperator).state;

describe("ValueState with a processing-time TTL", () => {
  it("returns the default once ttlMs have passed since the write, and frees the key", () => {
    const h = harness(keyed(() => valueFn({ ttlMs: 1_000 })));
    h.pushElement(put("a", 1));
    h.advanceProcessingTime(999);
    h.pushElement(get("a"));
    h.advanceProcessingTime(1_000);
    h.pushElement(get("a"));
    expect(h.takeOutput()).toEqual(["a=1", "a=null"]);
    expect(backendOf(h).keyCount()).toBe(0);
  });

  it("onCreateAndWrite (the default) ignores reads; onReadAndWrite restarts the TTL on each read", () => {
    const run = (ttl: StateTtlConfig): string[] => {
      const h = harness(keyed(() => valueFn(ttl)));
      h.pushElement(put("a", 1)); // stamped 0
      for (const t of [600, 1_500, 2_499, 3_500]) {
        h.advanceProcessingTime(t);
        h.pushElement(get("a"));
      }
      return h.output();
    };
    expect(run({ ttlMs: 1_000 })).toEqual(["a=1", "a=null", "a=null", "a=null"]);
    expect(run({ ttlMs: 1_000, updateType: "onCreateAndWrite" })).toEqual(["a=1", "a=null", "a=null", "a=null"]);
    // read at 600 → lives until 1600; read at 1500 → until 2500; 2499 → until 3499 < 3500
    expect(run({ ttlMs: 1_000, updateType: "onReadAndWrite" })).toEqual(["a=1", "a=1", "a=1", "a=null"]);
  });

  it("a write restarts the TTL", () => {
    const h = harness(keyed(() => valueFn({ ttlMs: 1_000 })));
    h.pushElement(put("a", 1));
    h.advanceProcessingTime(800);
    h.pushElement(put("a", 2));
    h.advanceProcessingTime(1_700);
    h.pushElement(get("a"));
    h.advanceProcessingTime(1_800);
    h.pushElement(get("a"));
    expect(h.output()).toEqual(["a=2", "a=null"]);
  });
});

describe("ValueState with an event-time TTL", () => {
  const ttl: StateTtlConfig = { ttlMs: 1_000, timeCharacteristic: "event" };

  it("expires once the watermark reaches the record's time + ttlMs; nothing expires before a watermark", () => {
    const h = harness(keyed(() => valueFn(ttl)));
    h.pushElement(put("a", 1), 100);
    h.pushElement(get("a"), 50_000); // a record's own time does not expire anything: only the watermark does
    h.pushWatermark(1_099);
    h.pushElement(get("a"), 1_100);
    h.pushWatermark(1_100);
    h.pushElement(get("a"), 1_100);
    expect(h.output()).toEqual(["a=1", "a=1", "a=null"]);
  });

  it("a late record (or one without a timestamp) is stamped with the watermark, so its write is not born expired", () => {
    const h = harness(keyed(() => valueFn(ttl)));
    h.pushWatermark(5_000);
    h.pushElement(put("late", 1), 100);
    h.pushElement(put("untimed", 2), NaN);
    h.pushWatermark(5_999);
    h.pushElements([
      [get("late"), 6_000],
      [get("untimed"), 6_000],
    ]);
    h.pushWatermark(6_000);
    h.pushElements([
      [get("late"), 6_000],
      [get("untimed"), 6_000],
    ]);
    expect(h.output()).toEqual(["late=1", "untimed=2", "late=null", "untimed=null"]);
  });

  it("within an event-time timer, event time is the timer's time, even when the watermark jumped past", () => {
    const h = harness(keyed(() => valueFn(ttl)));
    h.pushElements([
      [put("a", 1), 100],
      [{ k: "a", op: "timer", at: 1_099 }, 100],
      [{ k: "a", op: "timer", at: 1_100 }, 100],
    ]);
    h.pushWatermark(10_000);
    expect(h.output()).toEqual(["a@1099=1", "a@1100=null"]);
  });
});

describe("ListState and MapState with a TTL", () => {
  it("list elements expire one by one; the key is freed with the last", () => {
    let l: ListState<string> | null = null;
    const h = harness(
      keyed(() => ({
        open(ctx) {
          l = ctx.getListState(new ListStateDescriptor<string>("l", { ttl: { ttlMs: 1_000 } }));
        },
        processElement(c, _ctx, out) {
          if (c.op === "put") opened(l).add(`x${c.v ?? 0}`);
          else out.collect(`[${opened(l).get().join(",")}]`);
        },
      })),
    );
    h.pushElement(put("a", 1)); // stamped 0
    h.advanceProcessingTime(500);
    h.pushElement(put("a", 2)); // stamped 500
    h.pushElement(put("a", 3));
    h.advanceProcessingTime(999);
    h.pushElement(get("a"));
    h.advanceProcessingTime(1_000);
    h.pushElement(get("a"));
    h.advanceProcessingTime(1_500);
    h.pushElement(get("a"));
    expect(h.output()).toEqual(["[x1,x2,x3]", "[x2,x3]", "[]"]);
    expect(backendOf(h).keyCount()).toBe(0);
  });

  it("list update stamps every element; onReadAndWrite get refreshes them", () => {
    let l: ListState<number> | null = null;
    const h = harness(
      keyed(() => ({
        open(ctx) {
          l = ctx.getListState(new ListStateDescriptor<number>("l", { ttl: { ttlMs: 1_000, updateType: "onReadAndWrite" } }));
        },
        processElement(c, _ctx, out) {
          if (c.op === "put") opened(l).update([c.v ?? 0, (c.v ?? 0) + 1]);
          else out.collect(opened(l).get().join(","));
        },
      })),
    );
    h.pushElement(put("a", 1));
    h.advanceProcessingTime(900);
    h.pushElement(get("a")); // refreshes to 900
    h.advanceProcessingTime(1_899);
    h.pushElement(get("a"));
    h.advanceProcessingTime(2_899);
    h.pushElement(get("a"));
    expect(h.output()).toEqual(["1,2", "1,2", ""]);
  });

  it("map entries expire one by one, in every method; onReadAndWrite get refreshes the entry", () => {
    const run = (updateType: "onCreateAndWrite" | "onReadAndWrite"): string[] => {
      let m: MapState<string, number> | null = null;
      const h = harness(
        keyed(() => ({
          open(ctx) {
            m = ctx.getMapState(new MapStateDescriptor<string, number>("m", { ttl: { ttlMs: 1_000, updateType } }));
          },
          processElement(c, _ctx, out) {
            const s = opened(m);
            if (c.op === "put") s.put(`e${c.v ?? 0}`, c.v ?? 0);
            else {
              out.collect(`get(e1)=${String(s.get("e1"))} has(e2)=${s.contains("e2")} entries=${JSON.stringify([...s.entries()])} empty=${s.isEmpty()}`);
            }
          },
        })),
      );
      h.pushElement(put("a", 1)); // e1 at 0
      h.advanceProcessingTime(500);
      h.pushElement(put("a", 2)); // e2 at 500
      h.advanceProcessingTime(900);
      h.pushElement(get("a")); // onReadAndWrite: refreshes e1 and e2 to 900
      h.advanceProcessingTime(1_200);
      h.pushElement(get("a")); // onReadAndWrite: refreshes both to 1200
      h.advanceProcessingTime(2_200);
      h.pushElement(get("a"));
      expect(backendOf(h).keyCount()).toBe(0);
      return h.output();
    };
    expect(run("onCreateAndWrite")).toEqual([
      `get(e1)=1 has(e2)=true entries=[["e1",1],["e2",2]] empty=false`,
      `get(e1)=undefined has(e2)=true entries=[["e2",2]] empty=false`,
      `get(e1)=undefined has(e2)=false entries=[] empty=true`,
    ]);
    expect(run("onReadAndWrite")).toEqual([
      `get(e1)=1 has(e2)=true entries=[["e1",1],["e2",2]] empty=false`,
      `get(e1)=1 has(e2)=true entries=[["e1",1],["e2",2]] empty=false`,
      `get(e1)=undefined has(e2)=false entries=[] empty=true`,
    ]);
  });
});

describe("TTL cleanup", () => {
  /** Writes `n` keys k0…k(n−1) at event/processing time 0, as one batch. */
  const writeKeys = (h: Harness<Cmd, string>, n: number, ts = 0): void => {
    h.pushElements(Array.from({ length: n }, (_, i): [Cmd, number] => [put(`k${i}`, i), ts]));
  };

  it("removes expired keys as other keys' records arrive, a bounded number per record, without touching them", () => {
    const h = harness(keyed(() => valueFn({ ttlMs: 1_000 })));
    writeKeys(h, 1_000);
    h.advanceProcessingTime(2_000);
    const backend = backendOf(h);
    expect(backend.keyCount()).toBe(1_000);
    // 10 records × 5 keys checked (the cursor may check "live" too): at most 50 of the idle keys go
    h.pushElements(Array.from({ length: 10 }, (): [Cmd, number] => [put("live", 1), NaN]));
    expect(backend.keyCount()).toBeGreaterThanOrEqual(1_000 - 50 + 1);
    expect(backend.keyCount()).toBeLessThan(1_000);
    h.pushElements(Array.from({ length: 300 }, (): [Cmd, number] => [put("live", 1), NaN]));
    expect(backend.keyCount()).toBe(1);
  });

  it("in event time, watermarks drive it (incrementalCleanupSize keys per watermark)", () => {
    const h = harness(keyed(() => valueFn({ ttlMs: 1_000, timeCharacteristic: "event", incrementalCleanupSize: 100 })));
    writeKeys(h, 1_000, 0);
    const backend = backendOf(h);
    h.pushWatermark(999); // nothing expired yet: 100 keys checked, all kept
    expect(backend.keyCount()).toBe(1_000);
    h.pushWatermark(1_000);
    expect(backend.keyCount()).toBe(900);
    for (let w = 1_001; w < 1_010; w++) h.pushWatermark(w);
    expect(backend.keyCount()).toBe(0);
  });

  it("incrementalCleanupSize 0 leaves expired entries until read or checkpointed", () => {
    const h = harness(keyed(() => valueFn({ ttlMs: 1_000, incrementalCleanupSize: 0 })));
    writeKeys(h, 100);
    h.advanceProcessingTime(1_000);
    h.pushElements(Array.from({ length: 100 }, (): [Cmd, number] => [put("live", 1), NaN]));
    expect(backendOf(h).keyCount()).toBe(101);
    h.pushElement(get("k0"));
    expect(backendOf(h).keyCount()).toBe(100);
    h.snapshot();
    expect(backendOf(h).keyCount()).toBe(1);
  });

  it("100k idle keys: the checkpoint shrinks to the size of the live keys", () => {
    const KEYS = 100_000;
    const LIVE = 100;
    const TTL = 60_000;
    const build = keyed(() => valueFn({ ttlMs: TTL }));
    const h = harness(build);
    const empty = h.snapshot().byteLength;
    for (let i = 0; i < KEYS; i += 10_000) {
      h.pushElements(Array.from({ length: 10_000 }, (_, j): [Cmd, number] => [put(`k${i + j}`, i + j), NaN]));
    }
    const before = h.snapshot().byteLength;
    expect(backendOf(h).keyCount()).toBe(KEYS);

    // LIVE keys stay active (written again at 30 s); the rest go idle and expire at 60 s
    h.advanceProcessingTime(30_000);
    h.pushElements(Array.from({ length: LIVE }, (_, j): [Cmd, number] => [put(`k${j * 1_000}`, -j), NaN]));
    h.advanceProcessingTime(TTL + 1);
    h.pushElements(Array.from({ length: LIVE }, (_, j): [Cmd, number] => [get(`k${j * 1_000 + 1}`), NaN])); // idle keys read as expired
    expect(h.takeOutput().every((s) => s.endsWith("=null"))).toBe(true);
    const bytes = h.snapshot();
    const after = bytes.byteLength;
    expect(backendOf(h).keyCount()).toBe(LIVE);

    const perKey = (before - empty) / KEYS;
    console.log(`checkpoint bytes: empty ${empty}, ${KEYS} keys ${before} (${perKey.toFixed(1)} B/key), ${LIVE} live keys ${after}`);
    expect(after).toBeLessThan(0.05 * before);
    expect(after - empty).toBeLessThanOrEqual(2 * LIVE * perKey); // proportional to the live keys

    // the small checkpoint restores the live keys, with their stamps (written at 30 s: expire at 90 s)
    const h2 = harness(build, { restoreFrom: bytes, clock: new TestClock(h.clock.now()) });
    h2.pushElements([
      [get("k0"), NaN],
      [get("k1000"), NaN],
      [get("k1"), NaN],
    ]);
    h2.advanceProcessingTime(30_000 + TTL);
    h2.pushElement(get("k1000"));
    expect(h2.output()).toEqual(["k0=0", "k1000=-1", "k1=null", "k1000=null"]);
  }, 20_000);
});

describe("TTL across a checkpoint", () => {
  /** Value, list and map state with one TTL; `put` writes all three, `get` reports all three. */
  function allKinds(ttl: StateTtlConfig): () => KeyedProcessFunction<string, Cmd, string> {
    return () => {
      let v: ValueState<number> | null = null;
      let l: ListState<number> | null = null;
      let m: MapState<number, number> | null = null;
      return {
        open(ctx) {
          v = ctx.getState(new ValueStateDescriptor("v", -1, { ttl }));
          l = ctx.getListState(new ListStateDescriptor<number>("l", { ttl }));
          m = ctx.getMapState(new MapStateDescriptor<number, number>("m", { ttl }));
        },
        processElement(c, ctx, out) {
          if (c.op === "put") {
            const x = c.v ?? 0;
            opened(v).update(x);
            opened(l).add(x);
            opened(m).put(x % 2, x);
          } else if (c.op === "get") {
            out.collect(`${ctx.getCurrentKey()} v=${opened(v).value()} l=[${opened(l).get().join(",")}] m=${JSON.stringify([...opened(m).entries()])}`);
          }
        },
      };
    };
  }

  type Step = { readonly kind: "cmd"; readonly c: Cmd; readonly ts: number } | { readonly kind: "clock"; readonly to: number } | { readonly kind: "wm"; readonly to: number };

  const run = (h: Harness<Cmd, string>, steps: readonly Step[]): void => {
    for (const s of steps) {
      if (s.kind === "cmd") h.pushElement(s.c, s.ts);
      else if (s.kind === "clock") h.advanceProcessingTime(s.to);
      else h.pushWatermark(s.to);
    }
  };

  /** Writes at times 0, 300, 600, 900 (processing or event time), reads all keys every 100 until 2000. */
  function scenario(event: boolean): Step[] {
    const steps: Step[] = [];
    const at = (t: number): void => void steps.push(event ? { kind: "wm", to: t - 1 } : { kind: "clock", to: t });
    for (let t = 0; t <= 2_000; t += 100) {
      at(t);
      if (t % 300 === 0 && t <= 900) steps.push({ kind: "cmd", c: put(`k${(t / 300) % 2}`, t), ts: t });
      for (const k of ["k0", "k1"]) steps.push({ kind: "cmd", c: get(k), ts: t });
    }
    return steps;
  }

  for (const [name, ttl] of [
    ["processing time, onCreateAndWrite", { ttlMs: 1_000 }],
    ["processing time, onReadAndWrite", { ttlMs: 1_000, updateType: "onReadAndWrite" }],
    ["event time, onCreateAndWrite", { ttlMs: 1_000, timeCharacteristic: "event" }],
    ["event time, onReadAndWrite", { ttlMs: 1_000, timeCharacteristic: "event", updateType: "onReadAndWrite" }],
  ] as const) {
    it(`a restored operator expires the same entries at the same times (${name})`, () => {
      const steps = scenario(ttl.timeCharacteristic === "event");
      const build = keyed(allKinds(ttl));
      const whole = harness(build);
      run(whole, steps);
      const expected = whole.output();
      expect(expected.some((s) => s.includes("v=-1 l=[] m=[]"))).toBe(true); // something did expire
      for (const cut of [10, 25, 40, 55]) {
        const first = harness(build);
        run(first, steps.slice(0, cut));
        const second = harness(build, { restoreFrom: first.snapshot(), clock: new TestClock(first.clock.now()) });
        run(second, steps.slice(cut));
        expect([...first.output(), ...second.output()], `cut at ${cut}`).toEqual(expected);
      }
    });
  }

  it("state that gains a TTL at a restore starts its TTL then; state that loses it keeps its entries", () => {
    const plain = keyed(() => valueFn({ ttlMs: 1_000 }));
    const h = harness(keyed(() => {
      let s: ValueState<number | null> | null = null;
      return {
        open(ctx) {
          s = ctx.getState(new ValueStateDescriptor<number | null>("v", null));
        },
        processElement(c) {
          opened(s).update(c.v ?? 0);
        },
      };
    }));
    h.pushElement(put("a", 1));
    h.advanceProcessingTime(5_000);
    const h2 = harness(plain, { restoreFrom: h.snapshot(), clock: new TestClock(5_000) });
    h2.advanceProcessingTime(5_999);
    h2.pushElement(get("a"));
    h2.advanceProcessingTime(6_000);
    h2.pushElement(get("a"));
    expect(h2.output()).toEqual(["a=1", "a=null"]);

    const h3 = harness(plain);
    h3.pushElement(put("b", 2));
    const h4 = harness(
      keyed(() => {
        let s: ValueState<number | null> | null = null;
        return {
          open(ctx) {
            s = ctx.getState(new ValueStateDescriptor<number | null>("v", null));
          },
          processElement(c, _ctx, out) {
            out.collect(`${c.k}=${String(opened(s).value())}`);
          },
        };
      }),
      { restoreFrom: h3.snapshot(), clock: new TestClock(100_000) },
    );
    h4.pushElement(get("b"));
    expect(h4.output()).toEqual(["b=2"]);
  });
});

describe("TTL configuration", () => {
  it("fills in Flink's defaults", () => {
    expect(new ListStateDescriptor("l", { ttl: { ttlMs: 10 } }).ttl).toEqual({
      ttlMs: 10,
      timeCharacteristic: "processing",
      updateType: "onCreateAndWrite",
      incrementalCleanupSize: 5,
    });
    expect(new MapStateDescriptor("m").ttl).toBeNull();
  });

  it("rejects invalid settings with a ConfigError naming the descriptor and the option", () => {
    const bad: [() => unknown, RegExp][] = [
      [() => new ValueStateDescriptor("v", 0, { ttl: { ttlMs: 0 } }), /ValueStateDescriptor\("v"\).*ttl\.ttlMs/],
      [() => new ValueStateDescriptor("v", 0, { ttl: { ttlMs: 1.5 } }), /ttl\.ttlMs/],
      [() => new ListStateDescriptor("l", { ttl: { ttlMs: 10, timeCharacteristic: "ingestion" as "event" } }), /ListStateDescriptor\("l"\).*timeCharacteristic/],
      [() => new MapStateDescriptor("m", { ttl: { ttlMs: 10, updateType: "onRead" as "onReadAndWrite" } }), /updateType/],
      [() => new MapStateDescriptor("m", { ttl: { ttlMs: 10, incrementalCleanupSize: -1 } }), /incrementalCleanupSize/],
      [() => new MapStateDescriptor("m", { ttl: { ttlMs: 10, ttl: 5 } as StateTtlConfig }), /unknown option "ttl"/],
      [() => new MapStateDescriptor("m", { tll: {} } as object), /unknown option "tll"/],
    ];
    for (const [make, message] of bad) {
      expect(make).toThrow(ConfigError);
      expect(make).toThrow(message);
    }
  });

  it("one state name cannot be registered with two TTLs", () => {
    const h = () =>
      harness(
        keyed(() => ({
          open(ctx) {
            ctx.getState(new ValueStateDescriptor("v", 0, { ttl: { ttlMs: 10 } }));
            ctx.getState(new ValueStateDescriptor("v", 0, { ttl: { ttlMs: 20 } }));
          },
          processElement() {},
        })),
      );
    expect(h).toThrow(/state "v" is already registered with another ttl/);
  });
});
