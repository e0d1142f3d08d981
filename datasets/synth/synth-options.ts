/**
 * Fills in a generator's options: rejects an options value that is not an object or an unknown
 * key (naming the allowed ones), then overlays the given values on `defaults`. `who` names the
 * generator in errors.
 * @internal
 */
export function synthOptions<O extends object>(who: string, options: Partial<O> | undefined, defaults: Required<O>): Required<O> {
  if (options === undefined) return { ...defaults };
  if (typeof options !== "object" || options === null) throw new TypeError(`${who}: options must be an object`);
  const o = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(options)) {
    if (!(key in defaults)) throw new TypeError(`${who}: unknown option "${key}" (allowed: ${Object.keys(defaults).join(", ")})`);
    if (value !== undefined) o[key] = value;
  }
  return o as Required<O>;
}

/** Throws a RangeError naming `who` and `name` unless `value` is a safe integer ≥ `min`. @internal */
export function requireInteger(who: string, name: string, value: unknown, min: number): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${who}: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
}

/** Throws a RangeError naming `who` and `name` unless `value` is a number in [lo, hi]. @internal */
export function requireInRange(who: string, name: string, value: unknown, lo: number, hi: number): void {
  if (typeof value !== "number" || !(value >= lo && value <= hi)) {
    throw new RangeError(`${who}: ${name} must be a number in [${lo}, ${hi}], got ${String(value)}`);
  }
}

/** A labelled sample of a synthetic stream, with the concept that generated it (the drift ground truth). @public */
export interface SyntheticSample<Y> {
  readonly x: number[];
  readonly y: Y;
  /** Index of the concept that generated the sample (0 for a stream without drift). */
  readonly concept: number;
}

/** A re-iterable generated stream: each iteration replays the same samples. @public */
export interface SyntheticStream<S, O> extends Iterable<S> {
  /** The options with every default filled in. */
  readonly options: Readonly<O>;
  /** Number of samples one iteration yields. */
  readonly count: number;
}
