import type { TopLevelSpec } from "vega-lite";
import { inferType, toRows, type TableRow, type VegaFieldType } from "./rows.js";
import type { DataFrame } from "./to-data-frame.js";

/** A Vega-Lite specification (v6), as {@link toVegaLite} builds and {@link plot} renders. @public */
export type VegaLiteSpec = TopLevelSpec;

/** A range of x values to shade, e.g. a labelled anomaly window; `[start, end]` in the x column's units. @public */
export interface Band {
  readonly start: number | string | Date;
  readonly end: number | string | Date;
}

/** Options of {@link toVegaLite}. @public */
export interface VegaLiteOptions {
  /** The column on the x axis. */
  readonly x: string;
  /** The column, or columns, on the y axis; several are folded into long form (`series`, `value`) and coloured by `series`. */
  readonly y: string | readonly string[];
  /** A column whose values colour the marks (as categories); only with a single `y`. Default none. */
  readonly color?: string;
  /** The mark; default `"line"`. */
  readonly mark?: "line" | "point" | "area" | "bar";
  /** The chart's title; default none. */
  readonly title?: string;
  /** Width of the plotting area in px; default 600. */
  readonly width?: number;
  /** Height of the plotting area in px; default 300. */
  readonly height?: number;
  /** How to read x; default from its first non-null value: number → quantitative, Date or ISO date string → temporal, else nominal. */
  readonly xType?: VegaFieldType;
  /** x ranges shaded behind the data (labelled windows), drawn as full-height rects; default none. */
  readonly bands?: readonly Band[];
}

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
/** Vega's categorical red, light enough that lines stay readable on top. */
const BAND_MARK = { type: "rect", color: "#e45756", opacity: 0.2 } as const;

/**
 * A Vega-Lite spec charting columns of a table: a DataFrame (say from `evaluate`) or an array of
 * row objects. Render it with {@link plot}, or hand the object to any Vega-Lite renderer.
 *
 * @remarks
 * The rows are copied into the spec's inline data. Several `y` columns are folded by a Vega-Lite
 * `fold` transform into `series` (the column name) and `value`, coloured by `series`. With
 * `bands`, the spec is a layer: the bands first (shaded rects spanning the full height between
 * `start` and `end` on the x scale, so they sit behind the data), then the data; both x
 * encodings carry the `x` column's name as title, so the shared axis keeps it. Column names are
 * Vega-Lite field names: a `.` or `[` in one reads as a nested path. The spec is plain JSON
 * (Dates aside) and can be edited before rendering, e.g. `spec.layer[0].mark` for the bands'
 * colour.
 * @param data - a danfojs DataFrame or an array of row objects.
 * @param options - `{ x, y, color?, mark = "line", title?, width = 600, height = 300, xType?, bands? }`.
 * @example
 * ```ts
 * import { toVegaLite } from "streamine/datasets";
 * const rows = [{ step: 1, mae: 2, rmse: 3 }, { step: 2, mae: 1, rmse: 2 }];
 * const spec = toVegaLite(rows, { x: "step", y: ["mae", "rmse"], title: "errors" });
 * expect(spec).toMatchObject({
 *   title: "errors",
 *   transform: [{ fold: ["mae", "rmse"], as: ["series", "value"] }],
 *   encoding: { x: { field: "step", type: "quantitative" }, color: { field: "series", type: "nominal" } },
 * });
 * ```
 * @public
 */
export function toVegaLite(data: DataFrame | readonly TableRow[], options: VegaLiteOptions): VegaLiteSpec {
  const ys = typeof options.y === "string" ? [options.y] : [...options.y];
  if (ys.length === 0) throw new TypeError("toVegaLite: option y must name at least one column");
  if (ys.length > 1 && options.color !== undefined) {
    throw new TypeError("toVegaLite: option color needs a single y column (several y columns are coloured by series)");
  }
  const rows = toRows(data);
  const xType = options.xType ?? inferType(rows, options.x);
  const x = { field: options.x, type: xType, title: options.x };
  const folded = ys.length > 1;
  const color = folded ? "series" : options.color;
  const main = {
    data: { values: rows },
    ...(folded ? { transform: [{ fold: ys, as: ["series", "value"] as [string, string] }] } : {}),
    mark: options.mark ?? "line",
    encoding: {
      x,
      y: { field: folded ? "value" : (ys[0] ?? ""), type: "quantitative" as const },
      ...(color === undefined ? {} : { color: { field: color, type: "nominal" as const } }),
    },
  };
  const frame = {
    $schema: SCHEMA,
    ...(options.title === undefined ? {} : { title: options.title }),
    width: options.width ?? 600,
    height: options.height ?? 300,
  };
  if (options.bands === undefined || options.bands.length === 0) return { ...frame, ...main };
  const bands = {
    data: { values: options.bands.map((b) => ({ start: b.start, end: b.end })) },
    mark: BAND_MARK,
    encoding: { x: { field: "start", type: xType, title: options.x }, x2: { field: "end" } },
  };
  return { ...frame, layer: [bands, main] };
}
