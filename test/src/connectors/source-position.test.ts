import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { CheckpointError, fromAsyncIterable, fromCsv, fromIterable, fromJsonLines, type CsvOptions, type CsvRow } from "streamine";
import type { Source, SourcePosition } from "streamine";

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "streamine-position-"));
});

let files = 0;
/** Writes `text` to a new file in the temp dir, gzipped when `gz`. */
function file(ext: string, text: string, gz = false): string {
  const path = join(dir, `f${files++}.${ext}${gz ? ".gz" : ""}`);
  writeFileSync(path, gz ? gzipSync(text) : text);
  return path;
}

interface Dead {
  raw: unknown;
  reason: string;
}

/** One reader's share of a read: `batches` calls of `next(max)`. */
interface Segment {
  max: number;
  batches: number;
}

/**
 * Reads `source` with one fresh reader per segment, each opened from the position the previous
 * one reported (after a JSON round trip, as a checkpoint stores it); the last reads to the end.
 */
async function readInSegments<T>(source: Source<T>, segments: readonly Segment[]) {
  const records: T[] = [];
  const dead: Dead[] = [];
  const positions: SourcePosition[] = [];
  let from: SourcePosition | undefined;
  for (const [k, { max, batches }] of segments.entries()) {
    const last = k === segments.length - 1;
    const reader = source.open({ deadLetter: (raw, reason) => dead.push({ raw, reason }) }, from);
    for (let b = 0; last || b < batches; b++) {
      const batch = await reader.next(max);
      if (batch === null) break;
      records.push(...batch);
    }
    const position = reader.position?.();
    await reader.close?.();
    if (position === undefined) throw new Error(`${source.description} has no position`);
    positions.push(position);
    from = JSON.parse(JSON.stringify(position)) as SourcePosition;
  }
  return { records, dead, positions };
}

const whole = [{ max: 1000, batches: 0 }];

const segments = fc.array(fc.record({ max: fc.integer({ min: 1, max: 6 }), batches: fc.integer({ min: 0, max: 8 }) }), {
  minLength: 1,
  maxLength: 5,
});

/** Reads in segments and expects exactly what one uninterrupted read gives, dead letters included. */
async function expectSameAsOneRead<T>(source: Source<T>, cuts: readonly Segment[]) {
  const once = await readInSegments(source, whole);
  const split = await readInSegments(source, cuts);
  expect(split.records).toEqual(once.records);
  expect(split.dead).toEqual(once.dead);
  expect(split.positions.at(-1)).toEqual(once.positions[0]);
  return once;
}

// ---- CSV ----

/**
 * Kinds of CSV line: `quoted` spans two lines, `many`/`few` have a wrong field count, `boom` fails
 * `parse`, `stray` has a quote inside an unquoted field (csv-parse rejects it mid-row).
 */
const CSV_KINDS = ["good", "unicode", "quoted", "many", "few", "empty", "boom", "stray"] as const;
type CsvKind = (typeof CSV_KINDS)[number];
type CsvTail = "none" | "few" | "unclosed";

/**
 * A CSV file with header `id,text`, the rows `kinds` describe, a good row and the `tail` row
 * (none, a wrong field count or an unclosed quote), and what reading it with `parse: failBoom`
 * must give (worked out by hand, not by the reader).
 */
