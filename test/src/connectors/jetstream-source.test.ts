// fromJetStream against the test setup's real nats-server: order, dead letters, exact resume
// from a position whatever the durable acknowledged, bounded mode, a checkpointed pipeline
// resumed by a second run, and clear failures for a missing server or stream.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../setup/nats-process.js";
import { CheckpointError, ConfigError, NatsError, Pipeline, fromJetStream, type DeadLetter, type JetStreamSourceOptions, type SourcePosition, type SourceReader } from "streamine";
import { collector } from "./dead-letter-collector.js";

const url = inject("natsUrl");
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const streams: string[] = [];

beforeAll(async () => {
  nc = await connect({ servers: url });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  // NATS_URL may name a long-lived server: leave nothing behind on it
  for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
  await nc.close();
});

/** A new stream on subjects `<name>.>`, named so no other test or earlier run uses it. */
async function newStream(): Promise<string> {
  const name = `JSSRC_${process.pid}_${Date.now()}_${streams.length}`;
  streams.push(name);
  await jsm.streams.add({ name, subjects: [`${name}.>`] });
  return name;
}

/** Publishes each payload (a value as JSON, a string as is) to `subject`, awaiting the stream's ack. */
async function publish(subject: string, payloads: readonly unknown[]): Promise<void> {
  for (const p of payloads) await js.publish(subject, typeof p === "string" ? p : JSON.stringify(p));
}

const ids = (from: number, to: number): { id: number }[] => Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i }));

/** Calls `next(max)` `batches` times (or until the end) and returns what came. */
async function read<T>(reader: SourceReader<T>, max: number, batches = Infinity): Promise<{ records: T[]; ended: boolean }> {
  const records: T[] = [];
  for (let b = 0; b < batches; b++) {
    const batch = await reader.next(max);
    if (batch === null) return { records, ended: true };
    expect(batch.length).toBeLessThanOrEqual(max);
    records.push(...batch);
  }
  return { records, ended: false };
}

/** Options of a bounded source on `stream` (the tests' usual reader). */
const bounded = (stream: string, more: Partial<JetStreamSourceOptions<{ id: number }>> = {}): JetStreamSourceOptions<{ id: number }> => ({
  servers: url,
  stream,
  bounded: true,
  ...more,
});

async function ackFloor(stream: string, durable = `streamine-${stream}`): Promise<number> {
  return (await jsm.consumers.info(stream, durable)).ack_floor.stream_seq;
}

