import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CheckpointError } from "streamine";
import { CHECKPOINT_FORMAT, decodeCheckpoint, encodeCheckpoint, type CheckpointData } from "../../../src/checkpoint/codec.js";
import { FsCheckpointStorage } from "../../../src/checkpoint/fs-storage.js";

const node = { counters: { in: 3, out: 3, emitted: 3, filtered: 0, deadLettered: 0, late: 0, side: {} }, inputWatermarks: [5], inputIdle: [false], combined: 5, idle: false, outputWatermark: 5 };

function data(state: unknown, id = 7): CheckpointData {
  return { pipeline: "p", id, createdAtMs: 0, sources: [{ uid: "source-0", position: { index: 4 } }], operators: [{ uid: "window-3", node, state }] };
}

const tempDir = (): string => mkdtempSync(join(tmpdir(), "ckpt-"));

describe("checkpoint codec", () => {
  it("round-trips plain data: Map, Set, typed arrays, NaN, ±Infinity, -0, nested arrays", () => {
    const state = { m: new Map<unknown, unknown>([["a", [1, NaN]], [2, { x: -Infinity }]]), s: new Set([1, "b"]), f: new Float64Array([0.5, -0, Infinity]), n: -0 };
    const back = decodeCheckpoint(encodeCheckpoint(data(state)), "x.bin");
    expect(back).toEqual(data(state));
    expect(Object.is((back.operators[0]?.state as { n: number }).n, -0)).toBe(true);
  });

  it("refuses a class instance in operator state, naming the operator, the class and the path", () => {
    class Model {
      w = 1;
    }
    expect(() => encodeCheckpoint(data({ perKey: new Map([["k1", new Model()]]) }))).toThrow(
      /operator "window-3": its state holds an instance of Model at state\.perKey\.get\("k1"\)/,
    );
  });

  it("a flipped byte fails the checksum, naming the file", () => {
    const bytes = encodeCheckpoint(data({ a: 1 }));
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0xff;
    expect(() => decodeCheckpoint(bytes, "/ck/chk-7.bin")).toThrow(CheckpointError);
    expect(() => decodeCheckpoint(bytes, "/ck/chk-7.bin")).toThrow(/checkpoint "\/ck\/chk-7\.bin" is corrupt/);
  });

  it("another format version or a foreign file fails with both named", () => {
    const bytes = Buffer.from(encodeCheckpoint(data({ a: 1 })));
    bytes.writeUInt32LE(CHECKPOINT_FORMAT + 1, 8);
    expect(() => decodeCheckpoint(bytes, "f.bin")).toThrow(new RegExp(`format version ${CHECKPOINT_FORMAT + 1}; this streamine reads version ${CHECKPOINT_FORMAT}`));
    expect(() => decodeCheckpoint(Buffer.from("hello world, not a checkpoint at all........................"), "g.bin")).toThrow(/"g\.bin" is not a streamine checkpoint/);
  });
});

describe("checkpoint directory", () => {
  it("keeps the newest N, and latest() returns the newest", async () => {
    const dir = tempDir();
    const storage = new FsCheckpointStorage(dir, 2);
    for (const id of [1, 2, 3, 4]) await storage.write(id, encodeCheckpoint(data({ id }, id)));
    expect(readdirSync(dir).sort()).toEqual(["chk-0000000003.bin", "chk-0000000004.bin"]);
    const latest = await storage.latest();
    expect(latest?.id).toBe(4);
    expect(decodeCheckpoint(latest?.bytes ?? new Uint8Array(), latest?.name ?? "").operators[0]?.state).toEqual({ id: 4 });
  });

  it("never loads a torn write: a temporary file left by a crash is ignored", async () => {
    const dir = tempDir();
    const storage = new FsCheckpointStorage(dir, 3);
    await storage.write(1, encodeCheckpoint(data({ v: 1 }, 1)));
    const full = encodeCheckpoint(data({ v: 2 }, 2));
    writeFileSync(join(dir, "chk-0000000002.bin.tmp-999"), full.subarray(0, full.length >> 1));
    expect((await storage.latest())?.id).toBe(1);
  });

  it("an empty or missing directory has no checkpoint", async () => {
    expect(await new FsCheckpointStorage(join(tempDir(), "nope"), 3).latest()).toBeNull();
  });

  it("a corrupt newest checkpoint is an error naming the file, not a silent fallback", async () => {
    const dir = tempDir();
    const storage = new FsCheckpointStorage(dir, 3);
    await storage.write(1, encodeCheckpoint(data({ v: 1 }, 1)));
    await storage.write(2, encodeCheckpoint(data({ v: 2 }, 2)));
    const file = join(dir, "chk-0000000002.bin");
    const bytes = readFileSync(file);
    bytes[60] = (bytes[60] as number) ^ 1;
    writeFileSync(file, bytes);
    const latest = await storage.latest();
    expect(() => decodeCheckpoint(latest?.bytes ?? new Uint8Array(), latest?.name ?? "")).toThrow(`checkpoint "${file}" is corrupt`);
    expect(existsSync(join(dir, "chk-0000000001.bin"))).toBe(true);
  });
});