function csvFile(kinds: readonly CsvKind[], eol: string, trailing: boolean, tail: CsvTail = "none", keepEmpty = false) {
  const lines = ["id,text"];
  const rows: { id: string; text: string }[] = [];
  const dead: { line: number; what: string }[] = [];
  let line = 1;
  // A good row before the tail, so the file never ends in an empty line.
  for (const [i, kind] of [...kinds, "good" as const].entries()) {
    const id = String(i);
    if (kind === "good") rows.push({ id, text: `w${i}` });
    if (kind === "unicode") rows.push({ id, text: `é😀${i}` });
    if (kind === "quoted") rows.push({ id, text: `a${i}${eol}b` });
    if (kind === "many" || kind === "few" || (kind === "empty" && keepEmpty)) dead.push({ line: line + 1, what: "Invalid Record Length" });
    if (kind === "boom") dead.push({ line: line + 1, what: "parse threw" });
    if (kind === "stray") dead.push({ line: line + 1, what: "Invalid Opening Quote" });
    lines.push(
      {
        good: `${id},w${i}`,
        unicode: `${id},é😀${i}`,
        quoted: `${id},"a${i}${eol}b"`,
        many: `${id},x,y`,
        few: id,
        empty: "",
        boom: `${id},boom`,
        stray: `${id},x"y`,
      }[kind],
    );
    line += kind === "quoted" ? 2 : 1;
  }
  if (tail !== "none") {
    lines.push(tail === "few" ? "t" : 't,"open');
    dead.push({ line: line + 1, what: tail === "few" ? "Invalid Record Length" : "Quote Not Closed" });
  }
  return { text: lines.join(eol) + (trailing ? eol : ""), rows, dead };
}

const failBoom = (r: CsvRow): CsvRow => {
  if (r["text"] === "boom") throw new Error(`boom ${String(r["id"])}`);
  return r;
};

const csvModes: Record<string, CsvOptions<unknown>> = {
  "header row, parse": { parse: failBoom },
  "rows as arrays": { columns: false },
  "given column names": { columns: ["id", "text"], cast: true },
  "empty lines kept": { skipEmptyLines: false, parse: failBoom },
};

const csvFiles = fc.record({
  kinds: fc.array(fc.constantFrom(...CSV_KINDS), { maxLength: 25 }),
  eol: fc.constantFrom("\n", "\r\n", "\r"),
  trailing: fc.boolean(),
  gz: fc.boolean(),
  tail: fc.constantFrom<CsvTail>("none", "few", "unclosed"),
});

