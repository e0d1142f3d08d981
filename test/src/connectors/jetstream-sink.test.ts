// toJetStream against the test setup's real nats-server: acked publishes with Nats-Msg-Id
// de-duplication, subjects built from escaped tokens, bad records and refused publishes in the
// dead letters with counts that reconcile, clear errors for a missing server or stream.
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ConfigError, NatsError, Pipeline, fromIterable, subjectToken, toJetStream, type DeadLetter, type OperatorCounters } from "streamine";
import { freePort } from "../../setup/nats-process.js";

const url = inject("natsUrl");
let nc: NatsConnection;
let jsm: JetStreamManager;
const streams: string[] = [];

/** A stream no other test uses, on subjects `<prefix>.>`; removed after the file. */
async function uniqueStream(): Promise<{ stream: string; prefix: string }> {
  const n = streams.length;
  const stream = `SINK_${process.pid}_${Date.now()}_${n}`;
  const prefix = `sinktest.${process.pid}.${Date.now()}.${n}`;
  streams.push(stream);
  await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
  return { stream, prefix };
}

async function stored(stream: string): Promise<{ subject: string; data: unknown; id: string | undefined }[]> {
  const info = await jsm.streams.info(stream);
  const out: { subject: string; data: unknown; id: string | undefined }[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m !== null) out.push({ subject: m.subject, data: m.json(), id: m.header?.get("Nats-Msg-Id") });
  }
  return out;
}

beforeAll(async () => {
  nc = await connect({ servers: url });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
  await nc.close();
});

interface Prediction {
  readonly device: string;
  readonly windowEnd: number;
  readonly score: number;
}

const predictions: Prediction[] = Array.from({ length: 2_500 }, (_, i) => ({ device: `dev.${i % 7} east`, windowEnd: Math.floor(i / 7) * 60_000, score: (i % 11) / 10 }));

function sinkJob(name: string, records: readonly Prediction[], sinkOptions: Parameters<typeof toJetStream<Prediction>>[0], dead: DeadLetter[]): Pipeline {
  const p = Pipeline.create({ name, batchSize: 128 });
  p.source(fromIterable(records)).sink(toJetStream(sinkOptions)).uid("js");
  p.deadLetters().sink((d) => dead.push(d));
  return p;
}

const sinkCounters = (p: Pipeline): OperatorCounters => {
  const c = p.metrics()["js"];
  if (c === undefined) throw new Error("no counters for the sink");
  return c;
};

