import { checkExists } from "./data-dir.js";
import { streamCsvRecords } from "./csv-records.js";

/** One sample of a tabular dataset: the features in the dataset's `features` order and the target. @public */
export interface TabularSample<Y> {
  readonly x: number[];
  readonly y: Y;
}

/**
 * The cells of the current row, read by column name. Every reader throws naming the file, the
 * line, the column's position (1-based) and its name when the cell does not hold what it expects.
 * @public
 */
export interface RowReader {
  /** The cell, trimmed. */
  text(column: string): string;
  /** The cell as a finite decimal number (`12`, `-0.5`, `1e-3`; not empty, not `NaN`, not hex). */
  number(column: string): number;
  /** The index of the cell in `categories` (ordinal encoding). */
  category(column: string, categories: readonly string[]): number;
  /** Throws the error of a cell that is not `expected`, e.g. `fail("month", "YYYY-MM")`. */
  fail(column: string, expected: string): never;
}

/** How a tabular file maps to samples. @public */
export interface TabularColumns<Y> {
  /** The features, in sample order: column names unless `x` computes them. */
  readonly features: readonly string[];
  /** Categorical features, each encoded as its cell's index in its list (ordinal encoding). Default none. */
  readonly categories?: Readonly<Record<string, readonly string[]>>;
  /** Computes the features; default: each of `features` read as a number, or as a category when listed in `categories`. */
  readonly x?: (row: RowReader) => number[];
  /** Computes the target. */
  readonly y: (row: RowReader) => Y;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The reader over one row at a time: one object per file, so reading allocates nothing per row. */
class Row implements RowReader {
  line = 0;
  cells: readonly string[] = [];
  private readonly index: Map<string, number>;

  constructor(
    private readonly path: string,
    private readonly header: readonly string[],
  ) {
    this.index = new Map(header.map((name, i) => [name, i]));
  }

  private at(column: string): number {
    const i = this.index.get(column);
    if (i === undefined) throw new Error(`streamTabular: ${this.path} has no column ${column} (columns: ${this.header.join(", ")})`);
    return i;
  }

  text(column: string): string {
    return (this.cells[this.at(column)] ?? "").trim();
  }

  number(column: string): number {
    const t = this.text(column);
    if (!DECIMAL.test(t)) this.fail(column, "a number");
    return Number(t);
  }

  category(column: string, categories: readonly string[]): number {
    const i = categories.indexOf(this.text(column));
    if (i < 0) this.fail(column, `one of ${categories.join(", ")}`);
    return i;
  }

  fail(column: string, expected: string): never {
    const got = JSON.stringify(this.text(column));
    throw new Error(`streamTabular: ${this.path} line ${this.line}, column ${this.at(column) + 1} (${column}): expected ${expected}, got ${got}`);
  }
}

function readFeatures(row: RowReader, columns: TabularColumns<unknown>): number[] {
  const categories = columns.categories ?? {};
  return columns.features.map((name) => {
    const list = categories[name];
    return list === undefined ? row.number(name) : row.category(name, list);
  });
}

/**
 * Streams a CSV file (gunzipped when its name ends in `.gz`; LF or CRLF; quoted header ok) as
 * samples `{ x, y }`, one row at a time with csv-parse's stream parser, in file order.
 *
 * @remarks A missing file throws naming its path. A cell that is not what its column expects
 * throws naming the file, the line, the column's position and name. Leaving the loop early
 * closes the file. The datasets of {@link datasets} use this with their own columns.
 * @param path - the CSV file; its first row is the header.
 * @param columns - the features (in sample order) and how to read the target.
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { streamTabular } from "streamine/datasets";
 * const path = join(mkdtempSync(join(tmpdir(), "tabular-")), "t.csv");
 * writeFileSync(path, '"a","b","colour","label"\r\n1,2.5,red,yes\r\n3,-4,blue,no\r\n');
 * const columns = { features: ["b", "colour"], categories: { colour: ["red", "green", "blue"] } };
 * const samples = [];
 * for await (const s of streamTabular(path, { ...columns, y: (r) => r.text("label") === "yes" })) samples.push(s);
 * expect(samples).toEqual([{ x: [2.5, 0], y: true }, { x: [-4, 2], y: false }]);
 * ```
 * @public
 */
export async function* streamTabular<Y>(path: string, columns: TabularColumns<Y>): AsyncGenerator<TabularSample<Y>, void, undefined> {
  checkExists("streamTabular", path);
  let row: Row | null = null;
  for await (const { line, cells } of streamCsvRecords("streamTabular", path)) {
    if (row === null) {
      row = new Row(path, cells.map((c) => c.trim()));
      continue;
    }
    row.line = line;
    row.cells = cells;
    yield { x: columns.x === undefined ? readFeatures(row, columns) : columns.x(row), y: columns.y(row) };
  }
  if (row === null) throw new Error(`streamTabular: ${path} is empty, expected a header row`);
}
