import { cardTransactions, type CardTransactionsOptions } from "../../datasets/index.js";
import { fromCsv, fromIterable, fromJsonLines, type Source, type SourcePosition } from "../index.js";

/** One card transaction as the fraud job reads it, generated or from a file. */
export interface FraudTransaction {
  /** The input's `id`, or `<card>@<ts>` when it has none. */
  readonly id: string;
  readonly card: string;
  /** Event time, ms since the epoch. */
  readonly ts: number;
  readonly amount: number;
  readonly merchant: string;
  readonly country: string;
  readonly category: string | null;
  /** Ground truth when the input is labelled: true for fraud; null when it is not. */
  readonly fraud: boolean | null;
  /** The labelled fraud pattern ("none" for a genuine transaction), or null. */
  readonly pattern: string | null;
}

/** The seeded generator of `datasets/` (labelled: fraud and pattern on every transaction), replayable for checkpoints. */
export function generatedTransactions(options: CardTransactionsOptions): Source<FraudTransaction> {
  const stream = cardTransactions(options);
  return fromIterable<FraudTransaction>({
    *[Symbol.iterator]() {
      for (const t of stream) yield { id: t.id, card: t.card, ts: t.ts, amount: t.amount, merchant: t.merchant, country: t.country, category: t.category, fraud: t.fraud, pattern: t.pattern };
    },
  });
}

/** The kinds of file `--input` takes, by how the name ends (`.gz`: gzip). */
const FORMATS: readonly { readonly pattern: RegExp; readonly format: "csv" | "jsonl" }[] = [
  { pattern: /\.csv(\.gz)?$/i, format: "csv" },
  { pattern: /\.(jsonl|ndjson)(\.gz)?$/i, format: "jsonl" },
];

/** "csv" or "jsonl" for a path `--input` can read, else null. */
export function inputFormat(path: string): "csv" | "jsonl" | null {
  return FORMATS.find((f) => f.pattern.test(path))?.format ?? null;
}

/**
 * Transactions from a CSV file (header row) or a JSON Lines file: each row or object needs
 * `card`, `ts` (ms since the epoch, or an ISO 8601 date), `amount` (≥ 0), `merchant` and
 * `country`; `id`, `category`, `fraud` (true/false, 1/0, yes/no) and `pattern` are optional. A
 * row that fails goes to the dead letters with the line number and the reason.
 */
export function fileTransactions(path: string): Source<FraudTransaction> {
  const format = inputFormat(path);
  if (format === null) throw new Error(`--input must be a .csv or .jsonl file (optionally .gz), got "${path}"`);
  return format === "csv" ? fromCsv(path, { parse: parseTransaction }) : fromJsonLines(path, { parse: parseTransaction });
}

/** A transaction from one parsed row; throws, naming the field, when the row does not hold one. */
export function parseTransaction(row: unknown): FraudTransaction {
  if (typeof row !== "object" || row === null || Array.isArray(row)) throw new Error(`expected an object with card, ts, amount, merchant and country, got ${row === null ? "null" : Array.isArray(row) ? "an array" : typeof row}`);
  const r = row as Record<string, unknown>;
  const card = text(r, "card");
  const ts = timestamp(r["ts"]);
  const amount = number(r["amount"]);
  if (!(amount >= 0)) throw new Error(`amount must be a number ≥ 0, got ${show(r["amount"])}`);
  const fraud = label(r["fraud"]);
  const pattern = optionalText(r, "pattern");
  return {
    id: optionalText(r, "id") ?? `${card}@${ts}`,
    card,
    ts,
    amount,
    merchant: text(r, "merchant"),
    country: text(r, "country"),
    category: optionalText(r, "category"),
    fraud: fraud ?? (pattern === null ? null : pattern !== "none"),
    pattern,
  };
}

/**
 * `source` cut after its first `limit` records. Its position is the inner one plus `taken`, so a
 * checkpointed run resumes with the same limit.
 */
export function limitSource<T>(source: Source<T>, limit: number): Source<T> {
  return {
    description: `${source.description}, first ${limit}`,
    bounded: true,
    open(ctx, from) {
      let taken = typeof from?.["taken"] === "number" ? from["taken"] : 0;
      const inner = source.open(ctx, from === undefined ? undefined : withoutTaken(from));
      const position = inner.position;
      return {
        async next(max) {
          if (taken >= limit) return null;
          const batch = await inner.next(Math.min(max, limit - taken));
          if (batch !== null) taken += batch.length;
          return batch;
        },
        close: () => inner.close?.(),
        ...(position === undefined ? {} : { position: () => ({ ...position.call(inner), taken }) }),
      };
    },
  };
}

function withoutTaken(position: SourcePosition): SourcePosition {
  const { taken: _taken, ...rest } = position;
  return rest;
}

const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : String(v));

function text(r: Record<string, unknown>, field: string): string {
  const v = optionalText(r, field);
  if (v === null) throw new Error(`${field} is missing`);
  return v;
}

function optionalText(r: Record<string, unknown>, field: string): string | null {
  const v = r[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== "string" && typeof v !== "number") throw new Error(`${field} must be a string, got ${typeof v}`);
  const s = String(v).trim();
  return s.length === 0 ? null : s;
}

function number(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "") return Number(v);
  return NaN;
}

/** ms since the epoch: a number, a numeric string, or an ISO 8601 date. */
function timestamp(v: unknown): number {
  if (v === undefined || v === null || v === "") throw new Error("ts is missing");
  let ms = number(v);
  if (Number.isNaN(ms) && typeof v === "string") ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw new Error(`ts must be ms since the epoch or an ISO 8601 date, got ${show(v)}`);
  return ms;
}

const TRUE = new Set(["true", "1", "yes", "y", "t"]);
const FALSE = new Set(["false", "0", "no", "n", "f"]);

function label(v: unknown): boolean | null {
  if (v === undefined || v === null || v === "") return null;
  if (typeof v === "boolean") return v;
  const s = String(v).trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new Error(`fraud must be true or false (or 1/0, yes/no), got ${show(v)}`);
}
