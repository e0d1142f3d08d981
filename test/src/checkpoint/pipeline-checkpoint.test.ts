// Issue 8 §1–§2 through the public API: checkpointed runs, savepoint-style restore by uid,
// clear failures for a corrupt checkpoint or state without an operator.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CheckpointError, Pipeline, fromIterable, toFile, tumbling, watermarks } from "streamine";

interface Reading {
  readonly device: string;
  readonly ts: number;
  readonly v: number;
}

const readings: Reading[] = Array.from({ length: 3_000 }, (_, i) => ({ device: `d${i % 5}`, ts: i * 100, v: i % 17 }));

function windowJob(name: string, dir: string, out: string, opts: { windowUid?: string; extraFilter?: boolean; allowNonRestoredState?: boolean } = {}): Pipeline {
  const p = Pipeline.create({
    name,
    batchSize: 64,
    checkpoint: { dir, everyRecords: 256, ...(opts.allowNonRestoredState === true ? { allowNonRestoredState: true } : {}) },
  });
  let s = p.source(fromIterable(readings)).assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(0));
  if (opts.extraFilter === true) s = s.filter(() => true);
  const sums = s
    .keyBy((r) => r.device)
    .window(tumbling(10_000))
    .aggregate({ createAccumulator: () => 0, add: (r: Reading, a: number) => a + r.v, merge: (a, b) => a + b, getResult: (a) => a });
  if (opts.windowUid !== undefined) sums.uid(opts.windowUid);
  sums
    .map((w) => `${w.key} ${w.window.start} ${w.value}`)
    .sink(toFile(out, { format: String }))
    .uid("out");
  return p;
}

const lines = (file: string): string[] => readFileSync(file, "utf8").split("\n").filter((l) => l !== "").sort();
const temp = (): string => mkdtempSync(join(tmpdir(), "pipeline-ckpt-"));

function expectedLines(): string[] {
  const sums = new Map<string, number>();
  for (const r of readings) {
    const k = `${r.device} ${Math.floor(r.ts / 10_000) * 10_000}`;
    sums.set(k, (sums.get(k) ?? 0) + r.v);
  }
  return [...sums].map(([k, v]) => `${k} ${v}`).sort();
}

describe("checkpointed pipelines", () => {
  it("writes checkpoints while running and keeps the newest three; the output is complete", async () => {
    const dir = temp();
    const out = join(dir, "out.txt");
    await windowJob("sums", join(dir, "ck"), out).run();
    expect(lines(out)).toEqual(expectedLines());
    expect(readdirSync(join(dir, "ck")).filter((f) => f.endsWith(".bin"))).toHaveLength(3);
  });

  it("a rerun with the same checkpoint directory resumes from the newest checkpoint and leaves the same file", async () => {
    const dir = temp();
    const out = join(dir, "out.txt");
    await windowJob("sums", join(dir, "ck"), out).run();
    const first = readFileSync(out, "utf8");
    const p = windowJob("sums", join(dir, "ck"), out);
    await p.run();
    expect(lines(out)).toEqual(expectedLines());
    expect(readFileSync(out, "utf8").length).toBe(first.length);
    // the rerun read only what came after the newest checkpoint
    const sourceIn = Object.entries(p.metrics()).find(([uid]) => uid.startsWith("source"))?.[1].in ?? 0;
    expect(sourceIn).toBe(readings.length);
  });

  it("restores a changed pipeline by uid: an operator added upstream shifts default uids, explicit uids still match", async () => {
    const dir = temp();
    const out = join(dir, "out.txt");
    await windowJob("sums", join(dir, "ck"), out, { windowUid: "sums" }).run();
    await windowJob("sums", join(dir, "ck"), out, { windowUid: "sums", extraFilter: true }).run();
    expect(lines(out)).toEqual(expectedLines());
  });

  it("state of an operator the pipeline no longer has fails the run, naming it and the file, unless allowNonRestoredState", async () => {
    const dir = temp();
    const out = join(dir, "out.txt");
    await windowJob("sums", join(dir, "ck"), out, { windowUid: "sums" }).run();
    const run = windowJob("sums", join(dir, "ck"), out, { windowUid: "renamed" }).run();
    await expect(run).rejects.toThrow(CheckpointError);
    await expect(windowJob("sums", join(dir, "ck"), out, { windowUid: "renamed" }).run()).rejects.toThrow(
      /cannot restore checkpoint ".*chk-\d+\.bin": operator "sums" has state in the checkpoint but is not in this pipeline/,
    );
    await windowJob("sums", join(dir, "ck"), out, { windowUid: "renamed", allowNonRestoredState: true }).run();
  });

  it("a corrupt newest checkpoint fails the run with the file named, never a silent fresh start", async () => {
    const dir = temp();
    const out = join(dir, "out.txt");
    await windowJob("sums", join(dir, "ck"), out).run();
    const newest = readdirSync(join(dir, "ck")).filter((f) => f.endsWith(".bin")).sort().at(-1) ?? "";
    const file = join(dir, "ck", newest);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0x55;
    writeFileSync(file, bytes);
    await expect(windowJob("sums", join(dir, "ck"), out).run()).rejects.toThrow(`checkpoint "${file}" is corrupt`);
  });

  it("a checkpoint of another pipeline is refused", async () => {
    const dir = temp();
    await windowJob("sums", join(dir, "ck"), join(dir, "a.txt")).run();
    await expect(windowJob("other", join(dir, "ck"), join(dir, "b.txt")).run()).rejects.toThrow(/belongs to pipeline "sums", not "other"/);
  });

  it("rejects bad checkpoint options by name", () => {
    expect(() => Pipeline.create({ name: "x", checkpoint: { dir: "" } })).toThrow(/checkpoint\.dir must be a non-empty string/);
    expect(() => Pipeline.create({ name: "x", checkpoint: { dir: "d" } })).toThrow(/give everyMs, everyRecords or both/);
    expect(() => Pipeline.create({ name: "x", checkpoint: { dir: "d", everyMs: 0 } })).toThrow(/everyMs must be an integer ≥ 1/);
    expect(() => Pipeline.create({ name: "x", checkpoint: { dir: "d", everyMs: 5, bogus: 1 } as never })).toThrow(/unknown option "bogus"/);
  });
});