describe("fromJetStream", () => {
  it("reads every message in order, at most max per batch, and a bounded reader then ends", async () => {
    const stream = await newStream();
    await publish(`${stream}.a`, ids(1, 25));
    const source = fromJetStream(bounded(stream));
    expect(source.bounded).toBe(true);
    expect(source.description).toBe(`fromJetStream(${stream} on ${url})`);
    const { ctx, dead } = collector();
    const reader = source.open(ctx);
    const { records, ended } = await read(reader, 7);
    await reader.close?.();
    expect(ended).toBe(true);
    expect(records).toEqual(ids(1, 25));
    expect(dead).toEqual([]);
    expect(reader.position?.()).toEqual({ stream, seq: 25 });
    // the end was acknowledged: the durable's floor is the last message
    expect(await ackFloor(stream)).toBe(25);
  });

  it("dead-letters bad JSON and a throwing parse with the stream and sequence; the counts reconcile", async () => {
    const stream = await newStream();
    await publish(`${stream}.a`, [{ id: 1 }, "{not json", { id: 3 }, { id: 4 }, "[1,"]);
    const { ctx, dead } = collector();
    const reader = fromJetStream(bounded(stream)).open(ctx);
    const { records } = await read(reader, 2);
    await reader.close?.();
    expect(records).toEqual([{ id: 1 }, { id: 3 }, { id: 4 }]);
    expect(dead.map((d) => d.raw)).toEqual([
      { subject: `${stream}.a`, data: "{not json" },
      { subject: `${stream}.a`, data: "[1," },
    ]);
    expect(dead[0]?.reason).toMatch(new RegExp(`stream "${stream}" sequence 2: invalid JSON: SyntaxError`));
    expect(dead[1]?.reason).toContain(`stream "${stream}" sequence 5`);
    expect(records.length + dead.length).toBe(5);
    // a batch that ends in a bad message: the position is past it
    expect(reader.position?.()).toEqual({ stream, seq: 5 });

    const parsed = collector();
    const parse = (m: { seq: number; json<T>(): T }): { id: number } => {
      if (m.seq === 3) throw new Error("no thanks");
      return m.json<{ id: number }>();
    };
    const other = fromJetStream({ ...bounded(stream), durable: "with-parse", parse }).open(parsed.ctx);
    const { records: kept } = await read(other, 100);
    await other.close?.();
    expect(kept).toEqual([{ id: 1 }, { id: 4 }]);
    expect(parsed.dead.map((d) => d.reason)).toEqual([
      expect.stringContaining("sequence 2: parse threw SyntaxError"),
      expect.stringContaining("sequence 3: parse threw Error: no thanks"),
      expect.stringContaining("sequence 5: parse threw SyntaxError"),
    ]);
  });

  it("resumes exactly after a position, whether the durable acknowledged further or less far", async () => {
    const stream = await newStream();
    await publish(`${stream}.a`, ids(1, 40));
    const source = fromJetStream(bounded(stream));

    // Reader A: 10 records, position taken, then on to 20: the durable acknowledges up to 15.
    const a = source.open(collector().ctx);
    expect((await read(a, 5, 2)).records).toEqual(ids(1, 10));
    const position = JSON.parse(JSON.stringify(a.position?.())) as SourcePosition;
    expect(position).toEqual({ stream, seq: 10 });
    expect((await read(a, 5, 2)).records).toEqual(ids(11, 20));
    await a.close?.();
    expect(await ackFloor(stream)).toBe(15);
    const further = source.open(collector().ctx, position);
    expect((await read(further, 8)).records).toEqual(ids(11, 40));
    await further.close?.();

    // Reader B from the start on a fresh durable: 10 records, the durable acknowledges only 5.
    const fresh = fromJetStream(bounded(stream, { durable: "b" }));
    const b = fresh.open(collector().ctx);
    expect((await read(b, 5, 2)).records).toEqual(ids(1, 10));
    await b.close?.();
    expect(await ackFloor(stream, "b")).toBe(5);
    const lessFar = fresh.open(collector().ctx, position);
    expect((await read(lessFar, 8)).records).toEqual(ids(11, 40));
    await lessFar.close?.();
  });

  it("without a position, an existing durable continues after what it acknowledged (at least once)", async () => {
    const stream = await newStream();
    await publish(`${stream}.a`, ids(1, 12));
    const source = fromJetStream(bounded(stream));
    const first = source.open(collector().ctx);
    expect((await read(first, 4, 2)).records).toEqual(ids(1, 8));
    await first.close?.(); // the second batch (5–8) was never acknowledged
    const again = source.open(collector().ctx);
    expect((await read(again, 100)).records).toEqual(ids(5, 12));
    await again.close?.();
  });

  it("refuses a position of another stream, or not a whole number, naming the source and the position", async () => {
    const stream = await newStream();
    await publish(`${stream}.a`, ids(1, 3));
    const source = fromJetStream(bounded(stream));
    const ctx = collector().ctx;
    expect(() => source.open(ctx, { stream: "OTHER", seq: 1 })).toThrow(CheckpointError);
    expect(() => source.open(ctx, { stream: "OTHER", seq: 1 })).toThrow(
      `fromJetStream(${stream} on ${url}): cannot resume from position {"stream":"OTHER","seq":1}: it is a position in stream "OTHER", not in "${stream}"`,
    );
    expect(() => source.open(ctx, { index: 3 })).toThrow(/it is a position in no stream/);
    expect(() => source.open(ctx, { stream, seq: 1.5 })).toThrow(/"seq" must be a whole number/);
    expect(() => source.open(ctx, { stream, seq: -1 })).toThrow(CheckpointError);
    // past the stream's end: the stream was created anew since
    const past = source.open(ctx, { stream, seq: 9 });
    await expect(past.next(10)).rejects.toThrow(/cannot resume from position .*"seq":9.*last sequence is 3/);
    await past.close?.();
  });

  it("bounded mode ends at the stream's last sequence as of the start; later messages are left for the next run", async () => {
    const stream = await newStream();
    // the filter sees seqs 1, 3 (and 5, published after the start); 2 and 4 are other subjects
    await publish(`${stream}.a`, [{ id: 1 }]);
    await publish(`${stream}.b`, [{ id: 2 }]);
    await publish(`${stream}.a`, [{ id: 3 }]);
    await publish(`${stream}.b`, [{ id: 4 }]);
    const source = fromJetStream(bounded(stream, { filterSubject: `${stream}.a` }));
    const reader = source.open(collector().ctx);
    expect(await reader.next(1)).toEqual([{ id: 1 }]);
    await publish(`${stream}.a`, [{ id: 5 }]);
    const { records, ended } = await read(reader, 1);
    await reader.close?.();
    expect(records).toEqual([{ id: 3 }]);
    expect(ended).toBe(true);
    expect(reader.position?.()).toEqual({ stream, seq: 3 });
    // the next run reads what came after
    const next = source.open(collector().ctx);
    expect((await read(next, 10)).records).toEqual([{ id: 5 }]);
    await next.close?.();
    // an empty stream ends at once
    const empty = await newStream();
    const none = fromJetStream(bounded(empty)).open(collector().ctx);
    expect(await none.next(10)).toBeNull();
    expect(none.position?.()).toEqual({ stream: empty, seq: 0 });
    await none.close?.();
  });

  it("start: 'new' skips what is there; { seq } starts at that sequence", async () => {
    const stream = await newStream();
    await publish(`${stream}.a`, ids(1, 5));
    const fromSeq = fromJetStream(bounded(stream, { durable: "from-seq", start: { seq: 4 } })).open(collector().ctx);
    expect((await read(fromSeq, 10)).records).toEqual(ids(4, 5));
    await fromSeq.close?.();

    const onlyNew = fromJetStream({ servers: url, stream, durable: "only-new", start: "new" }).open(collector().ctx);
    expect(await onlyNew.next(10)).toEqual([]); // unbounded: nothing new within fetchExpiresMs
    expect(onlyNew.position?.()).toEqual({ stream, seq: 5 });
    await publish(`${stream}.a`, ids(6, 7));
    const got: unknown[] = [];
    while (got.length < 2) got.push(...((await onlyNew.next(10)) ?? []));
    expect(got).toEqual(ids(6, 7));
    await onlyNew.close?.();
  });

  it("a checkpointed pipeline, run again, continues exactly from its checkpoint", async () => {
    const stream = await newStream();
    const dir = mkdtempSync(join(tmpdir(), "jetstream-source-"));
    const bad = 50;
    const message = (i: number): unknown => (i === bad ? "{oops" : { id: i });
    await publish(`${stream}.a`, Array.from({ length: 200 }, (_, i) => message(i + 1)));
    /** A running count per record in keyed state: after a restore it goes on from the checkpoint's. */
    const job = (out: { id: number; n: number }[], dead: DeadLetter[]): Pipeline => {
      const p = Pipeline.create({ name: "js-count", batchSize: 16, checkpoint: { dir, everyRecords: 50 } });
      p.source(fromJetStream<{ id: number; n: number }>({ servers: url, stream, bounded: true, parse: (m) => ({ id: m.json<{ id: number }>().id, n: 1 }) }))
        .keyBy(() => "all")
        .reduce((a, b) => ({ id: b.id, n: a.n + b.n }))
        .sink((r) => out.push(r));
      p.deadLetters().sink((d) => dead.push(d));
      return p;
    };
    const countBefore = (id: number): number => id - (id > bad ? 1 : 0);

    const first: { id: number; n: number }[] = [];
    const dead: DeadLetter[] = [];
    const p1 = job(first, dead);
    await p1.run();
    expect(first.map((r) => r.id)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1).filter((i) => i !== bad));
    expect(first.every((r) => r.n === countBefore(r.id))).toBe(true);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.record).toEqual({ subject: `${stream}.a`, data: "{oops" });
    expect(dead[0]?.reason).toContain(`stream "${stream}" sequence ${bad}`);
    const source1 = Object.entries(p1.metrics()).find(([uid]) => uid.startsWith("source"))?.[1];
    expect(source1).toMatchObject({ in: 200, out: 199, deadLettered: 1 });

    await publish(`${stream}.a`, ids(201, 260));
    const second: { id: number; n: number }[] = [];
    const p2 = job(second, []);
    await p2.run();
    // it replays from the newest checkpoint of the first run (taken mid-run), nothing before it, no gap
    const resumedAt = second[0]?.id ?? 0;
    expect(resumedAt).toBeGreaterThan(bad);
    expect(resumedAt).toBeLessThanOrEqual(200);
    expect(second.map((r) => r.id)).toEqual(Array.from({ length: 260 - resumedAt + 1 }, (_, i) => resumedAt + i));
    // the restored state counted exactly the records before the position
    expect(second.every((r) => r.n === countBefore(r.id))).toBe(true);
    // the source's counters, restored with the checkpoint, saw each message once
    const source2 = Object.entries(p2.metrics()).find(([uid]) => uid.startsWith("source"))?.[1];
    expect(source2).toMatchObject({ in: 260, out: 259, deadLettered: 1 });
  });

  it("a server that is not there fails at once with a NatsError naming the URL and the stream", { timeout: 15_000 }, async () => {
    const nowhere = `nats://127.0.0.1:${await freePort()}`;
    const reader = fromJetStream({ servers: nowhere, stream: "ORDERS" }).open(collector().ctx);
    const failure = reader.next(10);
    await expect(failure).rejects.toThrow(NatsError);
    await expect(failure).rejects.toThrow(`cannot connect to NATS at ${nowhere} to read JetStream stream "ORDERS"`);
    await reader.close?.();
  });

  it("a stream that does not exist fails with a NatsError naming it", async () => {
    const missing = `JSSRC_MISSING_${process.pid}_${Date.now()}`;
    const reader = fromJetStream({ servers: url, stream: missing }).open(collector().ctx);
    await expect(reader.next(10)).rejects.toThrow(new RegExp(`stream "${missing}" does not exist on ${url}`));
    await reader.close?.();
    // and a pipeline run fails the same way
    const p = Pipeline.create({ name: "missing" });
    p.source(fromJetStream({ servers: url, stream: missing, bounded: true })).sink(() => undefined);
    await expect(p.run()).rejects.toThrow(NatsError);
  });

  it("rejects bad options by name", () => {
    const ok = { servers: url, stream: "S" };
    expect(() => fromJetStream({ servers: url } as never)).toThrow(ConfigError);
    expect(() => fromJetStream({ ...ok, stream: "a.b" })).toThrow(/stream must name a stream/);
    expect(() => fromJetStream({ ...ok, durable: "x y" })).toThrow(/durable must be a consumer name/);
    expect(() => fromJetStream({ ...ok, filterSubject: "a.>.b" })).toThrow(/filterSubject .*">" must be the last token/);
    expect(() => fromJetStream({ ...ok, maxAckPending: 0 })).toThrow(/maxAckPending must be an integer ≥ 1/);
    expect(() => fromJetStream({ ...ok, fetchExpiresMs: 500 })).toThrow(/fetchExpiresMs must be an integer ≥ 1000/);
    expect(() => fromJetStream({ ...ok, start: { seq: 0 } })).toThrow(/start must be "all", "new" or \{ seq \}/);
    expect(() => fromJetStream({ ...ok, parse: 3 } as never)).toThrow(/parse must be a function/);
    expect(() => fromJetStream({ ...ok, bogus: 1 } as never)).toThrow(/unknown option "bogus"/);
  });
});
