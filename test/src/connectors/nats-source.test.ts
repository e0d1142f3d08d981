// fromNats against the test setup's real nats-server: messages published after subscribing,
// queue groups, dead letters for bad payloads and for a full buffer, a pipeline run stopped by
// its signal, and a clear failure for a missing server.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../setup/nats-process.js";
import { ConfigError, NatsError, Pipeline, fromNats, toNats, type DeadLetter, type SourceReader } from "streamine";
import { collector } from "./dead-letter-collector.js";

const url = inject("natsUrl");
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connect({ servers: url });
});
afterAll(async () => {
  await nc.close();
});

let subjects = 0;
/** A subject no other test (or test file sharing the server) uses. */
const newSubject = (): string => `natssrc.${process.pid}.${Date.now()}.${subjects++}`;

/** Publishes each payload (a value as JSON, a string as is), then waits until the server has them all. */
async function publish(subject: string, payloads: readonly unknown[]): Promise<void> {
  for (const p of payloads) nc.publish(subject, typeof p === "string" ? p : JSON.stringify(p));
  await nc.flush();
}

/** Reads from `reader` until `done()` holds; fails the test after 100 empty batches (~10 s). */
async function readUntil<T>(reader: SourceReader<T>, max: number, done: () => boolean, into: T[] = []): Promise<T[]> {
  let empty = 0;
  while (!done()) {
    const batch = (await reader.next(max)) ?? [];
    expect(batch.length).toBeLessThanOrEqual(max);
    into.push(...batch);
    if (batch.length === 0 && ++empty > 100) throw new Error(`gave up waiting after ${into.length} records`);
  }
  return into;
}

const ids = (from: number, to: number): { id: number }[] => Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i }));

