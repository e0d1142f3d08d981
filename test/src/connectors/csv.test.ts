import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError, Pipeline, type DeadLetter, type Sink } from "streamine";
import { fromCsv, type CsvOptions } from "../../../src/connectors/sources/csv.js";

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "streamine-csv-"));
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs `fromCsv(path, options)` into an array, with the dead letters, the batch sizes the sink saw and the source's counters. */
async function runCsv<T = Record<string, string>>(path: string, options: CsvOptions<T> = {}, batchSize = 1024) {
  const p = Pipeline.create({ name: "csv", batchSize });
  const rows: T[] = [];
  const batches: number[] = [];
  const dead: DeadLetter[] = [];
  const sink: Sink<T> = {
    description: "collect",
    writeBatch(values) {
      batches.push(values.length);
      rows.push(...values);
    },
  };
  p.source(fromCsv(path, options)).sink(sink);
  p.deadLetters().sink((d) => dead.push(d));
  await p.run();
  const source = p.metrics()["source-0"];
  if (source === undefined) throw new Error("no source-0 counters");
  return { rows, batches, dead, source };
}

describe("fromCsv", () => {
  it("reads rows in file order as string records keyed by the header", async () => {
    const path = file("basic.csv", "device,ts,v\na,1000,1.5\nb,2000,2\na,3000,-3\n");
    const { rows, dead, source } = await runCsv(path);
    expect(rows).toEqual([
      { device: "a", ts: "1000", v: "1.5" },
      { device: "b", ts: "2000", v: "2" },
      { device: "a", ts: "3000", v: "-3" },
    ]);
    expect(dead).toEqual([]);
    expect(source).toMatchObject({ in: 3, out: 3, deadLettered: 0 });
  });

  it("casts numeric fields with cast: true and keeps other fields strings", async () => {
    const path = file("cast.csv", "device,ts,v\na,1000,1.5\nb,2000,-2\n");
    const { rows } = await runCsv(path, { cast: true });
    expect(rows).toEqual([
      { device: "a", ts: 1000, v: 1.5 },
      { device: "b", ts: 2000, v: -2 },
    ]);
  });

  it("maps each row through parse", async () => {
    const path = file("parse.csv", "device,v\na,1\nb,2\n");
    const { rows } = await runCsv(path, { parse: (r) => `${String(r["device"])}=${Number(r["v"]) * 10}` });
    expect(rows).toEqual(["a=10", "b=20"]);
  });

  it("cuts batches of exactly batchSize rows, the last one shorter", async () => {
    const lines = ["i"];
    for (let i = 0; i < 10; i++) lines.push(String(i));
    const path = file("batches.csv", `${lines.join("\n")}\n`);
    const { rows, batches, source } = await runCsv(path, { cast: true }, 3);
    expect(batches).toEqual([3, 3, 3, 1]);
    expect(rows.map((r) => r["i"])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(source).toMatchObject({ in: 10, out: 10 });
  });

  it("hands on at most max rows per next() and null at the end", async () => {
    const path = file("reader.csv", "x\n1\n2\n3\n4\n5\n");
    const reader = fromCsv(path).open({ deadLetter: () => undefined });
    expect(await reader.next(2)).toEqual([{ x: "1" }, { x: "2" }]);
    expect(await reader.next(2)).toEqual([{ x: "3" }, { x: "4" }]);
    expect(await reader.next(2)).toEqual([{ x: "5" }]);
    expect(await reader.next(2)).toBeNull();
    await reader.close?.();
  });

  it("reads gzip input when the path ends in .gz", async () => {
    const path = file("zipped.csv.gz", gzipSync("device,v\na,1\nb,2\n"));
    const { rows } = await runCsv(path, { cast: true });
    expect(rows).toEqual([
      { device: "a", v: 1 },
      { device: "b", v: 2 },
    ]);
  });

  it("supports another delimiter, given column names and rows as arrays", async () => {
    const semi = file("semi.csv", "a;b\n1;2\n");
    expect((await runCsv(semi, { delimiter: ";" })).rows).toEqual([{ a: "1", b: "2" }]);
    const named = file("named.csv", "1,2\n3,4\n");
    expect((await runCsv(named, { columns: ["x", "y"] })).rows).toEqual([
      { x: "1", y: "2" },
      { x: "3", y: "4" },
    ]);
    const arrays = file("arrays.csv", "1,2\n3,4\n");
    expect((await runCsv<string[]>(arrays, { columns: false })).rows).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("skips empty lines by default and dead-letters them with skipEmptyLines: false", async () => {
    const path = file("empty-lines.csv", "a,b\n1,2\n\n3,4\n");
    const skipped = await runCsv(path);
    expect(skipped.rows).toEqual([
      { a: "1", b: "2" },
      { a: "3", b: "4" },
    ]);
    expect(skipped.dead).toEqual([]);
    const kept = await runCsv(path, { skipEmptyLines: false });
    expect(kept.rows).toHaveLength(2);
    expect(kept.dead).toHaveLength(1);
    expect(kept.dead[0]?.reason).toContain("line 3");
    expect(kept.source).toMatchObject({ in: 3, out: 2, deadLettered: 1 });
  });

  it("sends malformed rows and rows whose parse throws to the dead letters, naming the line", async () => {
    const content = [
      "device,v", // line 1
      "a,1", // 2
      "b,2,extra", // 3: too many fields
      "c", // 4: too few fields
      "d,oops", // 5: parse throws
      '"e\nf",6', // 6-7: a quoted field spanning two lines
      "g,7", // 8
      'h,"unclosed', // 9: quote never closed
      "i,9", // 10
    ].join("\n");
    const path = file("bad.csv", `${content}\n`);
    const parse = (r: Record<string, unknown>): { device: string; v: number } => {
      const v = Number(r["v"]);
      if (!Number.isFinite(v)) throw new RangeError(`v is not a number: ${String(r["v"])}`);
      return { device: String(r["device"]), v };
    };
    const { rows, dead, source } = await runCsv(path, { parse });
    expect(rows).toEqual([
      { device: "a", v: 1 },
      { device: "e\nf", v: 6 },
      { device: "g", v: 7 },
    ]);
    expect(dead.map((d) => d.record)).toEqual(["b,2,extra", "c", { device: "d", v: "oops" }, 'h,"unclosed\ni,9']);
    expect(dead.map((d) => d.operator)).toEqual(["source-0", "source-0", "source-0", "source-0"]);
    const reasons = dead.map((d) => d.reason);
    expect(reasons[0]).toMatch(/fromCsv\(.*bad\.csv\): line 3: .*Invalid Record Length/);
    expect(reasons[1]).toMatch(/line 4: .*Invalid Record Length/);
    expect(reasons[2]).toMatch(/line 5: parse threw RangeError: v is not a number: oops/);
    expect(reasons[3]).toMatch(/line 9: .*Quote Not Closed/);
    expect(source).toMatchObject({ in: 7, out: 3, deadLettered: 4 });
    expect(source.in).toBe(source.out + source.filtered + source.deadLettered + source.late);
  });

  it("names the right line across empty lines, multi-line fields, CRLF and skipped rows", async () => {
    // Every good row fails `parse`, so each one's line shows in its reason.
    const content = [
      "", // 1: empty line before the header
      "id,text", // 2: header
      "1,a", // 3
      "", // 4
      "", // 5
      '2,"b', // 6: field spans 6-8
      "",
      'c"',
      "3", // 9: too few fields
      "4,d", // 10
      '5,"e', // 11: field spans 11-12
      'f"',
      "6,g,h", // 13: too many fields
      "7,i", // 14
    ].join("\r\n");
    const fail = (r: Record<string, unknown>): never => {
      throw new Error(`id ${String(r["id"])}`);
    };
    const lf = content.replaceAll("\r\n", "\n");
    for (const [name, text, br] of [
      ["crlf.csv", content, "\r\n"],
      ["crlf-trailing.csv", `${content}\r\n`, "\r\n"],
      ["lf.csv", lf, "\n"],
      ["lf-trailing.csv", `${lf}\n`, "\n"],
    ] as const) {
      const { dead, source } = await runCsv(file(name, text), { parse: fail }, 2);
      expect(dead.map((d) => /line (\d+):/.exec(d.reason)?.[1])).toEqual(["3", "6", "9", "10", "11", "13", "14"]);
      expect(dead.map((d) => d.record)).toEqual([
        { id: "1", text: "a" },
        { id: "2", text: `b${br}${br}c` },
        "3",
        { id: "4", text: "d" },
        { id: "5", text: `e${br}f` },
        "6,g,h",
        { id: "7", text: "i" },
      ]);
      expect(source).toMatchObject({ in: 7, out: 0, deadLettered: 7 });
    }
  });

  it("counts lines from 1 without a header row", async () => {
    const path = file("no-header.csv", "1,2\n3\n\n4,5\n");
    const fail = (): never => {
      throw new Error("no");
    };
    const { dead } = await runCsv(path, { columns: false, parse: fail });
    expect(dead.map((d) => /line (\d+):/.exec(d.reason)?.[1])).toEqual(["1", "2", "4"]);
  });

  it("keeps every row and dead-letters in line order on a large file read in small batches", async () => {
    // Row i (on line i + 1) is malformed when i % 7 === 0 and fails `parse` when i % 5 === 0.
    const lines = ["k,v"];
    const expectedDead: string[] = [];
    const expectedRows: number[] = [];
    for (let i = 1; i <= 20_000; i++) {
      lines.push(i % 7 === 0 ? `k${i},${i},x` : `k${i},${i}`);
      if (i % 7 === 0 || i % 5 === 0) expectedDead.push(`line ${i + 1}: ${i % 7 === 0 ? "Invalid Record Length" : "parse threw"}`);
      else expectedRows.push(i);
    }
    const path = file("large.csv.gz", gzipSync(`${lines.join("\n")}\n`));
    const parse = (r: Record<string, unknown>): number => {
      const v = Number(r["v"]);
      if (v % 5 === 0) throw new Error("multiple of 5");
      return v;
    };
    const { rows, dead, source, batches } = await runCsv(path, { parse }, 64);
    expect(rows).toEqual(expectedRows);
    expect(dead.map((d) => /line \d+: (Invalid Record Length|parse threw)/.exec(d.reason)?.[0])).toEqual(expectedDead);
    expect(batches.slice(0, -1).every((n) => n === 64)).toBe(true);
    expect(source).toMatchObject({ in: 20_000, out: expectedRows.length, deadLettered: expectedDead.length });
  });

  it("reads a header-only file as no rows", async () => {
    const { rows, source } = await runCsv(file("header-only.csv", "a,b\n"));
    expect(rows).toEqual([]);
    expect(source).toMatchObject({ in: 0, out: 0 });
  });

  it("rejects the run naming the path when the file is missing", async () => {
    const missing = join(dir, "does-not-exist.csv");
    await expect(runCsv(missing)).rejects.toThrow(`fromCsv: cannot read "${missing}"`);
  });

  it("rejects the run naming the path when .gz input is not gzip", async () => {
    const path = file("not-gzip.csv.gz", "a,b\n1,2\n");
    await expect(runCsv(path)).rejects.toThrow(`fromCsv: cannot read "${path}"`);
  });

  it("rejects unknown and mistyped options with a ConfigError", () => {
    expect(() => fromCsv("x.csv", { delimeter: ";" } as CsvOptions<unknown>)).toThrow(ConfigError);
    expect(() => fromCsv("x.csv", { delimeter: ";" } as CsvOptions<unknown>)).toThrow(/unknown option "delimeter"/);
    expect(() => fromCsv("x.csv", { delimiter: "" })).toThrow(/delimiter/);
    expect(() => fromCsv("x.csv", { cast: "yes" } as unknown as CsvOptions<unknown>)).toThrow(/cast must be a boolean/);
    expect(() => fromCsv("x.csv", { columns: ["a", ""] })).toThrow(/columns/);
    expect(() => fromCsv("")).toThrow(/path/);
  });
});