describe("fromCsv positions", () => {
  for (const keepEmpty of [false, true]) {
    it(`an uninterrupted read gives the rows and dead letters worked out by hand (skipEmptyLines: ${!keepEmpty})`, async () => {
      await fc.assert(
        fc.asyncProperty(csvFiles, async ({ kinds, eol, trailing, gz, tail }) => {
          // csv-parse hands on only the start of a row it rejects mid-row, so the lines after one are
          // miscounted by one (a known limitation); resuming is checked with such rows below.
          const expected = csvFile(
            kinds.filter((k) => k !== "stray"),
            eol,
            trailing,
            tail,
            keepEmpty,
          );
          const source = fromCsv(file("csv", expected.text, gz), { parse: failBoom, skipEmptyLines: !keepEmpty });
          const { records, dead } = await readInSegments(source, whole);
          expect(records).toEqual(expected.rows);
          const what = /line (\d+): (Invalid Record Length|parse threw|Quote Not Closed)/;
          expect(dead.map((d) => what.exec(d.reason)?.slice(1).join(" "))).toEqual(expected.dead.map((d) => `${d.line} ${d.what}`));
        }),
        { numRuns: 60 },
      );
    });
  }

  for (const [mode, options] of Object.entries(csvModes)) {
    it(`resuming at any batch boundary replays nothing and skips nothing (${mode})`, async () => {
      await fc.assert(
        fc.asyncProperty(csvFiles, segments, async ({ kinds, eol, trailing, gz, tail }, cuts) => {
          const { text } = csvFile(kinds, eol, trailing, tail);
          await expectSameAsOneRead(fromCsv(file("csv", text, gz), options), cuts);
        }),
        { numRuns: 80 },
      );
    });
  }

  it("holds the line and byte after the last row, and the header's names", async () => {
    const path = file("csv", "id,v\n1,a\n\n2,b\n");
    const reader = fromCsv(path).open({ deadLetter: () => undefined });
    expect(reader.position?.()).toEqual({ line: 0, byte: 0 });
    expect(await reader.next(1)).toEqual([{ id: "1", v: "a" }]);
    expect(reader.position?.()).toEqual({ line: 2, byte: 9, columns: '["id","v"]' });
    expect(await reader.next(1)).toEqual([{ id: "2", v: "b" }]);
    expect(reader.position?.()).toEqual({ line: 4, byte: 14, columns: '["id","v"]' });
    await reader.close?.();
    const arrays = fromCsv(path, { columns: false }).open({ deadLetter: () => undefined });
    expect(await arrays.next(1)).toEqual([["id", "v"]]);
    expect(arrays.position?.()).toEqual({ line: 1, byte: 5, fields: 2 });
    await arrays.close?.();
  });

  it("counts a byte order mark in the byte offset", async () => {
    const source = fromCsv(file("csv", "\uFEFFid\n1\n2\n"));
    const reader = source.open({ deadLetter: () => undefined });
    expect(await reader.next(1)).toEqual([{ id: "1" }]);
    const position = reader.position?.();
    expect(position).toEqual({ line: 2, byte: 8, columns: '["id"]' });
    await reader.close?.();
    const resumed = source.open({ deadLetter: () => undefined }, position);
    expect(await resumed.next(5)).toEqual([{ id: "2" }]);
    await resumed.close?.();
  });

  it("does not read the header again when resuming, and keeps the file's line numbers", async () => {
    const path = file("csv", "id,v\n1,a\n2,b,extra\n3,c\n");
    const dead: string[] = [];
    const reader = fromCsv(path).open({ deadLetter: (_raw, reason) => dead.push(reason) }, { line: 2, byte: 9, columns: '["id","v"]' });
    expect(await reader.next(10)).toEqual([{ id: "3", v: "c" }]);
    expect(await reader.next(10)).toBeNull();
    expect(dead).toEqual([`fromCsv(${path}): line 3: Invalid Record Length: columns length is 2, got 3`]);
  });

  it("resumes at chunk boundaries of a large plain and gzip file", async () => {
    // Rows of varying length with multi-byte characters and a quoted line break; every 7th has a wrong field count.
    const lines = ["k,v"];
    for (let i = 1; i <= 12_000; i++) {
      lines.push(i % 7 === 0 ? `k${i},${i},x` : i % 5 === 0 ? `k${i},"é${i}\r\n😀"` : `k${i},${"é".repeat(i % 9)}${i}`);
    }
    const text = `${lines.join("\r\n")}\r\n`;
    for (const gz of [false, true]) {
      const source = fromCsv(file("csv", text, gz));
      const once = await expectSameAsOneRead(source, [
        { max: 5000, batches: 1 },
        { max: 777, batches: 3 },
        { max: 3, batches: 1 },
        { max: 1024, batches: 0 },
      ]);
      expect(once.records).toHaveLength(12_000 - Math.floor(12_000 / 7));
      expect(once.dead).toHaveLength(Math.floor(12_000 / 7));
      await expectSameAsOneRead(source, [
        { max: 4096, batches: 2 },
        { max: 1, batches: 1 },
        { max: 4096, batches: 0 },
      ]);
    }
  });

  it("rejects a position past the end of the file, naming the path and the position", async () => {
    for (const gz of [false, true]) {
      const path = file("csv", "a,b\n1,2\n", gz);
      const reader = fromCsv(path).open({ deadLetter: () => undefined }, { line: 9, byte: 90, columns: '["a","b"]' });
      const failure = Promise.resolve(reader.next(10));
      await expect(failure).rejects.toThrow(CheckpointError);
      await expect(failure).rejects.toThrow(`fromCsv(${path}): cannot resume from position {"line":9,"byte":90,"columns":"[\\"a\\",\\"b\\"]"}`);
      await expect(failure).rejects.toThrow("the file ends before byte 90");
      await reader.close?.();
    }
  });

  it("rejects a position that does not start a line, or does not fit the options", async () => {
    const path = file("csv", "a,b\n1,2\n3,4\n");
    const reader = fromCsv(path).open({ deadLetter: () => undefined }, { line: 2, byte: 6, columns: '["a","b"]' });
    await expect(Promise.resolve(reader.next(10))).rejects.toThrow(/byte 6 does not start a line/);
    await reader.close?.();
    const ctx = { deadLetter: () => undefined };
    expect(() => fromCsv(path, { columns: false }).open(ctx, { line: 1, byte: 4, columns: '["a","b"]' })).toThrow(CheckpointError);
    expect(() => fromCsv(path).open(ctx, { line: 1, byte: 4 })).toThrow(/no "columns"/);
    expect(() => fromCsv(path).open(ctx, { line: 1, byte: 4, columns: "a,b" })).toThrow(/JSON array/);
    expect(() => fromCsv(path).open(ctx, { line: "1", byte: 4 })).toThrow(/"line" must be a whole number/);
    expect(() => fromCsv(path).open(ctx, { line: 1, byte: -4 })).toThrow(/"byte" must be a whole number/);
  });
});

