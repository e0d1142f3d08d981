// toNats on a MemoryBus (no server): subjects built with subjectToken for any key, payloads,
// dead letters with reasons for bad subjects and payloads, counters that reconcile, flushes at
// checkpoints and at close, pacing, the default bus, and option checks. The same sink against a
// real nats-server is in nats-sink-server.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, MemoryBus, Pipeline, defaultBus, fromIterable, parseSubjectToken, subjectToken, toNats, type DeadLetter, type NatsMessage, type Sink } from "streamine";

interface Prediction {
  key: string;
  score: number;
}

/** A MemoryBus that counts its flushes. */
class CountingBus extends MemoryBus {
  flushes = 0;
  override flush(): Promise<void> {
    this.flushes++;
    return super.flush();
  }
}

/** Opens `sink` outside a pipeline, collecting its dead letters. */
function opened<T>(sink: Sink<T>): { sink: Sink<T>; dead: { record: unknown; reason: string }[] } {
  const dead: { record: unknown; reason: string }[] = [];
  sink.open?.({ checkpointing: false, deadLetter: (record, reason) => dead.push({ record, reason }) });
  return { sink, dead };
}

function listen(bus: MemoryBus, subject: string): NatsMessage[] {
  const got: NatsMessage[] = [];
  bus.subscribe(subject, (m) => got.push(m));
  return got;
}

