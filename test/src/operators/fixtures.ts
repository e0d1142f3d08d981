// Shared records and functions of the operator tests.
import type { AggregateFunction, WindowResult } from "streamine";
import type { WindowOperator } from "../../../src/operators/window.js";

export interface Rec {
  k: string;
  v: number;
}
export type Out = WindowResult<string, number>;

export const rec = (k: string, v: number): Rec => ({ k, v });

export const sum: AggregateFunction<Rec, number, number> = {
  createAccumulator: () => 0,
  add: (r, acc) => acc + r.v,
  merge: (a, b) => a + b,
  getResult: (acc) => acc,
};

/** A window result as `key@[start,end)=value`. */
export const fmt = (r: Out): string => `${r.key}@[${r.window.start},${r.window.end})=${r.value}`;

/** Keys holding window state in a general window operator. */
export const liveKeys = (op: unknown): number => (op as WindowOperator).liveKeyCount();
