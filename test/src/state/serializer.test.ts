// Keyed state with a serializer (Flink's TypeSerializer): the backend keeps live objects and
// converts them only when a checkpoint is taken or restored. Round trips through the harness's
// checkpoint bytes and through a real checkpoint directory; the refusal of class instances
// without a serializer is unchanged.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CheckpointError,
  ConfigError,
  ListStateDescriptor,
  MapStateDescriptor,
  Pipeline,
  ValueStateDescriptor,
  estimatorSerializer,
  fromIterable,
  type DataStream,
  type KeyedProcessFunction,
  type StateSerializer,
  type ValueState,
} from "streamine";
import { EWZScore } from "streamine/algorithms";
import type { KeyedProcessOperator } from "../../../src/operators/keyed-process.js";
import { harness, TestClock } from "../harness.js";

/** A live object that is not plain data: a checkpoint refuses it without a serializer. */
class Acc {
  constructor(
    public sum = 0,
    public n = 0,
  ) {}
  add(v: number): this {
    this.sum += v;
    this.n++;
    return this;
  }
}

/** Counts conversions, to show that reads and writes never convert. */
function accSerializer(): StateSerializer<Acc> & { calls: { serialize: number; deserialize: number } } {
  const calls = { serialize: 0, deserialize: 0 };
  return {
    calls,
    serialize(a) {
      calls.serialize++;
      return new Uint8Array(new Float64Array([a.sum, a.n]).buffer);
    },
    deserialize(bytes) {
      calls.deserialize++;
      const f = new Float64Array(bytes.slice().buffer);
      return new Acc(f[0], f[1]);
    },
  };
}

interface Cmd {
  readonly k: string;
  readonly v: number;
}

function opened<T>(x: T | null): T {
  if (x === null) throw new Error("state used before open()");
  return x;
}

/** Value, list and map state of `Acc`, all with the serializer; emits "k sum/n list map". */
function accFn(serializer: StateSerializer<Acc>, ttl?: { ttlMs: number }): () => KeyedProcessFunction<string, Cmd, string> {
  return () => {
    let v: ValueState<Acc | null> | null = null;
    let l: ReturnType<KeyedProcessOperator["getListState"]> | null = null;
    let m: ReturnType<KeyedProcessOperator["getMapState"]> | null = null;
    const opts = ttl === undefined ? { serializer } : { serializer, ttl };
    return {
      open(ctx) {
        v = ctx.getState(new ValueStateDescriptor<Acc | null>("acc", null, opts));
        l = ctx.getListState(new ListStateDescriptor<Acc>("accs", opts));
        m = ctx.getMapState(new MapStateDescriptor<number, Acc>("byParity", opts));
      },
      processElement(c, ctx, out) {
        const acc = opened(v).value() ?? new Acc();
        acc.add(c.v); // a live object: changed in place
        opened(v).update(acc);
        opened(l).add(new Acc(c.v, 1));
        const parity = Math.abs(c.v) % 2;
        const byParity = (opened(m).get(parity) as Acc | undefined) ?? new Acc();
        opened(m).put(parity, byParity.add(c.v));
        const list = (opened(l).get() as Acc[]).map((a) => a.sum).join(",");
        const map = [...opened(m).entries()].map(([p, a]) => `${String(p)}:${(a as Acc).sum}`).join(",");
        out.collect(`${ctx.getCurrentKey()} ${acc.sum}/${acc.n} [${list}] {${map}}`);
      },
    };
  };
}

const keyed =
  (fn: () => KeyedProcessFunction<string, Cmd, string>) =>
  (s: DataStream<Cmd>): DataStream<string> =>
    s.keyBy((c) => c.k).process(fn());

