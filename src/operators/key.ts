import type { Key } from "../api/functions.js";

/** Why `key` cannot be used as a key, or null when it can. Keys must compare by value. @internal */
export function invalidKeyReason(key: unknown): string | null {
  switch (typeof key) {
    case "string":
    case "bigint":
    case "boolean":
      return null;
    case "number":
      return Number.isNaN(key) ? "key selector returned NaN" : null;
    default:
      return `key selector returned ${key === null ? "null" : typeof key}; keys must be strings, numbers, bigints or booleans`;
  }
}

export type KeySelectorFn = (value: unknown) => Key;
