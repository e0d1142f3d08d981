import { EstimatorConfigError, EstimatorInputError } from "./input-error.js";

/**
 * Checks that `x` is an array-like of `dim` finite numbers (any `dim` when it is 0) and copies it
 * into `into`. Throws {@link EstimatorInputError} naming `where` (Class.method) and the bad index.
 */
export function readVector(where: string, x: ArrayLike<number>, dim: number, into: Float64Array): void {
  if (x === null || typeof x !== "object" || typeof x.length !== "number") {
    throw new EstimatorInputError(`${where}: x must be an array of numbers, got ${x === null ? "null" : typeof x}`);
  }
  if (x.length !== dim) throw new EstimatorInputError(`${where}: x has ${x.length} feature${x.length === 1 ? "" : "s"}, expected ${dim}`);
  for (let i = 0; i < dim; i++) {
    const v = x[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new EstimatorInputError(`${where}: x[${i}] must be a finite number, got ${String(v)}`);
    }
    into[i] = v;
  }
}

/**
 * A received value as an error message shows it: strings quoted (so `"3"` is not read as 3),
 * objects by their class. Only called on the error path.
 */
export function received(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "function") return "a function";
  if (typeof v !== "object" || v === null) return String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  const name: unknown = (Object.getPrototypeOf(v) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === "string" && name !== "" && name !== "Object" ? `an instance of ${name}` : "an object";
}

/** Throws {@link EstimatorInputError} unless `v` is a finite number. */
export function checkFinite(where: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new EstimatorInputError(`${where}: ${name} must be a finite number, got ${received(v)}`);
  }
}

/** Throws {@link EstimatorConfigError} naming the option and the allowed range when `ok` is false. */
export function checkOption(ok: boolean, where: string, option: string, allowed: string, got: unknown): void {
  if (!ok) throw new EstimatorConfigError(`${where}: option ${option} must be ${allowed}, got ${received(got)}`);
}

/**
 * Fills in defaults and rejects unknown option names (River `_get_params` with a check), so a
 * misspelt option is not silently replaced by its default. Only `undefined` means "no options".
 */
export function withDefaults<O extends object>(where: string, options: Partial<O> | undefined, defaults: Required<O>): Required<O> {
  const given: unknown = options === undefined ? {} : options;
  if (typeof given !== "object" || given === null) {
    throw new EstimatorConfigError(`${where}: options must be an object (allowed keys: ${Object.keys(defaults).join(", ")}), got ${received(given)}`);
  }
  for (const key of Object.keys(given)) {
    // Own keys only: "toString" or "constructor" are not options.
    if (!Object.hasOwn(defaults, key)) {
      throw new EstimatorConfigError(`${where}: unknown option "${key}" (allowed: ${Object.keys(defaults).join(", ")})`);
    }
  }
  const out = { ...defaults };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return Object.freeze(out);
}