describe("toJetStream", () => {
  it("publishes every record once, on the subject made of escaped tokens, with its Nats-Msg-Id; a second run of the same records adds nothing", async () => {
    const { stream, prefix } = await uniqueStream();
    const options = {
      servers: url,
      stream,
      subject: (r: Prediction) => `${prefix}.${subjectToken(r.device)}`,
      msgId: (r: Prediction) => `job/${r.device}/${r.windowEnd}`,
      maxInFlight: 64,
    };
    const dead: DeadLetter[] = [];
    await sinkJob("publish", predictions, options, dead).run();
    expect(dead).toEqual([]);
    const first = await stored(stream);
    expect(first).toHaveLength(predictions.length);
    expect(first[0]).toEqual({ subject: `${prefix}.dev%2E0%20east`, data: predictions[0], id: "job/dev.0 east/0" });
    // every key stays one token: nothing a key holds reaches the subject as . * > or space
    expect(new Set(first.map((m) => m.subject.split(".").length))).toEqual(new Set([prefix.split(".").length + 1]));
    expect(first.map((m) => m.data)).toEqual(predictions);

    // a replay (what a restart after a crash publishes) is dropped by the stream
    const again: DeadLetter[] = [];
    const p = sinkJob("publish", predictions.slice(100, 900), options, again);
    await p.run();
    expect(again).toEqual([]);
    expect((await jsm.streams.info(stream)).state.messages).toBe(predictions.length);
    expect(sinkCounters(p).out).toBe(800);
  });

  it("a record whose subject or id cannot be made goes to the dead letters with the reason; the others are published and counts reconcile", async () => {
    const { stream, prefix } = await uniqueStream();
    const dead: DeadLetter[] = [];
    const records = predictions.slice(0, 50);
    const p = sinkJob(
      "bad-records",
      records,
      {
        servers: url,
        stream,
        // an unescaped key puts "." and " " into the subject
        subject: (r) => (r.windowEnd === 0 ? `${prefix}.${r.device}` : `${prefix}.${subjectToken(r.device)}`),
        msgId: (r) => (r.score === 1 ? "" : `${r.device}/${r.windowEnd}`),
      },
      dead,
    );
    await p.run();
    const badSubject = records.filter((r) => r.windowEnd === 0);
    const badId = records.filter((r) => r.windowEnd !== 0 && r.score === 1);
    expect(dead.map((d) => d.record)).toEqual(expect.arrayContaining([...badSubject, ...badId]));
    expect(dead).toHaveLength(badSubject.length + badId.length);
    expect(dead.find((d) => d.record === badSubject[0])?.reason).toMatch(/holds whitespace.*subjectToken/);
    expect(dead.find((d) => d.record === badId[0])?.reason).toMatch(/msgId returned ""/);
    const c = sinkCounters(p);
    expect(c.in).toBe(records.length);
    expect(c.out + c.deadLettered).toBe(c.in);
    expect((await jsm.streams.info(stream)).state.messages).toBe(c.out);
  });

  it("a publish the server refuses (subject of another stream) is dead-lettered at once; one with no stream at all after its retries", async () => {
    const { stream } = await uniqueStream();
    const other = await uniqueStream();
    const dead: DeadLetter[] = [];
    const records = predictions.slice(0, 20);
    const p = sinkJob(
      "refused",
      records,
      {
        servers: url,
        stream,
        subject: (r) => (r.score < 0.5 ? `${other.prefix}.x` : `nostream.${process.pid}.${Date.now()}`),
        msgId: (r) => `${r.device}/${r.windowEnd}`,
        retries: 2,
        retryDelayMs: 5,
        timeoutMs: 500,
      },
      dead,
    );
    await p.run();
    expect(dead).toHaveLength(records.length);
    const wrongStream = dead.filter((d) => (d.record as Prediction).score < 0.5);
    expect(wrongStream.length).toBeGreaterThan(0);
    for (const d of wrongStream) expect(d.reason).toMatch(/failed: .*stream/i);
    for (const d of dead.filter((d) => (d.record as Prediction).score >= 0.5)) expect(d.reason).toMatch(/after 3 attempts/);
    const c = sinkCounters(p);
    expect([c.in, c.out, c.deadLettered]).toEqual([records.length, 0, records.length]);
    expect((await jsm.streams.info(other.stream)).state.messages).toBe(0);
  });

  it("a publish nobody acknowledges times out, is published again under the same id, and after its retries goes to the dead letters", async () => {
    const { stream } = await uniqueStream();
    const subject = `silent.${process.pid}.${Date.now()}`;
    // a plain subscriber takes the messages (so no "no responders"), and no stream answers
    const seen: string[] = [];
    const sub = nc.subscribe(subject, { callback: (_e, m) => void seen.push(m.headers?.get("Nats-Msg-Id") ?? "") });
    await nc.flush();
    const dead: DeadLetter[] = [];
    const records = predictions.slice(0, 3);
    const p = sinkJob("silent", records, { servers: url, stream, subject, msgId: (r) => `id-${r.device}`, retries: 2, retryDelayMs: 1, timeoutMs: 100 }, dead);
    await p.run();
    sub.unsubscribe();
    expect(dead.map((d) => d.record)).toEqual(expect.arrayContaining(records));
    for (const d of dead) expect(d.reason).toMatch(/after 3 attempts: no acknowledgement within 100 ms/);
    expect(seen.sort()).toEqual(records.flatMap((r) => [`id-${r.device}`, `id-${r.device}`, `id-${r.device}`]).sort());
    const c = sinkCounters(p);
    expect([c.out, c.deadLettered]).toEqual([0, 3]);
  });

  it("a missing stream fails the run naming it; a missing server fails quickly naming the URL", async () => {
    await expect(sinkJob("no-stream", predictions.slice(0, 3), { servers: url, stream: "NO_SUCH_STREAM_HERE", subject: "a.b", msgId: (r) => r.device }, []).run()).rejects.toThrow(
      /stream "NO_SUCH_STREAM_HERE" cannot be used/,
    );
    const port = await freePort();
    const started = Date.now();
    const run = sinkJob("no-server", predictions.slice(0, 3), { servers: `nats://127.0.0.1:${port}`, stream: "S", subject: "a.b", msgId: (r) => r.device }, []).run();
    await expect(run).rejects.toThrow(NatsError);
    await expect(run).rejects.toThrow(`cannot connect to NATS at nats://127.0.0.1:${port} to publish to stream "S"`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("rejects bad options when the pipeline is built, naming the option", () => {
    const base = { servers: url, stream: "S", subject: "a.b", msgId: (r: Prediction) => r.device };
    expect(() => toJetStream({ ...base, stream: "" })).toThrow(/stream must name a stream/);
    expect(() => toJetStream({ ...base, subject: "a.*" })).toThrow(ConfigError);
    expect(() => toJetStream({ ...base, subject: "a.*" })).toThrow(/wildcard/);
    expect(() => toJetStream({ ...base, msgId: undefined as never })).toThrow(/msgId must be a function/);
    expect(() => toJetStream({ ...base, maxInFlight: 0 })).toThrow(/maxInFlight/);
    expect(() => toJetStream({ ...base, subjects: "x" } as never)).toThrow(/subjects/);
  });
});
