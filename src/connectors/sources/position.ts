import { CheckpointError } from "../../errors.js";
import type { SourcePosition } from "./source.js";

/** An error for a position `where` (a source's description) cannot resume from, naming it and saying why. @internal */
export function positionError(where: string, from: SourcePosition, why: string): CheckpointError {
  return new CheckpointError(`${where}: cannot resume from position ${JSON.stringify(from)}: ${why}`);
}

/** `from[key]` as a whole number ≥ 0, or a {@link positionError}. @internal */
export function wholeNumberAt(where: string, from: SourcePosition, key: string): number {
  const value = from[key];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw positionError(where, from, `"${key}" must be a whole number ≥ 0`);
  }
  return value;
}