describe("state descriptors with a serializer", () => {
  it("keep live objects: reads and writes never convert; only a snapshot serializes and only a restore deserializes", () => {
    const ser = accSerializer();
    const h = harness(keyed(accFn(ser)));
    for (let i = 0; i < 50; i++) h.pushElement({ k: `k${i % 3}`, v: i });
    expect(ser.calls).toEqual({ serialize: 0, deserialize: 0 });
    const bytes = h.snapshot();
    // 3 keys: 3 values, 50 list elements, one map value per (key, parity) = 6
    expect(ser.calls).toEqual({ serialize: 3 + 50 + 6, deserialize: 0 });
    const ser2 = accSerializer();
    harness(keyed(accFn(ser2)), { restoreFrom: bytes });
    expect(ser2.calls).toEqual({ serialize: 0, deserialize: 3 + 50 + 6 });
  });

  it("property: snapshot and restore at any point give the outputs of an uninterrupted run (value, list and map state)", () => {
    const cmds = fc.array(fc.record({ k: fc.constantFrom("a", "b", "c", "d"), v: fc.integer({ min: -50, max: 50 }) }), { maxLength: 60, size: "max" });
    fc.assert(
      fc.property(cmds, fc.nat(), (stream, at) => {
        const cut = stream.length === 0 ? 0 : at % (stream.length + 1);
        const whole = harness(keyed(accFn(accSerializer())));
        for (const c of stream) whole.pushElement(c);
        const first = harness(keyed(accFn(accSerializer())));
        for (const c of stream.slice(0, cut)) first.pushElement(c);
        const second = harness(keyed(accFn(accSerializer())), { restoreFrom: first.snapshot() });
        for (const c of stream.slice(cut)) second.pushElement(c);
        expect([...first.output(), ...second.output()]).toEqual(whole.output());
      }),
      { numRuns: 100 },
    );
  });

  it("property: estimatorSerializer round-trips an estimator: the restored one scores identically and re-snapshots to equal bytes", () => {
    const serializer = estimatorSerializer(EWZScore);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (xs, fading) => {
        const d = new EWZScore({ fading });
        for (const x of xs) d.learnOne([x]);
        const back = serializer.deserialize(serializer.serialize(d));
        expect(back).toBeInstanceOf(EWZScore);
        expect(back.snapshot()).toEqual(d.snapshot());
        for (const x of [0, ...xs.slice(0, 5)]) expect(Object.is(back.scoreOne([x]), d.scoreOne([x]))).toBe(true);
      }),
    );
  });

  it("TTL and a serializer together: expired live objects never reach a checkpoint; restored ones keep their stamps", () => {
    const build = keyed(accFn(accSerializer(), { ttlMs: 1_000 }));
    const h = harness(build);
    h.pushElement({ k: "old", v: 1 });
    h.advanceProcessingTime(600);
    h.pushElement({ k: "new", v: 2 });
    h.advanceProcessingTime(1_000); // "old" expired
    const ser = accSerializer();
    const h2 = harness(keyed(accFn(ser, { ttlMs: 1_000 })), { restoreFrom: h.snapshot(), clock: new TestClock(1_000) });
    expect(ser.calls.deserialize).toBe(3); // "new": value, one list element, one map value
    h2.pushElement({ k: "old", v: 5 });
    h2.pushElement({ k: "new", v: 5 });
    h2.advanceProcessingTime(1_600); // "new" was written at 600 and 1_000
    h2.pushElement({ k: "new", v: 7 });
    expect(h2.output()).toEqual(["old 5/1 [5] {1:5}", "new 7/2 [2,5] {0:2,1:5}", "new 14/3 [5,7] {1:12}"]);
  });

  it("null passes without the serializer: a nullable state needs no nullable serializer", () => {
    const h = harness((s: DataStream<Cmd>) =>
      s.keyBy((c) => c.k).process<string>({
        state: null as ValueState<EWZScore | null> | null,
        open(ctx) {
          this.state = ctx.getState(new ValueStateDescriptor<EWZScore | null>("d", null, { serializer: estimatorSerializer(EWZScore) }));
        },
        processElement(c, _ctx, out) {
          const s = opened(this.state);
          if (c.v < 0) s.update(null);
          else s.update(new EWZScore());
          out.collect(String(s.value()));
        },
      } as KeyedProcessFunction<string, Cmd, string> & { state: ValueState<EWZScore | null> | null }),
    );
    h.pushElement({ k: "a", v: -1 });
    h.pushElement({ k: "b", v: 1 });
    expect(() => h.snapshot()).not.toThrow();
  });

  it("a serializer that fails, or returns something other than bytes, fails the checkpoint naming the state and the key", () => {
    const bad: StateSerializer<Acc> = { serialize: () => "nope" as unknown as Uint8Array, deserialize: () => new Acc() };
    const h = harness(keyed(accFn(bad)));
    h.pushElement({ k: "k1", v: 1 });
    expect(() => h.snapshot()).toThrow(/state "acc", key "k1": its serializer failed: serialize returned string, not a Uint8Array/);
  });

  it("refuses a serializer without serialize/deserialize, and one state name registered with and without a serializer", () => {
    expect(() => new ValueStateDescriptor("x", null, { serializer: {} as StateSerializer<null> })).toThrow(ConfigError);
    expect(() => new ValueStateDescriptor("x", null, { serializer: {} as StateSerializer<null> })).toThrow(/ValueStateDescriptor\("x"\): serializer must be an object with serialize\(value\) and deserialize\(bytes\)/);
    expect(() => estimatorSerializer({} as typeof EWZScore)).toThrow(ConfigError);
    const twice = (s: DataStream<Cmd>): DataStream<string> =>
      s.keyBy((c) => c.k).process<string>({
        open(ctx) {
          ctx.getState(new ValueStateDescriptor<Acc | null>("a", null, { serializer: accSerializer() }));
          ctx.getState(new ValueStateDescriptor<Acc | null>("a", null));
        },
        processElement() {},
      });
    expect(() => harness(twice)).toThrow(/state "a" is already registered with a serializer/);
  });
});

