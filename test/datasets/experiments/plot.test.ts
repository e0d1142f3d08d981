import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { plot, toVegaLite, writePlot } from "streamine/datasets";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const rows = [0, 5, 10].map((t) => ({ t, a: t, b: 10 - t }));

/** The SVG paths inside each mark group of a kind (`line`, `rect`…): one group per line series, one path per rect. */
function marks(svg: string, kind: string): string[][] {
  const groups = [...svg.matchAll(new RegExp(`<g class="mark-${kind} role-mark[^>]*>(.*?)</g>`, "g"))];
  return groups.map((g) => [...(g[1] ?? "").matchAll(/<path[^>]*\bd="([^"]*)"/g)].map((p) => p[1] ?? ""));
}

/** The text of every SVG <text> element (axis labels and titles, legend entries, chart title). */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? "");
}

describe("toVegaLite", () => {
  it("charts one y column as a line", () => {
    expect(toVegaLite(rows.slice(0, 2), { x: "t", y: "a" })).toEqual({
      $schema: SCHEMA,
      width: 600,
      height: 300,
      data: {
        values: [
          { t: 0, a: 0, b: 10 },
          { t: 5, a: 5, b: 5 },
        ],
      },
      mark: "line",
      encoding: { x: { field: "t", type: "quantitative", title: "t" }, y: { field: "a", type: "quantitative" } },
    });
  });

  it("folds several y columns into series and value, and layers bands behind the data", () => {
    const spec = toVegaLite([{ t: 1, a: 2, b: 3 }], { x: "t", y: ["a", "b"], mark: "point", title: "T", width: 100, height: 50, bands: [{ start: 2, end: 4 }] });
    expect(spec).toEqual({
      $schema: SCHEMA,
      title: "T",
      width: 100,
      height: 50,
      layer: [
        {
          data: { values: [{ start: 2, end: 4 }] },
          mark: { type: "rect", color: "#e45756", opacity: 0.2 },
          encoding: { x: { field: "start", type: "quantitative", title: "t" }, x2: { field: "end" } },
        },
        {
          data: { values: [{ t: 1, a: 2, b: 3 }] },
          transform: [{ fold: ["a", "b"], as: ["series", "value"] }],
          mark: "point",
          encoding: {
            x: { field: "t", type: "quantitative", title: "t" },
            y: { field: "value", type: "quantitative" },
            color: { field: "series", type: "nominal" },
          },
        },
      ],
    });
  });

  it("colours by a column, infers the x type and copies the rows", () => {
    const when = [{ day: new Date(0), v: 1, kind: "x" }];
    const spec = toVegaLite(when, { x: "day", y: "v", color: "kind" });
    expect(spec).toMatchObject({ encoding: { x: { type: "temporal" }, color: { field: "kind", type: "nominal" } } });
    expect((spec as { data: { values: unknown[] } }).data.values[0]).not.toBe(when[0]);
    const type = (x: unknown): unknown => (toVegaLite([{ x: null }, { x }], { x: "x", y: "x" }) as { encoding: { x: { type: string } } }).encoding.x.type;
    expect([type(3), type("2014-04-10 00:00:00"), type("7"), type(true)]).toEqual(["quantitative", "temporal", "nominal", "nominal"]);
    expect(toVegaLite([{ x: 3 }], { x: "x", y: "x", xType: "ordinal" })).toMatchObject({ encoding: { x: { type: "ordinal" } } });
  });

  it("rejects no y column, and a colour column with several", () => {
    expect(() => toVegaLite(rows, { x: "t", y: [] })).toThrow(/at least one column/);
    expect(() => toVegaLite(rows, { x: "t", y: ["a", "b"], color: "t" })).toThrow(/single y column/);
  });
});

describe("plot", () => {
  it("renders a line per series, scaled to the plotting area, with axis and legend titles", async () => {
    const svg = await plot(toVegaLite(rows, { x: "t", y: ["a", "b"], width: 100, height: 50, title: "T" }));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    // x 0..10 → 0..100 px; y 0..10 → 50..0 px (SVG y grows downwards)
    expect(marks(svg, "line")).toEqual([["M0,50L50,25L100,0"], ["M0,0L50,25L100,50"]]);
    expect(texts(svg)).toEqual(expect.arrayContaining(["t", "value", "series", "a", "b", "T"]));
  });

  it("draws each band as a full-height rect, keeping the x axis title", async () => {
    const spec = toVegaLite(rows, { x: "t", y: "a", width: 100, height: 50, bands: [{ start: 2, end: 4 }, { start: 6, end: 7 }] });
    const svg = await plot(spec);
    // [2, 4] → x 20..40 px, [6, 7] → 60..70 px, each 50 px high
    expect(marks(svg, "rect")).toEqual([["M20,0h20v50h-20Z", "M60,0h10v50h-10Z"]]);
    expect(marks(svg, "line")).toEqual([["M0,50L50,25L100,0"]]);
    expect(texts(svg).filter((s) => s.includes("t") && s !== "t")).toEqual([]); // not "start, end, t"
  });

  it("shades bands on a time axis read from timestamp strings (NAB's format)", async () => {
    const series = ["2014-04-10 00:00:00", "2014-04-10 12:00:00", "2014-04-11 00:00:00"].map((timestamp, i) => ({ timestamp, value: i }));
    const spec = toVegaLite(series, { x: "timestamp", y: "value", width: 100, height: 50, bands: [{ start: "2014-04-10 06:00:00", end: "2014-04-10 12:00:00" }] });
    const svg = await plot(spec);
    // one day → 100 px: 06:00–12:00 is x 25..50
    expect(marks(svg, "rect")).toEqual([["M25,0h25v50h-25Z"]]);
    expect(texts(svg)).toContain("timestamp");
  });

  it("leaves the caller's rows untouched", async () => {
    const mine = [{ t: 0, a: 1 }];
    await plot(toVegaLite(mine, { x: "t", y: "a" }));
    expect(Object.getOwnPropertySymbols(mine[0])).toEqual([]);
    expect(mine).toEqual([{ t: 0, a: 1 }]);
  });
});

describe("writePlot", () => {
  const dir = mkdtempSync(join(tmpdir(), "streamine-plot-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the SVG that plot renders", async () => {
    const spec = toVegaLite(rows, { x: "t", y: "a" });
    const path = join(dir, "chart.svg");
    const svg = await writePlot(spec, path);
    expect(readFileSync(path, "utf8")).toBe(svg);
    expect(svg).toBe(await plot(spec));
    expect(svg.startsWith("<svg")).toBe(true);
  });
});
