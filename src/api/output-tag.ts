import { ConfigError } from "../errors.js";

let nextTagId = 0;

/**
 * Names a side output of an operator (Flink's `OutputTag`): late data of a window, or values
 * a process function sends with `ctx.output(tag, value)`. Tags compare by identity.
 * @example
 * ```ts
 * import { OutputTag } from "streamine";
 * const late = new OutputTag<number>("late");
 * expect(late.name).toBe("late");
 * ```
 * @public
 */
export class OutputTag<T> {
  /** @internal */
  readonly id: string;
  declare readonly __type?: T;

  constructor(readonly name: string) {
    if (typeof name !== "string" || name.length === 0) throw new ConfigError("OutputTag: name must be a non-empty string");
    this.id = `${name}#${nextTagId++}`;
  }
}
