import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError, Pipeline, fromIterable, type Sink } from "streamine";
import { toFile, type FileSinkOptions } from "../../../src/connectors/sinks/file.js";
import { fromJsonLines } from "../../../src/connectors/sources/json-lines.js";

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "streamine-file-"));
});

describe("toFile", () => {
  it("writes JSON Lines by default, readable back after run()", async () => {
    const path = join(dir, "out.jsonl");
    const p = Pipeline.create({ name: "file", batchSize: 2 });
    p.source(fromIterable([1, 2, 3, 4, 5]))
      .map((x) => ({ x, even: x % 2 === 0 }))
      .sink(toFile(path));
    await p.run();
    expect(readFileSync(path, "utf8")).toBe(
      '{"x":1,"even":false}\n{"x":2,"even":true}\n{"x":3,"even":false}\n{"x":4,"even":true}\n{"x":5,"even":false}\n',
    );
    expect(p.metrics()["sink-2"]).toMatchObject({ in: 5, out: 5 });
  });

  it("uses format when given", async () => {
    const path = join(dir, "out.csv");
    const p = Pipeline.create({ name: "file" });
    p.source(fromIterable([{ k: "a", v: 1 }, { k: "b", v: 2 }])).sink(toFile(path, { format: (r) => `${r.k},${r.v}` }));
    await p.run();
    expect(readFileSync(path, "utf8")).toBe("a,1\nb,2\n");
  });

  it("leaves an empty file when no record arrives", async () => {
    const path = join(dir, "empty.jsonl");
    const p = Pipeline.create({ name: "file" });
    p.source(fromIterable<number>([])).sink(toFile(path));
    await p.run();
    expect(readFileSync(path, "utf8")).toBe("");
  });

  it("waits for drain when the buffer is full and round-trips through fromJsonLines", async () => {
    const path = join(dir, "large.jsonl");
    const records = Array.from({ length: 20_000 }, (_, i) => ({ i, text: `record number ${i}` }));
    const file = toFile<{ i: number; text: string }>(path);
    let waited = 0;
    // Counts the batches for which toFile asked the pipeline to wait.
    const counting: Sink<{ i: number; text: string }> = {
      description: "counting toFile",
      writeBatch(values) {
        const work = file.writeBatch(values);
        if (work instanceof Promise) waited++;
        return work;
      },
      close: () => file.close?.(),
    };
    const p = Pipeline.create({ name: "file", batchSize: 500 });
    p.source(fromIterable(records)).sink(counting);
    await p.run();
    expect(waited).toBeGreaterThan(0);
    const back = Pipeline.create({ name: "back" });
    const read: unknown[] = [];
    back.source(fromJsonLines(path)).sink((r) => read.push(r));
    await back.run();
    expect(read).toEqual(records);
  });

  it("rejects the run naming the path when the file cannot be written", async () => {
    const path = join(dir, "no-such-dir", "out.jsonl");
    const p = Pipeline.create({ name: "file" });
    p.source(fromIterable([1, 2])).sink(toFile(path));
    await expect(p.run()).rejects.toThrow(`toFile: cannot write "${path}"`);
  });

  it("rejects unknown and mistyped options with a ConfigError", () => {
    expect(() => toFile("x.jsonl", { fromat: String } as FileSinkOptions<unknown>)).toThrow(ConfigError);
    expect(() => toFile("x.jsonl", { fromat: String } as FileSinkOptions<unknown>)).toThrow(/unknown option "fromat"/);
    expect(() => toFile("x.jsonl", { format: 1 } as unknown as FileSinkOptions<unknown>)).toThrow(/format must be a function/);
    expect(() => toFile("")).toThrow(/path/);
  });
});
