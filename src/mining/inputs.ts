import type { Vector } from "../../algorithms/base/vector.js";
import { ConfigError } from "../errors.js";
import { MiningFailure } from "./mining-function.js";
import type { MiningInput } from "./plan.js";
import type { WindowFeatures } from "./types.js";

/**
 * The vectors of a keyed mining operator: `x` as a function, or as field names read into a fresh
 * `Float64Array` (a model may keep its input, so the array is not reused).
 * @internal
 */
export function recordInput(where: string, options: unknown): MiningInput {
  const x = (options as { x?: unknown } | null)?.x;
  if (typeof x === "function") return { x: x as (r: unknown) => Vector, names: () => null, windowed: false, optionNames: ["x"] };
  if (!Array.isArray(x) || x.length === 0 || !x.every((n) => typeof n === "string" && n.length > 0)) {
    throw new ConfigError(`${where}: x must be a function (record) => vector or a non-empty array of field names, got ${x === undefined ? "nothing" : typeof x}`);
  }
  const names = Object.freeze([...(x as string[])]);
  const read = (r: unknown): Vector => {
    if (typeof r !== "object" || r === null) throw new MiningFailure(`x: the record is ${r === null ? "null" : typeof r}, not an object with fields ${names.join(", ")}`);
    const v = new Float64Array(names.length);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const f = (r as Record<string, unknown>)[name];
      if (typeof f !== "number") throw new MiningFailure(f === undefined ? `x: field "${name}" is missing` : `x: field "${name}" must be a number, got ${typeof f === "string" ? JSON.stringify(f) : String(f)}`);
      v[i] = f;
    }
    return v;
  };
  return { x: read, names: () => names, windowed: false, optionNames: ["x"] };
}

/** The vectors of a windowed mining operator: each window's {@link features}. @internal */
export const windowInput: MiningInput = {
  x: (r) => (r as WindowFeatures<unknown>).value.vector,
  names: (r) => (r as WindowFeatures<unknown>).value.names,
  windowed: true,
  optionNames: ["features", "stats"],
};
