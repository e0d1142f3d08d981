import type { AggregateFunction } from "../api/functions.js";
import { ConfigError, rejectUnknownOptions, requirePositive } from "../errors.js";

/** A statistic {@link features} computes per field. @public */
export type FeatureStat = "count" | "mean" | "std" | "min" | "max" | "last" | "rate";

/** Every {@link FeatureStat}, in the order `features` lays them out per field. @public */
export const FEATURE_STATS: readonly FeatureStat[] = Object.freeze(["count", "mean", "std", "min", "max", "last", "rate"]);

/**
 * Which numbers of a record {@link features} summarises: the names of numeric fields, or named
 * extractors. A field that is null or undefined is absent from that record (not counted); any
 * other value must be a finite number.
 * @public
 */
export type FeatureFields<T> = readonly (keyof T & string)[] | Readonly<Record<string, (record: T) => number | null | undefined>>;

/** Options of {@link features}. @public */
export interface FeaturesOptions {
  /** The statistics per field, in this order; default all of {@link FEATURE_STATS}. */
  readonly stats?: readonly FeatureStat[];
  /**
   * Length of the window in ms, which `rate` divides by; required when `stats` holds `"rate"`.
   * The windowed mining methods fill it in from their window assigner.
   */
  readonly windowMs?: number;
}

/** A window's feature vector and the name of each entry (`"temp.mean"`). @public */
export interface Features {
  readonly names: readonly string[];
  readonly vector: Float64Array;
}

/**
 * The running statistics of each field (index = field): count, mean and sum of squared
 * deviations (Welford), min, max and the last value added. Plain data, so windows checkpoint it.
 * @public
 */
export interface FeatureAccumulator {
  readonly count: Float64Array;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly last: Float64Array;
}

/** The AggregateFunction {@link features} returns; `names` are the names of the vector's entries. @public */
export interface FeaturesFunction<T> extends AggregateFunction<T, FeatureAccumulator, Features> {
  readonly names: readonly string[];
  merge(a: FeatureAccumulator, b: FeatureAccumulator): FeatureAccumulator;
}

function fieldReaders<T>(fields: FeatureFields<T>): { names: string[]; read: ((r: T) => unknown)[] } {
  const where = "features";
  if (Array.isArray(fields)) {
    if (fields.length === 0) throw new ConfigError(`${where}: give at least one field name, such as features(["temp"])`);
    const names = [...(fields as readonly string[])];
    names.forEach((n, i) => {
      if (typeof n !== "string" || n === "") throw new ConfigError(`${where}: field names must be non-empty strings, got ${JSON.stringify(n)}`);
      if (names.indexOf(n) !== i) throw new ConfigError(`${where}: field "${n}" is listed twice`);
    });
    return { names, read: names.map((n) => (r: T) => (r as Record<string, unknown>)[n]) };
  }
  if (typeof fields !== "object" || fields === null) throw new ConfigError(`${where}: fields must be an array of field names or an object of extractors`);
  const entries = Object.entries(fields as Readonly<Record<string, unknown>>);
  if (entries.length === 0) throw new ConfigError(`${where}: give at least one extractor, such as features({ temp: (r) => r.temp })`);
  for (const [n, fn] of entries) if (typeof fn !== "function") throw new ConfigError(`${where}: extractor "${n}" must be a function, got ${typeof fn}`);
  return { names: entries.map(([n]) => n), read: entries.map(([, fn]) => fn as (r: T) => unknown) };
}

/**
 * An incremental {@link AggregateFunction} that turns a window's records into a feature vector:
 * per field, in the order given, `count`, `mean`, `std`, `min`, `max`, `last` and `rate` (or the
 * `stats` chosen), named `"<field>.<stat>"` in `names`.
 *
 * @remarks
 * `count` is the number of records holding the field, `std` the population standard deviation
 * (0 for one value), `last` the value of the record added last (in arrival order; a merge takes
 * the later argument's), `rate` the count per second of window (`count / (windowMs / 1000)`). A
 * field no record held has count 0, rate 0 and NaN for the other statistics. A field value that
 * is neither a finite number nor null/undefined throws before the accumulator changes, so the
 * window operator dead-letters that record. Mean and variance are Welford's and merge by Chan et
 * al.'s formula (sliding windows and sessions merge accumulators). `add` allocates nothing.
 * @param fields - field names, or `{ name: (record) => number }` extractors.
 * @param options - `stats` (default all seven) and `windowMs` (needed for `rate`).
 * @example
 * ```ts
 * import { Pipeline, features, fromIterable, tumbling, watermarks } from "streamine";
 * const readings = [
 *   { device: "a", ts: 0, temp: 20 },
 *   { device: "a", ts: 30_000, temp: 22 },
 *   { device: "a", ts: 50_000, temp: 24 },
 * ];
 * const spec = features<(typeof readings)[number]>(["temp"], { windowMs: 60_000 });
 * expect(spec.names).toEqual(["temp.count", "temp.mean", "temp.std", "temp.min", "temp.max", "temp.last", "temp.rate"]);
 * const p = Pipeline.create({ name: "features" });
 * const out: number[][] = [];
 * p.source(fromIterable(readings))
 *   .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(0))
 *   .keyBy((r) => r.device)
 *   .window(tumbling(60_000))
 *   .aggregate(spec)
 *   .sink((w) => out.push([...w.value.vector]));
 * await p.run();
 * expect(out[0]?.[0]).toBe(3); // count
 * expect(out[0]?.[1]).toBe(22); // mean
 * expect(out[0]?.[2]).toBeCloseTo(Math.sqrt(8 / 3), 12); // std
 * expect(out[0]?.slice(3)).toEqual([20, 24, 24, 0.05]); // min, max, last, 3 readings per 60 s
 * ```
 * @public
 */
