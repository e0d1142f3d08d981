import { mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { streamTabular, type RowReader, type TabularColumns, type TabularSample } from "streamine/datasets";

const dir = realpathSync(mkdtempSync(join(tmpdir(), "streamine-tabular-")));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function collect<Y>(path: string, columns: TabularColumns<Y>): Promise<TabularSample<Y>[]> {
  const out: TabularSample<Y>[] = [];
  for await (const s of streamTabular(path, columns)) out.push(s);
  return out;
}

const ab = { features: ["a", "b"], y: () => null };

describe("streamTabular", () => {
  it("reads a gzipped CRLF file with a BOM and a quoted header, features in the given order", async () => {
    const path = file("t.csv.gz", gzipSync('\uFEFF"y","b","a"\r\n1, 2 ,1e-3\r\n\r\n0,-4,.5\r\n'));
    const columns = { features: ["a", "b"], y: (r: RowReader) => r.number("y") === 1 };
    expect(await collect(path, columns)).toEqual([
      { x: [0.001, 2], y: true },
      { x: [0.5, -4], y: false },
    ]);
  });

  it("encodes categorical features as their index in the listed categories", async () => {
    const path = file("cat.csv", "size,colour\n3,blue\n1,red\n");
    const columns = { features: ["colour", "size"], categories: { colour: ["red", "green", "blue"] }, y: () => 0 };
    expect((await collect(path, columns)).map((s) => s.x)).toEqual([
      [2, 3],
      [0, 1],
    ]);
    const bad = file("cat-bad.csv", "size,colour\n3,blue\n1,pink\n");
    await expect(collect(bad, columns)).rejects.toThrow(`${bad} line 3, column 2 (colour): expected one of red, green, blue, got "pink"`);
  });

  it("a cell that is not a number throws naming the file, line and column", async () => {
    const path = file("bad.csv", "a,b\n1,2\n3,abc\n");
    await expect(collect(path, ab)).rejects.toThrow(`streamTabular: ${path} line 3, column 2 (b): expected a number, got "abc"`);
    for (const cell of ["", "0x10", "NaN", "Infinity", "1,5"]) {
      const p = file("cell.csv", `a,b\n"${cell}",1\n`);
      await expect(collect(p, ab), JSON.stringify(cell)).rejects.toThrow(`line 2, column 1 (a): expected a number, got ${JSON.stringify(cell)}`);
    }
  });

  it("counts lines as the file does, blank lines and quoted line breaks included", async () => {
    const path = file("lines.csv", 'a,b,note\n1,2,"two\nlines"\n\n3,x,ok\n');
    await expect(collect(path, ab)).rejects.toThrow(`${path} line 5, column 2 (b): expected a number, got "x"`);
  });

  it("lets x and y compute values and report a bad cell with fail()", async () => {
    const path = file("months.csv", '"month","n"\r\n"1949-01",112\r\n"1949-13",118\r\n');
    const columns: TabularColumns<number> = {
      features: ["year", "month"],
      x: (r) => {
        const [y, m] = r.text("month").split("-").map(Number);
        return m !== undefined && m >= 1 && m <= 12 ? [y ?? NaN, m] : r.fail("month", "YYYY-MM");
      },
      y: (r) => r.number("n"),
    };
    await expect(collect(path, columns)).rejects.toThrow(`${path} line 3, column 1 (month): expected YYYY-MM, got "1949-13"`);
  });

  it("names the file on a missing file, a missing column, a short record and an empty file", async () => {
    const missing = join(dir, "nope.csv");
    await expect(collect(missing, ab)).rejects.toThrow(`missing file ${missing}`);
    const noColumn = file("no-column.csv", "a,c\n1,2\n");
    await expect(collect(noColumn, ab)).rejects.toThrow(`${noColumn} has no column b (columns: a, c)`);
    const short = file("short.csv", "a,b\n1,2\n3\n");
    await expect(collect(short, ab)).rejects.toThrow(new RegExp(`${short}: .*line 3`));
    const empty = file("empty.csv", "");
    await expect(collect(empty, ab)).rejects.toThrow(`${empty} is empty, expected a header row`);
  });

  it.runIf(process.platform === "linux")("closes the file when the loop stops early", async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i},${i % 7}`);
    const path = file("big.csv", `a,b\n${rows.join("\n")}\n`);
    const isOpen = (): boolean =>
      readdirSync("/proc/self/fd").some((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === path;
        } catch {
          return false; // closed while listing
        }
      });
    let n = 0;
    let openWhileReading = false;
    for await (const s of streamTabular(path, ab)) {
      if (n++ === 0) expect(s.x).toEqual([0, 0]);
      if (n === 10) {
        openWhileReading = isOpen();
        break;
      }
    }
    expect(openWhileReading).toBe(true);
    for (let i = 0; i < 100 && isOpen(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(isOpen()).toBe(false);
  });
});
