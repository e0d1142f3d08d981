import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError, Pipeline, type DeadLetter, type Sink } from "streamine";
import { fromJsonLines, type JsonLinesOptions } from "../../../src/connectors/sources/json-lines.js";

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "streamine-jsonl-"));
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function runJsonLines<T = unknown>(path: string, options: JsonLinesOptions<T> = {}, batchSize = 1024) {
  const p = Pipeline.create({ name: "jsonl", batchSize });
  const values: T[] = [];
  const batches: number[] = [];
  const dead: DeadLetter[] = [];
  const sink: Sink<T> = {
    description: "collect",
    writeBatch(batch) {
      batches.push(batch.length);
      values.push(...batch);
    },
  };
  p.source(fromJsonLines(path, options)).sink(sink);
  p.deadLetters().sink((d) => dead.push(d));
  await p.run();
  const source = p.metrics()["source-0"];
  if (source === undefined) throw new Error("no source-0 counters");
  return { values, batches, dead, source };
}

describe("fromJsonLines", () => {
  it("reads one JSON value per line in order, skipping blank lines", async () => {
    const path = file("basic.jsonl", '{"a":1}\n\n   \n[1,2]\n"text"\n42\nnull\n');
    const { values, dead, source } = await runJsonLines(path);
    expect(values).toEqual([{ a: 1 }, [1, 2], "text", 42, null]);
    expect(dead).toEqual([]);
    expect(source).toMatchObject({ in: 5, out: 5, deadLettered: 0 });
  });

  it("accepts CRLF line ends and a last line without a line break", async () => {
    const path = file("crlf.jsonl", '{"a":1}\r\n{"a":2}\r\n{"a":3}');
    expect((await runJsonLines(path)).values).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it("maps each value through parse", async () => {
    const path = file("parse.jsonl", '{"id":1,"v":2}\n{"id":2,"v":5}\n');
    const { values } = await runJsonLines(path, { parse: (o) => (o as { v: number }).v * 10 });
    expect(values).toEqual([20, 50]);
  });

  it("cuts batches of exactly batchSize values, the last one shorter", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 10; i++) lines.push(JSON.stringify({ i }));
    const path = file("batches.jsonl", `${lines.join("\n")}\n`);
    const { values, batches } = await runJsonLines<{ i: number }>(path, {}, 4);
    expect(batches).toEqual([4, 4, 2]);
    expect(values.map((v) => v.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("reads gzip input when the path ends in .gz", async () => {
    const path = file("zipped.jsonl.gz", gzipSync('{"a":1}\n{"a":2}\n'));
    expect((await runJsonLines(path)).values).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("sends invalid JSON and values whose parse throws to the dead letters, naming the line", async () => {
    const content = [
      '{"id":1}', // 1
      "", // 2
      '{"id":2', // 3: not JSON
      '{"id":-3}', // 4: parse throws
      "{'id':4}", // 5: not JSON
      '{"id":5}', // 6
    ].join("\n");
    const path = file("bad.jsonl", content);
    const parse = (o: unknown): number => {
      const id = (o as { id: number }).id;
      if (id < 0) throw new RangeError(`negative id ${id}`);
      return id;
    };
    const { values, dead, source } = await runJsonLines(path, { parse });
    expect(values).toEqual([1, 5]);
    expect(dead.map((d) => d.record)).toEqual(['{"id":2', { id: -3 }, "{'id':4}"]);
    expect(dead.map((d) => d.operator)).toEqual(["source-0", "source-0", "source-0"]);
    const reasons = dead.map((d) => d.reason);
    expect(reasons[0]).toMatch(/fromJsonLines\(.*bad\.jsonl\): line 3: invalid JSON: SyntaxError/);
    expect(reasons[1]).toMatch(/line 4: parse threw RangeError: negative id -3/);
    expect(reasons[2]).toMatch(/line 5: invalid JSON/);
    expect(source).toMatchObject({ in: 5, out: 2, deadLettered: 3 });
    expect(source.in).toBe(source.out + source.filtered + source.deadLettered + source.late);
  });

  it("keeps lines and multi-byte characters whole across read chunks of a large gzip file", async () => {
    // Lines of varying length with 2- and 4-byte characters, so chunk boundaries fall inside lines and characters.
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++) lines.push(i % 11 === 0 ? `{"i":${i}` : JSON.stringify({ i, s: "é😀".repeat(i % 13) }));
    const path = file("large.jsonl.gz", gzipSync(lines.join("\n")));
    const { values, dead, source, batches } = await runJsonLines<{ i: number; s: string }>(path, {}, 100);
    const good = lines.length - Math.ceil(lines.length / 11);
    expect(values).toHaveLength(good);
    expect(values.every((v) => v.s === "é😀".repeat(v.i % 13) && v.i % 11 !== 0)).toBe(true);
    expect(values.every((v, k) => k === 0 || (values[k - 1]?.i ?? Infinity) < v.i)).toBe(true);
    expect(dead.map((d) => d.reason.match(/line (\d+):/)?.[1])).toEqual(
      lines.flatMap((_, i) => (i % 11 === 0 ? [String(i + 1)] : [])),
    );
    expect(batches.slice(0, -1).every((n) => n === 100)).toBe(true);
    expect(source).toMatchObject({ in: lines.length, out: good, deadLettered: lines.length - good });
  });

  it("hands on at most max values per next() and null at the end", async () => {
    const path = file("reader.jsonl", "1\n2\n3\n");
    const reader = fromJsonLines(path).open({ deadLetter: () => undefined });
    expect(await reader.next(2)).toEqual([1, 2]);
    expect(await reader.next(2)).toEqual([3]);
    expect(await reader.next(2)).toBeNull();
    await reader.close?.();
  });

  it("returns after examining 4 × max lines even when every line is bad", async () => {
    const path = file("all-bad.jsonl", "{oops\n".repeat(100));
    const dead: string[] = [];
    const reader = fromJsonLines(path).open({ deadLetter: (_raw, reason) => dead.push(reason) });
    expect(await reader.next(10)).toEqual([]);
    expect(dead).toHaveLength(40);
    expect(await reader.next(10)).toEqual([]);
    expect(dead).toHaveLength(80);
    await reader.close?.();
  });

  it("reads an empty file as no values", async () => {
    const { values, source } = await runJsonLines(file("empty.jsonl", ""));
    expect(values).toEqual([]);
    expect(source).toMatchObject({ in: 0, out: 0 });
  });

  it("rejects the run naming the path when the file is missing", async () => {
    const missing = join(dir, "missing.jsonl");
    await expect(runJsonLines(missing)).rejects.toThrow(`fromJsonLines: cannot read "${missing}"`);
  });

  it("rejects unknown and mistyped options with a ConfigError", () => {
    expect(() => fromJsonLines("x.jsonl", { prase: () => 1 } as JsonLinesOptions<unknown>)).toThrow(ConfigError);
    expect(() => fromJsonLines("x.jsonl", { prase: () => 1 } as JsonLinesOptions<unknown>)).toThrow(/unknown option "prase"/);
    expect(() => fromJsonLines("x.jsonl", { parse: 1 } as unknown as JsonLinesOptions<unknown>)).toThrow(/parse must be a function/);
    expect(() => fromJsonLines("")).toThrow(/path/);
  });
});
