import type { DataFrame } from "./to-data-frame.js";

/** One row of a table: column name → value. @public */
export type TableRow = Readonly<Record<string, unknown>>;

/** A Vega-Lite encoding type. @public */
export type VegaFieldType = "quantitative" | "temporal" | "ordinal" | "nominal";

/**
 * The rows of a danfojs DataFrame (read through `columns` and `values`, so danfojs need not be
 * loaded) or copies of an array's rows: Vega tags the objects it ingests, and the caller's rows
 * should stay untouched.
 * @internal
 */
export function toRows(data: DataFrame | readonly TableRow[]): Record<string, unknown>[] {
  if (isRowArray(data)) return data.map((row) => ({ ...row }));
  const columns = data.columns;
  return (data.values as unknown[][]).map((values) => Object.fromEntries(columns.map((c, j) => [c, values[j]])));
}

function isRowArray(data: DataFrame | readonly TableRow[]): data is readonly TableRow[] {
  return Array.isArray(data);
}

/** An ISO date at the start of a string ("2014-04-10", "2014-04-10 00:00:00", "2014-04-10T00:00Z"). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/**
 * The encoding type of a column from its first non-null value: numbers are quantitative, Dates
 * and ISO date strings temporal, anything else nominal (a string like "7" is not a date here,
 * though `Date.parse` would take it).
 * @internal
 */
export function inferType(rows: readonly TableRow[], field: string): VegaFieldType {
  const value = rows.find((r) => r[field] !== null && r[field] !== undefined)?.[field];
  if (typeof value === "number") return "quantitative";
  if (value instanceof Date || (typeof value === "string" && ISO_DATE.test(value))) return "temporal";
  return "nominal";
}