describe("toNats on a MemoryBus", () => {
  it("any key becomes exactly one subject token: the message arrives on predictions.<model>.<token>, and the token parses back to the key", async () => {
    const bus = new MemoryBus();
    const got = listen(bus, "predictions.hst.*");
    const { sink, dead } = opened(toNats<Prediction>({ bus, subject: (p) => `predictions.hst.${subjectToken(p.key)}` }));
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 30 }), fc.double({ noNaN: true, noDefaultInfinity: true }), async (key, score) => {
        got.length = 0;
        await sink.writeBatch([{ key, score }]);
        await bus.flush();
        expect(dead).toEqual([]);
        expect(got).toHaveLength(1);
        const tokens = got[0]!.subject.split(".");
        expect(tokens).toHaveLength(3);
        expect(parseSubjectToken(tokens[2]!)).toBe(key);
        expect(got[0]!.json()).toEqual({ key, score: Object.is(score, -0) ? 0 : score });
      }),
      { numRuns: 500 },
    );
    await sink.close?.();
  });

  it("publishes each record's JSON on its subject, in order, through a pipeline", async () => {
    const bus = new MemoryBus();
    const got = listen(bus, "predictions.>");
    const records = Array.from({ length: 2_500 }, (_, i) => ({ key: `d.${i % 3}`, score: i / 10 }));
    const p = Pipeline.create({ name: "to-memory", batchSize: 100 });
    p.source(fromIterable(records)).sink(toNats({ bus, subject: (r) => `predictions.hst.${subjectToken(r.key)}` }));
    await p.run();
    expect(got.map((m) => m.subject)).toEqual(records.map((r) => `predictions.hst.${subjectToken(r.key)}`));
    expect(got.map((m) => m.json())).toEqual(records);
    expect(got[1]!.subject).toBe("predictions.hst.d%2E1");
  });

  it("a fixed subject and a serialize of its own, strings or bytes", async () => {
    const bus = new MemoryBus();
    const got = listen(bus, "scores");
    const { sink } = opened(toNats<number>({ bus, subject: "scores", serialize: (x) => (x % 2 === 0 ? `n=${x}` : new TextEncoder().encode(`b=${x}`)) }));
    expect(sink.description).toBe("toNats(scores on a MemoryBus)");
    await sink.writeBatch([1, 2]);
    await sink.close?.();
    expect(got.map((m) => m.string())).toEqual(["b=1", "n=2"]);
  });

  it("sends a record it cannot publish to the dead letters with the reason; in = published + dead-lettered", async () => {
    const bus = new MemoryBus();
    const got = listen(bus, ">");
    type R = { key: string; v?: unknown; bad?: "subject" };
    const records: R[] = [
      { key: "ok1" },
      { key: "a.b c*>" }, // used raw: whitespace and wildcards
      { key: "x", v: 10n }, // JSON.stringify throws on a BigInt
      { key: "ok2" },
      { key: "y", bad: "subject" }, // the subject function throws
      { key: "" }, // an empty token
      { key: "ok3" },
    ];
    const p = Pipeline.create({ name: "dead", batchSize: 3 });
    p.source(fromIterable(records))
      .sink(
        toNats<R>({
          bus,
          subject: (r) => {
            if (r.bad === "subject") throw new Error("no model for y");
            return `predictions.m.${r.key}`;
          },
        }),
      )
      .uid("out");
    const dead: DeadLetter[] = [];
    p.deadLetters().sink((d) => dead.push(d));
    await p.run();
    expect(got.map((m) => m.json<R>().key)).toEqual(["ok1", "ok2", "ok3"]);
    expect(dead.map((d) => (d.record as R).key)).toEqual(["a.b c*>", "x", "y", ""]);
    expect(dead.every((d) => d.operator === "out")).toBe(true);
    expect(dead[0]!.reason).toBe('toNats(a MemoryBus): NatsError: cannot publish: subject "predictions.m.a.b c*>" holds whitespace (put values in it with subjectToken())');
    expect(dead[1]!.reason).toMatch(/^toNats\(a MemoryBus\): cannot serialize the record: TypeError: .*BigInt/);
    expect(dead[2]!.reason).toBe("toNats(a MemoryBus): the subject function threw Error: no model for y");
    expect(dead[3]!.reason).toMatch(/subject "predictions\.m\." has an empty token/);
    const c = p.metrics()["out"]!;
    expect(c.in).toBe(records.length);
    expect(c.out).toBe(got.length);
    expect(c.deadLettered).toBe(dead.length);
    expect(c.in).toBe(c.out + c.deadLettered);
  });

  it("dead-letters a serialize that returns neither a string nor bytes (JSON.stringify(undefined))", async () => {
    const bus = new MemoryBus();
    const { sink, dead } = opened(toNats<unknown>({ bus, subject: "u" }));
    await sink.writeBatch([undefined, () => 1]);
    expect(dead.map((d) => d.reason)).toEqual([
      "toNats(u on a MemoryBus): cannot serialize the record: TypeError: serialize returned undefined, not a string or Uint8Array",
      "toNats(u on a MemoryBus): cannot serialize the record: TypeError: serialize returned undefined, not a string or Uint8Array",
    ]);
  });

  it("flushes the bus at every checkpoint and at close; restores as a no-op (at most once)", async () => {
    const bus = new CountingBus();
    const got = listen(bus, "ck.>");
    const dir = mkdtempSync(join(tmpdir(), "streamine-tonats-"));
    try {
      const p = Pipeline.create({ name: "ck", batchSize: 50, checkpoint: { dir, everyRecords: 200 } });
      p.source(fromIterable(Array.from({ length: 1_000 }, (_, i) => i))).sink(toNats({ bus, subject: (i) => `ck.${i % 4}` }));
      await p.run();
      expect(got).toHaveLength(1_000);
      expect(bus.flushes).toBeGreaterThanOrEqual(1_000 / 200 + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const sink = toNats({ bus, subject: "ck.x" });
    sink.restoreState?.(null);
    const { ready } = sink.snapshotState!(1);
    await ready;
  });

  it("every maxUnflushedBytes it starts a flush and makes the pipeline wait for the one before", async () => {
    const bus = new CountingBus();
    const { sink } = opened(toNats<string>({ bus, subject: "pace", maxUnflushedBytes: 10 }));
    await sink.writeBatch(["12345"]); // the first batch waits for the bus to open; 7 bytes ("12345" in quotes)
    expect(bus.flushes).toBe(0);
    expect(sink.writeBatch(["123456"])).toBeUndefined(); // 15 bytes: the first flush starts, none to wait for
    expect(bus.flushes).toBe(1);
    expect(sink.writeBatch(["1"])).toBeUndefined(); // 3 bytes
    const wait = sink.writeBatch(["12345678901"]); // 16 bytes: the second flush starts, the first is awaited
    expect(wait).toBeInstanceOf(Promise);
    expect(bus.flushes).toBe(2);
    await wait;
    await sink.close?.();
  });

  it("without servers or bus it publishes to the default bus, which it does not close", async () => {
    const subject = `default.${process.pid}.${Date.now()}`;
    const got = listen(defaultBus, subject);
    const p = Pipeline.create({ name: "default" });
    const sink = toNats<{ a: number }>({ subject });
    expect(sink.description).toBe(`toNats(${subject} on defaultBus)`);
    p.source(fromIterable([{ a: 1 }])).sink(sink);
    await p.run();
    expect(got.map((m) => m.json())).toEqual([{ a: 1 }]);
    defaultBus.publish(subject, "{}"); // still open
  });

  it("rejects bad options by name", () => {
    const bus = new MemoryBus();
    expect(() => toNats({} as never)).toThrow(/toNats options\.subject must be a subject or a function/);
    expect(() => toNats({ subject: "a.*" })).toThrow(ConfigError);
    expect(() => toNats({ subject: "a.*" })).toThrow(/toNats options\.subject: subject "a\.\*" holds a wildcard/);
    expect(() => toNats({ subject: "a", servers: "nats://127.0.0.1:4222", bus })).toThrow(/give servers or bus, not both/);
    expect(() => toNats({ subject: "a", user: "u", pass: "p" })).toThrow(/toNats options\.user needs servers: without servers the connector uses the in-memory defaultBus/);
    expect(() => toNats({ subject: "a", bus, token: "t" })).toThrow(/toNats options\.token needs servers: without servers the connector uses its bus/);
    expect(() => toNats({ subject: "a", bus: {} as never })).toThrow(/bus must be a Bus/);
    expect(() => toNats({ subject: "a", servers: "" })).toThrow(/servers must be a server URL/);
    expect(() => toNats({ subject: "a", servers: "nats://x:1", user: "u" })).toThrow(/give user and pass together/);
    expect(() => toNats({ subject: "a", serialize: 1 as never })).toThrow(/serialize must be a function/);
    expect(() => toNats({ subject: "a", maxUnflushedBytes: 0 })).toThrow(/maxUnflushedBytes must be an integer ≥ 1/);
    expect(() => toNats({ subject: "a", subjects: "b" } as never)).toThrow(/unknown option "subjects"/);
  });
});