describe("a checkpoint and the serializer of the restoring descriptor must agree", () => {
  const plain = (): KeyedProcessFunction<string, Cmd, string> => {
    let s: ValueState<number | null> | null = null;
    return {
      open(ctx) {
        s = ctx.getState(new ValueStateDescriptor<number | null>("acc", null));
      },
      processElement(c) {
        opened(s).update(c.v);
      },
    };
  };
  const withSerializer = (): KeyedProcessFunction<string, Cmd, string> => {
    let s: ValueState<Acc | null> | null = null;
    return {
      open(ctx) {
        s = ctx.getState(new ValueStateDescriptor<Acc | null>("acc", null, { serializer: accSerializer() }));
      },
      processElement(c) {
        opened(s).update(new Acc(c.v, 1));
      },
    };
  };

  it("serialized values restored into a descriptor without a serializer fail, naming the state", () => {
    const h = harness(keyed(withSerializer));
    h.pushElement({ k: "a", v: 1 });
    expect(() => harness(keyed(plain), { restoreFrom: h.snapshot() })).toThrow(/state "acc": the checkpoint holds its values serialized, but its descriptor has no serializer/);
  });

  it("plain values restored into a descriptor with a serializer fail, naming the state", () => {
    const h = harness(keyed(plain));
    h.pushElement({ k: "a", v: 1 });
    expect(() => harness(keyed(withSerializer), { restoreFrom: h.snapshot() })).toThrow(/state "acc": the checkpoint holds its values as plain data, but its descriptor has a serializer/);
  });

  it("bytes the serializer cannot read fail the restore, naming the state, the key and the estimator's own error", () => {
    const h = harness(keyed(withSerializer));
    h.pushElement({ k: "a", v: 1 });
    const estimatorState = (): KeyedProcessFunction<string, Cmd, string> => ({
      open(ctx) {
        ctx.getState(new ValueStateDescriptor<EWZScore | null>("acc", null, { serializer: estimatorSerializer(EWZScore) }));
      },
      processElement() {},
    });
    expect(() => harness(keyed(estimatorState), { restoreFrom: h.snapshot() })).toThrow(/state "acc", key "a": its serializer cannot read the checkpointed bytes: .*EWZScore/);
  });

  it("state restored before any descriptor asked for it stays bytes until one does, and is checkpointed again as bytes", () => {
    const ser = accSerializer();
    const h = harness(keyed(accFn(ser)));
    h.pushElement({ k: "a", v: 3 });
    // a function that asks for "acc" lazily, on its first record
    let lazyState: ValueState<Acc | null> | null = null;
    const late = (s2: StateSerializer<Acc>): (() => KeyedProcessFunction<string, Cmd, string>) => () => {
      let runtime: Parameters<NonNullable<KeyedProcessFunction<string, Cmd, string>["open"]>>[0] | null = null;
      return {
        open(ctx) {
          runtime = ctx;
        },
        processElement(c, _ctx, out) {
          lazyState ??= opened(runtime).getState(new ValueStateDescriptor<Acc | null>("acc", null, { serializer: s2 }));
          const acc = lazyState.value() ?? new Acc();
          out.collect(`${acc.sum}/${acc.n}`);
          lazyState.update(acc.add(c.v));
        },
      };
    };
    const s2 = accSerializer();
    const h2 = harness(keyed(late(s2)), { restoreFrom: h.snapshot(), allowNonRestoredState: true });
    expect(s2.calls.deserialize).toBe(0); // no descriptor yet: still bytes
    const again = h2.snapshot(); // checkpointed as they were restored
    expect(s2.calls.serialize).toBe(0);
    h2.pushElement({ k: "a", v: 4 });
    expect(s2.calls.deserialize).toBe(1);
    expect(h2.output()).toEqual(["3/1"]);
    lazyState = null;
    const s3 = accSerializer();
    const h3 = harness(keyed(late(s3)), { restoreFrom: again, allowNonRestoredState: true });
    h3.pushElement({ k: "a", v: 1 });
    expect(h3.output()).toEqual(["3/1"]);
  });
});

