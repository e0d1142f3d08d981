// Argument checks shared by the statistics. They only allocate on the error path.

/**
 * Throws unless `v` is a finite number; `where` is "Class.method", `name` the argument.
 * @internal
 */
export function checkFinite(v: number, where: string, name: string): void {
  if (Number.isFinite(v)) return;
  if (typeof v !== "number") throw new TypeError(`${where}: ${name} must be a number, got ${typeof v}`);
  throw new RangeError(`${where}: ${name} must be a finite number, got ${v}`);
}

/**
 * Throws unless `w` is a finite weight > 0.
 * @internal
 */
export function checkWeight(w: number, where: string): void {
  if (Number.isFinite(w) && w > 0) return;
  if (typeof w !== "number") throw new TypeError(`${where}: w must be a number, got ${typeof w}`);
  throw new RangeError(`${where}: w must be a finite weight > 0, got ${w}`);
}

/**
 * For statistics without weights: `w` may only be omitted or 1.
 * @internal
 */
export function checkNoWeight(w: number | undefined, where: string): void {
  if (w === undefined || w === 1) return;
  throw new TypeError(`${where}: this statistic takes no weights (w must be omitted or 1), got w = ${String(w)}`);
}

/**
 * The options argument of a constructor: `undefined` or an object whose keys are all in
 * `allowed` (a misspelt option would otherwise be silently replaced by its default).
 * @internal
 */
export function checkOptions(options: unknown, where: string, allowed: readonly string[], example: string): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${where}: options must be an object such as ${example}, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TypeError(`${where}: unknown option "${key}" (allowed: ${allowed.join(", ")})`);
  }
}

/**
 * A probability in [lo, hi] (closed, or open at both ends when `open`).
 * @internal
 */
export function checkProbability(q: number, where: string, name: string, open: boolean): void {
  const ok = open ? q > 0 && q < 1 : q >= 0 && q <= 1;
  if (typeof q === "number" && ok) return;
  const range = open ? "in (0, 1), exclusive" : "in [0, 1]";
  throw new RangeError(`${where}: ${name} must be a number ${range}, got ${String(q)}`);
}