describe("fromNats", () => {
  it("receives the messages published after it subscribed, in order; it has no position", async () => {
    const subject = newSubject();
    const source = fromNats<{ id: number }>({ servers: url, subject: `${subject}.>` });
    expect(source.bounded).toBe(false);
    expect(source.description).toBe(`fromNats(${subject}.> on ${url})`);
    const { ctx, dead } = collector();
    const reader = source.open(ctx);
    expect(reader.position).toBeUndefined();
    await publish(`${subject}.early`, [{ id: 0 }]); // before the first next: not subscribed yet
    expect(await reader.next(10)).toEqual([]); // subscribes, waits briefly, nothing came
    await publish(`${subject}.x`, ids(1, 30));
    const got: { id: number }[] = [];
    await readUntil(reader, 8, () => got.length >= 30, got);
    await reader.close?.();
    expect(got).toEqual(ids(1, 30));
    expect(dead).toEqual([]);
  });

  it("splits a queue group's messages between its subscribers; a plain subscriber gets them all", async () => {
    const subject = newSubject();
    const options = { servers: url, subject, queue: "workers" };
    const a = fromNats<{ id: number }>(options).open(collector().ctx);
    const b = fromNats<{ id: number }>(options).open(collector().ctx);
    const all = fromNats<{ id: number }>({ servers: url, subject }).open(collector().ctx);
    for (const r of [a, b, all]) await r.next(1); // subscribe
    await publish(subject, ids(1, 200));
    const fromA: { id: number }[] = [];
    const fromB: { id: number }[] = [];
    while (fromA.length + fromB.length < 200) {
      fromA.push(...((await a.next(50)) ?? []));
      fromB.push(...((await b.next(50)) ?? []));
    }
    const everything: { id: number }[] = [];
    await readUntil(all, 64, () => everything.length >= 200, everything);
    for (const r of [a, b, all]) await r.close?.();
    expect(fromA.length).toBeGreaterThan(0);
    expect(fromB.length).toBeGreaterThan(0);
    expect([...fromA, ...fromB].map((r) => r.id).sort((x, y) => x - y)).toEqual(ids(1, 200).map((r) => r.id));
    expect(everything).toEqual(ids(1, 200));
  });

  it("dead-letters a payload that is not JSON and one whose parse throws, naming the subject", async () => {
    const subject = newSubject();
    const { ctx, dead } = collector();
    const reader = fromNats<{ id: number }>({ servers: url, subject }).open(ctx);
    await reader.next(1);
    await publish(subject, [{ id: 1 }, "{nope", { id: 3 }]);
    const got: { id: number }[] = [];
    await readUntil(reader, 10, () => got.length + dead.length >= 3, got);
    await reader.close?.();
    expect(got).toEqual([{ id: 1 }, { id: 3 }]);
    expect(dead).toEqual([{ raw: { subject, data: "{nope" }, reason: expect.stringMatching(new RegExp(`message on "${subject}": invalid JSON: SyntaxError`)) }]);

    const parsed = collector();
    const strict = fromNats({
      servers: url,
      subject,
      parse: (m) => {
        const v = m.json<{ id: number }>();
        if (v.id < 0) throw new RangeError("negative id");
        return v;
      },
    }).open(parsed.ctx);
    await strict.next(1);
    await publish(subject, [{ id: -1 }, { id: 2 }]);
    const kept: { id: number }[] = [];
    await readUntil(strict, 10, () => kept.length + parsed.dead.length >= 2, kept);
    await strict.close?.();
    expect(kept).toEqual([{ id: 2 }]);
    expect(parsed.dead[0]?.reason).toContain(`message on "${subject}": parse threw RangeError: negative id`);
  });

  it("when the buffer is full it drops the oldest messages and says how many in a dead letter", async () => {
    const subject = newSubject();
    const { ctx, dead } = collector();
    const reader = fromNats<{ id: number }>({ servers: url, subject, maxPending: 5 }).open(ctx);
    await reader.next(1);
    await publish(subject, ids(1, 20));
    // the pipeline is busy meanwhile; give the messages time to reach the subscriber
    await new Promise((r) => setTimeout(r, 300));
    const got: { id: number }[] = [];
    await readUntil(reader, 100, () => got.length >= 5, got);
    await reader.close?.();
    expect(got).toEqual(ids(16, 20));
    expect(dead).toEqual([{ raw: { subject, dropped: 15 }, reason: expect.stringContaining("the buffer of 5 messages was full: dropped the 15 oldest") }]);
  });

  it("runs in a pipeline until its signal stops it; bad payloads reach the pipeline's dead letters", async () => {
    const subject = newSubject();
    const p = Pipeline.create({ name: "nats-source" });
    const out: number[] = [];
    const dead: DeadLetter[] = [];
    p.source(fromNats<{ id: number }>({ servers: url, subject: `${subject}.*` }))
      .map((r) => r.id)
      .sink((id) => out.push(id));
    p.deadLetters().sink((d) => dead.push(d));
    const stop = new AbortController();
    const run = p.run({ signal: stop.signal });
    // the subscription is made when the run starts: probe until it receives
    for (let i = 0; out.length === 0 && i < 200; i++) {
      await publish(`${subject}.probe`, [{ id: 0 }]);
      await new Promise((r) => setTimeout(r, 20));
    }
    const probes = out.length;
    await publish(`${subject}.data`, [...ids(1, 10), "oops"]);
    for (let i = 0; (out.length < probes + 10 || dead.length === 0) && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    await run;
    expect(out.slice(probes).filter((id) => id !== 0)).toEqual(ids(1, 10).map((r) => r.id));
    expect(dead).toHaveLength(1);
    expect(dead[0]?.record).toEqual({ subject: `${subject}.data`, data: "oops" });
    const counters = Object.entries(p.metrics()).find(([uid]) => uid.startsWith("source"))?.[1];
    expect(counters?.in).toBe((counters?.out ?? 0) + 1);
  });

  it("bad payloads reach the <prefix>.deadletter subject on the server with their reason", async () => {
    const subject = newSubject();
    const letters: { record: { subject: string; data: string }; reason: string }[] = [];
    nc.subscribe(`${subject}.deadletter`, { callback: (error, msg) => void (error === null && letters.push(msg.json())) });
    await nc.flush();
    const p = Pipeline.create({ name: "nats-deadletters" });
    const out: number[] = [];
    p.source(fromNats<{ id: number }>({ servers: url, subject: `${subject}.in.*` }))
      .map((r) => r.id)
      .sink((id) => out.push(id));
    p.deadLetters().sink(toNats({ servers: url, subject: `${subject}.deadletter` }));
    const stop = new AbortController();
    const run = p.run({ signal: stop.signal });
    for (let i = 0; out.length === 0 && i < 200; i++) {
      await publish(`${subject}.in.probe`, [{ id: 0 }]);
      await new Promise((r) => setTimeout(r, 20));
    }
    await publish(`${subject}.in.data`, [{ id: 1 }, "{not json", { id: 2 }, "oops"]);
    for (let i = 0; (out.filter((id) => id !== 0).length < 2 || letters.length < 2) && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    await run;
    for (let i = 0; letters.length < 2 && i < 200; i++) await new Promise((r) => setTimeout(r, 10));
    expect(out.filter((id) => id !== 0)).toEqual([1, 2]);
    expect(letters.map((l) => l.record)).toEqual([
      { subject: `${subject}.in.data`, data: "{not json" },
      { subject: `${subject}.in.data`, data: "oops" },
    ]);
    for (const l of letters) expect(l.reason).toMatch(/JSON/);
  });

  it("a server that is not there fails at once with a NatsError naming the URL", { timeout: 15_000 }, async () => {
    const nowhere = `nats://127.0.0.1:${await freePort()}`;
    const reader = fromNats({ servers: nowhere, subject: "a.b" }).open(collector().ctx);
    const failure = reader.next(10);
    await expect(failure).rejects.toThrow(NatsError);
    await expect(failure).rejects.toThrow(`cannot connect to NATS at ${nowhere} to subscribe to "a.b"`);
    await reader.close?.();
  });

  it("rejects bad options by name", () => {
    expect(() => fromNats({ servers: url } as never)).toThrow(ConfigError);
    expect(() => fromNats({ servers: url, subject: "a..b" })).toThrow(/subject "a\.\.b" has an empty token/);
    expect(() => fromNats({ servers: url, subject: "a.b*" })).toThrow(/a wildcard must be a whole token/);
    expect(() => fromNats({ servers: url, subject: "a", queue: "" })).toThrow(/queue must be a non-empty name/);
    expect(() => fromNats({ servers: url, subject: "a", maxPending: 0 })).toThrow(/maxPending must be an integer ≥ 1/);
    expect(() => fromNats({ servers: "", subject: "a" })).toThrow(/servers must be a server URL/);
  });
});