// ---- JSON Lines ----

const JSON_KINDS = ["good", "bad", "blank", "spaces", "boom"] as const;
type JsonKind = (typeof JSON_KINDS)[number];

/** A JSON Lines file of the lines `kinds` describe, and what reading it must give (by hand). */
function jsonFile(kinds: readonly JsonKind[], eol: string, trailing: boolean) {
  const values: { i: number; s: string }[] = [];
  const dead: string[] = [];
  const lines = kinds.map((kind, i) => {
    if (kind === "good") values.push({ i, s: "é😀".repeat(i % 3) });
    if (kind === "bad") dead.push(`line ${i + 1}: invalid JSON`);
    if (kind === "boom") dead.push(`line ${i + 1}: parse threw`);
    return { good: JSON.stringify({ i, s: "é😀".repeat(i % 3) }), bad: `{"i":${i}`, blank: "", spaces: "  ", boom: `{"boom":${i}}` }[kind];
  });
  return { text: lines.join(eol) + (trailing ? eol : ""), values, dead };
}

const failBoomValue = (v: unknown): unknown => {
  if (typeof v === "object" && v !== null && "boom" in v) throw new Error("boom");
  return v;
};

const jsonFiles = fc.record({
  kinds: fc.array(fc.constantFrom(...JSON_KINDS), { minLength: 1, maxLength: 25 }),
  eol: fc.constantFrom("\n", "\r\n"),
  trailing: fc.boolean(),
  gz: fc.boolean(),
});

describe("fromJsonLines positions", () => {
  it("resuming at any batch boundary replays nothing and skips nothing", async () => {
    await fc.assert(
      fc.asyncProperty(jsonFiles, segments, async ({ kinds, eol, trailing, gz }, cuts) => {
        const expected = jsonFile(kinds, eol, trailing);
        const source = fromJsonLines(file("jsonl", expected.text, gz), { parse: failBoomValue });
        const once = await expectSameAsOneRead(source, cuts);
        expect(once.records).toEqual(expected.values);
        expect(once.dead.map((d) => /line \d+: (invalid JSON|parse threw)/.exec(d.reason)?.[0])).toEqual(expected.dead);
      }),
      { numRuns: 150 },
    );
  });

  it("holds the line and byte after the last line examined", async () => {
    const path = file("jsonl", '{"a":1}\r\n\r\n{"a":2}\r\n{"a":');
    const dead: string[] = [];
    const reader = fromJsonLines(path).open({ deadLetter: (_raw, reason) => dead.push(reason) });
    expect(await reader.next(1)).toEqual([{ a: 1 }]);
    expect(reader.position?.()).toEqual({ line: 1, byte: 9 });
    expect(await reader.next(1)).toEqual([{ a: 2 }]);
    expect(reader.position?.()).toEqual({ line: 3, byte: 20 });
    expect(await reader.next(1)).toBeNull();
    expect(reader.position?.()).toEqual({ line: 4, byte: 25 });
    expect(dead).toHaveLength(1);
    await reader.close?.();
  });

  it("resumes at chunk boundaries of a large plain and gzip file", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) lines.push(i % 11 === 0 ? `{"i":${i}` : JSON.stringify({ i, s: "é😀".repeat(i % 13) }));
    const text = lines.join("\n");
    for (const gz of [false, true]) {
      const source = fromJsonLines(file("jsonl", text, gz));
      const once = await expectSameAsOneRead(source, [
        { max: 3000, batches: 2 },
        { max: 999, batches: 3 },
        { max: 1, batches: 1 },
        { max: 4096, batches: 0 },
      ]);
      expect(once.dead).toHaveLength(Math.ceil(20_000 / 11));
    }
  });

  it("rejects a position past the end or not at the start of a line, naming the path and the position", async () => {
    for (const gz of [false, true]) {
      const path = file("jsonl", "1\n2\n3\n", gz);
      const past = fromJsonLines(path).open({ deadLetter: () => undefined }, { line: 7, byte: 14 });
      await expect(Promise.resolve(past.next(10))).rejects.toThrow(
        `fromJsonLines(${path}): cannot resume from position {"line":7,"byte":14}: the file ends before byte 14`,
      );
      await past.close?.();
      const inside = fromJsonLines(path).open({ deadLetter: () => undefined }, { line: 1, byte: 3 });
      await expect(Promise.resolve(inside.next(10))).rejects.toThrow(CheckpointError);
      await inside.close?.();
      // The end of the file is a position too: nothing is left to read.
      const end = fromJsonLines(path).open({ deadLetter: () => undefined }, { line: 3, byte: 6 });
      expect(await end.next(10)).toBeNull();
      await end.close?.();
    }
  });
});