describe("a real checkpoint directory", () => {
  const job = (dir: string, state: (ctx: Parameters<NonNullable<KeyedProcessFunction<string, Cmd, string>["open"]>>[0]) => ValueState<unknown>): Pipeline => {
    const p = Pipeline.create({ name: "live-state", batchSize: 10, checkpoint: { dir, everyRecords: 10 } });
    let s: ValueState<unknown> | null = null;
    p.source(fromIterable(Array.from({ length: 30 }, (_, i) => ({ k: `k${i % 3}`, v: i }))))
      .keyBy((c) => c.k)
      .process<number>({
        open(ctx) {
          s = state(ctx);
        },
        processElement(c, _ctx, out) {
          const acc = (opened(s).value() as Acc | null) ?? new Acc();
          opened(s).update(acc.add(c.v));
          out.collect(acc.sum);
        },
      })
      .uid("acc")
      .sink(() => undefined);
    return p;
  };

  it("refuses a class instance in keyed state without a serializer, naming the operator, the class and the path", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "live-state-")), "ck");
    const p = job(dir, (ctx) => ctx.getState(new ValueStateDescriptor<unknown>("acc", null)) as ValueState<unknown>);
    const run = p.run();
    await expect(run).rejects.toThrow(CheckpointError);
    await expect(run).rejects.toThrow(/operator "acc": its state holds an instance of Acc at state\.keyed\.tables\.0\.data\.get\("k0"\)/);
    await expect(run).rejects.toThrow(/give its state descriptor a serializer/);
  });

  it("checkpoints the same state with a serializer, and a rerun restores it", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "live-state-")), "ck");
    const state = (ctx: Parameters<NonNullable<KeyedProcessFunction<string, Cmd, string>["open"]>>[0]) =>
      ctx.getState(new ValueStateDescriptor<Acc | null>("acc", null, { serializer: accSerializer() })) as ValueState<unknown>;
    await job(dir, state).run();
    const p = job(dir, state);
    await p.run(); // resumes from the last checkpoint (after record 30): nothing left to read
    expect(p.metrics()["acc"]).toMatchObject({ in: 30, out: 30 });
  });
});
