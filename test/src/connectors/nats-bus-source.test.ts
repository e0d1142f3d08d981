// fromNats on a bus instead of a server (a MemoryBus, the default bus, a NATS connection as a
// bus), a job publishing with toNats and another reading with fromNats without a server, and
// the natsBus adapter against the test setup's real nats-server.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ConfigError, MemoryBus, NatsError, Pipeline, defaultBus, fromIterable, fromNats, natsBus, toNats, type Bus, type SourceReader } from "streamine";
import { collector } from "./dead-letter-collector.js";

const url = inject("natsUrl");
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connect({ servers: url });
});
afterAll(async () => {
  await nc.close();
});

/** Reads from `reader` until it has `n` records; fails the test after 50 empty batches. */
async function read<T>(reader: SourceReader<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  let empty = 0;
  while (out.length < n) {
    const batch = (await reader.next(64)) ?? [];
    out.push(...batch);
    if (batch.length === 0 && ++empty > 50) throw new Error(`gave up after ${out.length} records`);
  }
  return out;
}

let subjects = 0;
const newSubject = (): string => `busrc.${process.pid}.${Date.now()}.${subjects++}`;

describe("fromNats on a MemoryBus", () => {
  it("reads what is published after it subscribed; a bad payload goes to the dead letters; it leaves the bus open", async () => {
    const bus = new MemoryBus();
    const source = fromNats<{ id: number }>({ bus, subject: "in.>" });
    expect(source.description).toBe("fromNats(in.> on a MemoryBus)");
    const { ctx, dead } = collector();
    const reader = source.open(ctx);
    bus.publish("in.early", '{"id":0}'); // before the first next: not subscribed yet
    expect(await reader.next(10)).toEqual([]);
    for (let id = 1; id <= 5; id++) bus.publish(`in.${id}`, JSON.stringify({ id }));
    bus.publish("in.bad", "{nope");
    expect(await read(reader, 5)).toEqual([1, 2, 3, 4, 5].map((id) => ({ id })));
    await reader.close?.();
    expect(dead).toEqual([{ raw: { subject: "in.bad", data: "{nope" }, reason: expect.stringMatching(/^fromNats\(in\.> on a MemoryBus\): message on "in\.bad": invalid JSON/) }]);
    bus.publish("in.after", "{}"); // the bus is still open; nobody listens
  });

  it("shares a queue group's messages between readers", async () => {
    const bus = new MemoryBus();
    const a = fromNats<number>({ bus, subject: "q", queue: "workers" }).open(collector().ctx);
    const b = fromNats<number>({ bus, subject: "q", queue: "workers" }).open(collector().ctx);
    await a.next(1);
    await b.next(1);
    for (let i = 0; i < 100; i++) bus.publish("q", String(i));
    const fromA = await read(a, 50);
    const fromB = await read(b, 50);
    expect([...fromA, ...fromB].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    await a.close?.();
    await b.close?.();
  });

  it("one job publishes predictions with toNats and another reads them with fromNats, with nothing installed (default bus)", async () => {
    const subject = newSubject();
    const reader = Pipeline.create({ name: "reader" });
    const got: { key: string; score: number }[] = [];
    reader.source(fromNats<{ key: string; score: number }>({ subject: `${subject}.>` })).sink((r) => got.push(r));
    const stop = new AbortController();
    const reading = reader.run({ signal: stop.signal });
    const records = Array.from({ length: 100 }, (_, i) => ({ key: `k${i % 5}`, score: i }));
    // the reader subscribes when its run starts: publish once it listens
    for (let i = 0; got.length === 0 && i < 100; i++) {
      defaultBus.publish(`${subject}.probe`, JSON.stringify({ key: "probe", score: -1 }));
      await new Promise((r) => setTimeout(r, 10));
    }
    const writer = Pipeline.create({ name: "writer" });
    writer.source(fromIterable(records)).sink(toNats({ subject: (r) => `${subject}.${r.key}` }));
    await writer.run();
    for (let i = 0; got.filter((r) => r.key !== "probe").length < 100 && i < 200; i++) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    await reading;
    expect(got.filter((r) => r.key !== "probe")).toEqual(records);
  });

  it("a reader on a custom bus subscribes once and unsubscribes when it closes", async () => {
    const calls: string[] = [];
    const inner = new MemoryBus();
    const bus: Bus = {
      publish: (s, p) => inner.publish(s, p),
      subscribe: (s, h, o) => {
        calls.push(`subscribe ${s} ${o?.queue ?? "-"}`);
        const stop = inner.subscribe(s, h, o);
        return () => {
          calls.push("unsubscribe");
          stop();
        };
      },
      flush: () => inner.flush(),
      close: async () => void calls.push("close"),
    };
    const reader = fromNats({ bus, subject: "c", queue: "g" }).open(collector().ctx);
    await reader.next(1);
    await reader.next(1);
    await reader.close?.();
    expect(calls).toEqual(["subscribe c g", "unsubscribe"]);
  });

  it("rejects bad options by name", () => {
    const bus = new MemoryBus();
    expect(() => fromNats({ subject: "a", servers: url, bus })).toThrow(/fromNats options: give servers or bus, not both/);
    expect(() => fromNats({ subject: "a", credsFile: "x.creds" })).toThrow(/fromNats options\.credsFile needs servers/);
    expect(() => fromNats({ subject: "a", bus: "memory" as never })).toThrow(ConfigError);
    expect(() => fromNats({ subject: "a.>.b", bus })).toThrow(/">" must be the last token/);
  });
});

describe("natsBus", () => {
  it("fromNats reads through a connection it is given, and leaves it open", async () => {
    const subject = newSubject();
    const own = await connect({ servers: url });
    const source = fromNats<{ id: number }>({ bus: natsBus(own), subject });
    expect(source.description).toBe(`fromNats(${subject} on a bus)`);
    const reader = source.open(collector().ctx);
    await reader.next(1);
    for (let id = 1; id <= 3; id++) nc.publish(subject, JSON.stringify({ id }));
    await nc.flush();
    expect(await read(reader, 3)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    await reader.close?.();
    expect(own.isClosed()).toBe(false);
    await own.close();
  });

  it("a handler that throws reaches onError, not the client; other subscribers go on", async () => {
    const subject = newSubject();
    const errors: string[] = [];
    const bus = natsBus(await connect({ servers: url }), { onError: (e, s) => errors.push(`${(e as Error).message} on ${s}`) });
    const got: string[] = [];
    bus.subscribe(subject, () => {
      throw new Error("boom");
    });
    bus.subscribe(subject, (m) => got.push(m.string()), { queue: "q" });
    await bus.flush();
    bus.publish(subject, "1");
    bus.publish(subject, new TextEncoder().encode("2"));
    await bus.flush();
    for (let i = 0; got.length < 2 && i < 100; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual(["1", "2"]);
    expect(errors).toEqual([`boom on ${subject}`, `boom on ${subject}`]);
    expect(() => bus.publish(`${subject}.*`, "x")).toThrow(NatsError);
    expect(() => bus.subscribe("a b", () => undefined)).toThrow(ConfigError);
    await bus.close();
    await bus.close(); // closed already
    expect(() => natsBus({} as never)).toThrow(/give a connection/);
  });
});