// ---- iterables ----

const ctx = { deadLetter: () => undefined };

async function* slowly(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    // Every few items the producer makes the reader wait, so batches end with a record pending.
    if (i % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
    yield i;
  }
}

describe("fromIterable and fromAsyncIterable positions", () => {
  const n = 40;
  const items = Array.from({ length: n }, (_, i) => i);
  const replayable: Record<string, () => Source<number>> = {
    array: () => fromIterable(items),
    Set: () => fromIterable(new Set(items)),
    "Map keys via a generator function": () =>
      fromIterable({
        *[Symbol.iterator]() {
          yield* new Map(items.map((i) => [i, String(i)])).keys();
        },
      }),
    "async iterable": () => fromAsyncIterable({ [Symbol.asyncIterator]: () => slowly(n) }),
  };

  for (const [name, make] of Object.entries(replayable)) {
    it(`resuming at any batch boundary replays nothing and skips nothing (${name})`, async () => {
      await fc.assert(
        fc.asyncProperty(segments, async (cuts) => {
          const { records, positions } = await readInSegments(make(), cuts);
          expect(records).toEqual(items);
          expect(positions.at(-1)).toEqual({ index: n });
        }),
        { numRuns: 100 },
      );
    });
  }

  it("one-shot iterators expose no position and refuse one", async () => {
    function* gen(): Generator<number> {
      yield 1;
    }
    for (const oneShot of [fromIterable(gen()), fromIterable([1].values()), fromIterable(new Map([[1, 1]]).entries())]) {
      expect(oneShot.open(ctx).position).toBeUndefined();
      expect(() => oneShot.open(ctx, { index: 0 })).toThrow(/one-shot iterator cannot be replayed/);
    }
    const asyncOneShot = fromAsyncIterable(slowly(3));
    expect(asyncOneShot.open(ctx).position).toBeUndefined();
    expect(() => asyncOneShot.open(ctx, { index: 0 })).toThrow(CheckpointError);
  });

  it("rejects a position past the end of the items", async () => {
    expect(() => fromIterable([1, 2]).open(ctx, { index: 3 })).toThrow(
      'fromIterable(array of 2): cannot resume from position {"index":3}: the array has only 2 items',
    );
    expect(() => fromIterable(new Set([1, 2])).open(ctx, { index: 3 })).toThrow(/the iterable has only 2 items/);
    expect(() => fromIterable([1]).open(ctx, { index: 0.5 })).toThrow(/"index" must be a whole number/);
    const reader = fromAsyncIterable({ [Symbol.asyncIterator]: () => slowly(2) }).open(ctx, { index: 3 });
    await expect(Promise.resolve(reader.next(1))).rejects.toThrow(/the iterable has only 2 items/);
  });
});
