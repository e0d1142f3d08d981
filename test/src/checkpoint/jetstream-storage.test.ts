// Checkpoints in NATS JetStream against the test setup's real nats-server: blobs in the Object
// Store, manifests and the compare-and-set `latest` pointer in KV, loud failures for a stale
// writer, a missing or corrupt object and an unreachable server.
import { Kvm } from "@nats-io/kv";
import { Objm, type ObjectStore } from "@nats-io/obj";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { freePort } from "../../setup/nats-process.js";
import { CheckpointError, ConfigError, Pipeline, fromIterable, tumbling, watermarks } from "streamine";
import { decodeCheckpoint, encodeCheckpoint, type CheckpointData } from "../../../src/checkpoint/codec.js";
import { JetStreamCheckpointStorage } from "../../../src/checkpoint/jetstream-storage.js";

const url = inject("natsUrl");
let nc: NatsConnection;
const buckets: string[] = [];
/** A bucket name no other test (or earlier run against the same server) uses; removed after the file. */
function uniqueBucket(): string {
  const name = `ckpt-test-${process.pid}-${Date.now()}-${buckets.length}`;
  buckets.push(name);
  return name;
}

beforeAll(async () => {
  nc = await connect({ servers: url });
});
afterAll(async () => {
  // NATS_URL may name a long-lived server: leave nothing behind on it
  for (const b of buckets) {
    await (await new Kvm(nc).open(b)).destroy().catch(() => undefined);
    await (await new Objm(nc).open(b, false)).destroy().catch(() => undefined);
  }
  await nc.close();
});

const node = { counters: { in: 0, out: 0, emitted: 0, filtered: 0, deadLettered: 0, late: 0, side: {} }, inputWatermarks: [0], inputIdle: [false], combined: 0, idle: false, outputWatermark: 0 };

function data(state: unknown, id: number): CheckpointData {
  return { pipeline: "p", id, createdAtMs: 0, sources: [{ uid: "source-0", position: { index: id } }], operators: [{ uid: "op", node, state }] };
}

async function keys(bucket: string): Promise<string[]> {
  const kv = await new Kvm(nc).open(bucket);
  const out: string[] = [];
  for await (const k of await kv.keys()) out.push(k);
  return out.sort();
}

async function objects(bucket: string): Promise<string[]> {
  const os = await new Objm(nc).open(bucket);
  return (await os.list()).map((o) => o.name).sort();
}

async function withStorage<T>(bucket: string, keep: number, f: (s: JetStreamCheckpointStorage) => Promise<T>): Promise<T> {
  const s = new JetStreamCheckpointStorage({ servers: url }, bucket, keep);
  try {
    return await f(s);
  } finally {
    await s.close();
  }
}