export function features<T>(fields: FeatureFields<T>, options: FeaturesOptions = {}): FeaturesFunction<T> {
  if (typeof options !== "object" || options === null) throw new ConfigError("features: options must be an object such as { windowMs: 60_000 }");
  rejectUnknownOptions("features", options, ["stats", "windowMs"]);
  const { names: fieldNames, read } = fieldReaders(fields);
  const stats = options.stats ?? FEATURE_STATS;
  if (!Array.isArray(stats) || stats.length === 0) throw new ConfigError(`features: stats must be a non-empty array of ${FEATURE_STATS.join(", ")}`);
  stats.forEach((s, i) => {
    if (!FEATURE_STATS.includes(s)) throw new ConfigError(`features: unknown stat ${JSON.stringify(s)} (allowed: ${FEATURE_STATS.join(", ")})`);
    if (stats.indexOf(s) !== i) throw new ConfigError(`features: stat "${s}" is listed twice`);
  });
  const windowMs = options.windowMs;
  if (windowMs !== undefined) requirePositive("features", "windowMs", windowMs);
  else if (stats.includes("rate")) {
    throw new ConfigError('features: "rate" is a count per second of window: give windowMs (the window length), or leave "rate" out of stats');
  }
  const d = fieldNames.length;
  const names = Object.freeze(fieldNames.flatMap((f) => stats.map((s) => `${f}.${s}`)));
  const seconds = (windowMs ?? NaN) / 1000;
  /** The current record's values; NaN marks an absent field (a present NaN is refused). */
  const scratch = new Float64Array(d);

  const createAccumulator = (): FeatureAccumulator => ({
    count: new Float64Array(d),
    mean: new Float64Array(d),
    m2: new Float64Array(d),
    min: new Float64Array(d).fill(Infinity),
    max: new Float64Array(d).fill(-Infinity),
    last: new Float64Array(d).fill(NaN),
  });

  const add = (record: T, acc: FeatureAccumulator): FeatureAccumulator => {
    for (let i = 0; i < d; i++) {
      const v = (read[i] as (r: T) => unknown)(record);
      if (v === null || v === undefined) scratch[i] = NaN;
      else if (typeof v === "number" && Number.isFinite(v)) scratch[i] = v;
      else throw new TypeError(`features: field "${fieldNames[i]}" must be a finite number (or null/undefined when absent), got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
    }
    const { count, mean, m2, min, max, last } = acc;
    for (let i = 0; i < d; i++) {
      const x = scratch[i] as number;
      if (x !== x) continue; // absent
      const n = (count[i] as number) + 1;
      const delta = x - (mean[i] as number);
      const m = (mean[i] as number) + delta / n;
      count[i] = n;
      mean[i] = m;
      m2[i] = (m2[i] as number) + delta * (x - m);
      if (x < (min[i] as number)) min[i] = x;
      if (x > (max[i] as number)) max[i] = x;
      last[i] = x;
    }
    return acc;
  };

  const merge = (a: FeatureAccumulator, b: FeatureAccumulator): FeatureAccumulator => {
    for (let i = 0; i < d; i++) {
      const nb = b.count[i] as number;
      if (nb === 0) continue;
      const na = a.count[i] as number;
      const n = na + nb;
      const delta = (b.mean[i] as number) - (a.mean[i] as number);
      a.mean[i] = na === 0 ? (b.mean[i] as number) : (a.mean[i] as number) + (delta * nb) / n;
      a.m2[i] = (a.m2[i] as number) + (b.m2[i] as number) + (na === 0 ? 0 : (delta * delta * na * nb) / n);
      a.count[i] = n;
      if ((b.min[i] as number) < (a.min[i] as number)) a.min[i] = b.min[i] as number;
      if ((b.max[i] as number) > (a.max[i] as number)) a.max[i] = b.max[i] as number;
      a.last[i] = b.last[i] as number;
    }
    return a;
  };

  const getResult = (acc: FeatureAccumulator): Features => {
    const vector = new Float64Array(names.length);
    let j = 0;
    for (let i = 0; i < d; i++) {
      const n = acc.count[i] as number;
      for (const s of stats) vector[j++] = n === 0 && s !== "count" && s !== "rate" ? NaN : stat(s, acc, i, n, seconds);
    }
    return { names, vector };
  };

  return { names, createAccumulator, add, merge, getResult };
}

function stat(s: FeatureStat, acc: FeatureAccumulator, i: number, n: number, seconds: number): number {
  switch (s) {
    case "count":
      return n;
    case "mean":
      return acc.mean[i] as number;
    case "std":
      return Math.sqrt((acc.m2[i] as number) / n);
    case "min":
      return acc.min[i] as number;
    case "max":
      return acc.max[i] as number;
    case "last":
      return acc.last[i] as number;
    case "rate":
      return n / seconds;
  }
}