describe("JetStream checkpoint storage", () => {
  it("round-trips: latest() is null on an empty bucket, then returns the newest checkpoint's bytes", async () => {
    const bucket = uniqueBucket();
    await withStorage(bucket, 3, async (s) => {
      expect(await s.latest()).toBeNull();
      await s.write(1, encodeCheckpoint(data({ v: 1 }, 1)));
      await s.write(2, encodeCheckpoint(data({ v: 2 }, 2)));
      const latest = await s.latest();
      expect(latest?.id).toBe(2);
      expect(latest?.name).toBe(`${bucket}/chk-0000000002`);
      expect(decodeCheckpoint(latest?.bytes ?? new Uint8Array(), latest?.name ?? "").operators[0]?.state).toEqual({ v: 2 });
    });
    // a new process (a fresh connection) sees the same checkpoint
    expect((await withStorage(bucket, 3, (s) => s.latest()))?.id).toBe(2);
    const pointer = await (await new Kvm(nc).open(bucket)).get("latest");
    expect(pointer?.json()).toMatchObject({ id: 2, object: "chk-0000000002", size: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it("keeps the newest N objects and manifests", async () => {
    const bucket = uniqueBucket();
    await withStorage(bucket, 2, async (s) => {
      for (const id of [1, 2, 3, 4, 5]) await s.write(id, encodeCheckpoint(data({ id }, id)));
      expect((await s.latest())?.id).toBe(5);
    });
    expect(await objects(bucket)).toEqual(["chk-0000000004", "chk-0000000005"]);
    expect(await keys(bucket)).toEqual(["latest", "manifest.0000000004", "manifest.0000000005"]);
  });

  it("a stale writer (two processes of one job) fails loudly and leaves the newer pointer alone", async () => {
    const bucket = uniqueBucket();
    await withStorage(bucket, 3, (s) => s.write(1, encodeCheckpoint(data({ v: 1 }, 1))));
    const a = new JetStreamCheckpointStorage({ servers: url }, bucket, 3);
    const b = new JetStreamCheckpointStorage({ servers: url }, bucket, 3);
    try {
      // both restore from checkpoint 1, as two processes started with the same job would
      expect((await a.latest())?.id).toBe(1);
      expect((await b.latest())?.id).toBe(1);
      await a.write(2, encodeCheckpoint(data({ by: "a" }, 2)));
      await a.write(3, encodeCheckpoint(data({ by: "a" }, 3)));
      const stale = b.write(2, encodeCheckpoint(data({ by: "b" }, 2)));
      await expect(stale).rejects.toThrow(CheckpointError);
      await expect(b.write(2, encodeCheckpoint(data({ by: "b" }, 2)))).rejects.toThrow(
        new RegExp(`stale checkpoint writer: checkpoint 2 was not published because pointer "latest" in KV bucket "${bucket}" .* now names checkpoint 3 \\(revision \\d+\\) since this job read revision \\d+`),
      );
      const latest = await a.latest();
      expect(latest?.id).toBe(3);
      expect(decodeCheckpoint(latest?.bytes ?? new Uint8Array(), "x").operators[0]?.state).toEqual({ by: "a" });
      // the stale writer touched nothing: the checkpoint 2 of "a" is intact
      const os = await new Objm(nc).open(bucket);
      const two = await os.getBlob("chk-0000000002");
      expect(decodeCheckpoint(two ?? new Uint8Array(), "chk-2").operators[0]?.state).toEqual({ by: "a" });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("the compare-and-set itself refuses a pointer that moved between the check and the update", async () => {
    const bucket = uniqueBucket();
    const kv = await new Kvm(nc).open(bucket);
    await withStorage(bucket, 3, async (s) => {
      await s.write(1, encodeCheckpoint(data({ v: 1 }, 1)));
      // Another writer moves the pointer while this one uploads checkpoint 2: the upload is
      // wrapped so the race happens at exactly that moment, after the early check passed.
      const { os } = await (s as unknown as { handles: Promise<{ os: ObjectStore }> }).handles;
      const putBlob = os.putBlob.bind(os);
      os.putBlob = async (...args) => {
        await kv.put("latest", JSON.stringify({ id: 9, object: "chk-0000000009", size: 1, sha256: "0".repeat(64), createdAtMs: 0 }));
        return putBlob(...args);
      };
      await expect(s.write(2, encodeCheckpoint(data({ v: 2 }, 2)))).rejects.toThrow(
        /stale checkpoint writer: checkpoint 2 was not published .* now names checkpoint 9 \(revision \d+\) since this job read revision \d+/,
      );
    });
    expect((await kv.get("latest"))?.json<{ id: number }>().id).toBe(9);
  });

  it("a pointer to a missing or corrupt object, or a malformed pointer, is an error naming the bucket, key and object", async () => {
    const bucket = uniqueBucket();
    await withStorage(bucket, 3, (s) => s.write(1, encodeCheckpoint(data({ v: 1 }, 1))));
    const os = await new Objm(nc).open(bucket);
    const kv = await new Kvm(nc).open(bucket);

    await os.putBlob({ name: "chk-0000000001" }, new Uint8Array([1, 2, 3]));
    const corrupt = withStorage(bucket, 3, (s) => s.latest());
    await expect(corrupt).rejects.toThrow(CheckpointError);
    await expect(withStorage(bucket, 3, (s) => s.latest())).rejects.toThrow(
      `checkpoint 1: pointer "latest" in KV bucket "${bucket}" names object "chk-0000000001" in Object Store "${bucket}" on ${url}, which is corrupt: 3 bytes`,
    );

    await os.delete("chk-0000000001");
    await expect(withStorage(bucket, 3, (s) => s.latest())).rejects.toThrow(
      `checkpoint 1: pointer "latest" in KV bucket "${bucket}" names object "chk-0000000001" in Object Store "${bucket}" on ${url}, which is missing`,
    );

    await kv.put("latest", "not json");
    await expect(withStorage(bucket, 3, (s) => s.latest())).rejects.toThrow(`pointer "latest" in KV bucket "${bucket}" on ${url} is corrupt: "not json"`);
  });

  it("an unreachable server fails fast with its URL in the message", async () => {
    const port = await freePort();
    const dead = `nats://127.0.0.1:${port}`;
    const started = Date.now();
    const s = new JetStreamCheckpointStorage({ servers: dead, timeoutMs: 2_000 }, "b", 3);
    await expect(s.latest()).rejects.toThrow(`cannot connect to NATS at ${dead} to use checkpoint bucket "b"`);
    await s.close();
    const p = Pipeline.create({ name: "unreachable", checkpoint: { jetstream: { servers: dead, timeoutMs: 2_000 }, everyRecords: 10 } });
    p.source(fromIterable([1, 2, 3])).sink(() => undefined);
    await expect(p.run()).rejects.toThrow(new RegExp(`cannot connect to NATS at ${dead.replace(/[.]/g, "\\.")} to use checkpoint bucket "ckpt-unreachable"`));
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

interface Reading {
  readonly device: string;
  readonly ts: number;
  readonly v: number;
}

const readings: Reading[] = Array.from({ length: 3_000 }, (_, i) => ({ device: `d${i % 5}`, ts: i * 100, v: i % 17 }));

function expectedLines(): string[] {
  const sums = new Map<string, number>();
  for (const r of readings) {
    const k = `${r.device} ${Math.floor(r.ts / 10_000) * 10_000}`;
    sums.set(k, (sums.get(k) ?? 0) + r.v);
  }
  return [...sums].map(([k, v]) => `${k} ${v}`).sort();
}

function windowJob(bucket: string, out: string[]): Pipeline {
  const p = Pipeline.create({ name: "js-sums", batchSize: 64, checkpoint: { jetstream: { servers: url, bucket }, everyRecords: 256, keep: 2 } });
  p.source(fromIterable(readings))
    .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(0))
    .keyBy((r) => r.device)
    .window(tumbling(10_000))
    .aggregate({ createAccumulator: () => 0, add: (r: Reading, a: number) => a + r.v, merge: (a, b) => a + b, getResult: (a) => a })
    .sink((w) => out.push(`${w.key} ${w.window.start} ${w.value}`));
  return p;
}

describe("a pipeline checkpointing to JetStream", () => {
  it("stopped midway, a rerun restores from the bucket and completes the output", async () => {
    const bucket = uniqueBucket();
    const sockets = openSockets();
    const first: string[] = [];
    const stop = new AbortController();
    await windowJob(bucket, first).run({ signal: stop.signal, onProgress: (n) => (n >= 1_600 ? stop.abort() : undefined) });
    // the run closed its NATS connection (the socket goes away a moment after close() resolves)
    await vi.waitFor(() => expect(openSockets()).toBe(sockets), { timeout: 2_000 });
    const pointer = (await (await new Kvm(nc).open(bucket)).get("latest"))?.json<{ id: number }>();
    expect(pointer?.id).toBeGreaterThanOrEqual(5);
    expect(first.length).toBeLessThan(expectedLines().length);

    const second: string[] = [];
    await windowJob(bucket, second).run();
    await vi.waitFor(() => expect(openSockets()).toBe(sockets), { timeout: 2_000 });
    // resumed, not restarted: the windows fired before the checkpoint are not fired again
    expect(second).not.toContain(first[0]);
    expect([...new Set([...first, ...second])].sort()).toEqual(expectedLines());
    expect(await objects(bucket)).toHaveLength(2);
  });

  it("a run that fails on a corrupt checkpoint names the object and still closes its connection", async () => {
    const bucket = uniqueBucket();
    await windowJob(bucket, []).run();
    const pointer = (await (await new Kvm(nc).open(bucket)).get("latest"))?.json<{ object: string }>();
    await (await new Objm(nc).open(bucket)).putBlob({ name: pointer?.object ?? "" }, new TextEncoder().encode("garbage"));
    const sockets = openSockets();
    await expect(windowJob(bucket, []).run()).rejects.toThrow(
      new RegExp(`pointer "latest" in KV bucket "${bucket}" names object "${pointer?.object ?? ""}" .*, which is corrupt`),
    );
    await vi.waitFor(() => expect(openSockets()).toBe(sockets), { timeout: 2_000 });
  });

  it("rejects bad storage options by name", () => {
    const create = (checkpoint: object) => () => Pipeline.create({ name: "x", checkpoint: checkpoint as never });
    expect(create({ everyMs: 5 })).toThrow(/give dir \(a local directory\) or jetstream/);
    expect(create({ dir: "d", jetstream: { servers: url }, everyMs: 5 })).toThrow(/give dir or jetstream, not both/);
    expect(create({ jetstream: { servers: [] }, everyMs: 5 })).toThrow(/checkpoint\.jetstream\.servers must be a server URL/);
    expect(create({ jetstream: { servers: url, bucket: "a.b" }, everyMs: 5 })).toThrow(/checkpoint\.jetstream\.bucket must be letters, digits/);
    expect(create({ jetstream: { servers: url, user: "u" }, everyMs: 5 })).toThrow(/give user and pass together/);
    expect(create({ jetstream: { servers: url, tls: { certFile: "c" } }, everyMs: 5 })).toThrow(/tls: give certFile and keyFile together/);
    expect(create({ jetstream: { servers: url, nkey: "x" }, everyMs: 5 })).toThrow(ConfigError);
    expect(create({ jetstream: { servers: url, timeoutMs: 0 }, everyMs: 5 })).toThrow(/timeoutMs must be an integer ≥ 1/);
  });
});

const openSockets = (): number => process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;
