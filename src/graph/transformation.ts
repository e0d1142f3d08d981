import type { Source } from "../connectors/sources/source.js";
import type { Operator } from "../runtime/operator.js";

/** An input edge: the main output of `from`, or its side output `tagId`. @internal */
export interface InputEdge {
  readonly from: Transformation;
  readonly tagId: string | null;
}

/**
 * A node of the logical plan built by the API: a source, an operator with its inputs, or the
 * pipeline's dead-letter stream. `create` makes a fresh physical operator for each run.
 * @internal
 */
export interface Transformation {
  readonly id: number;
  /** Operator kind, e.g. "map", "window"; with the position it forms the default uid. */
  readonly name: string;
  uid: string;
  readonly inputs: InputEdge[];
  readonly kind: "source" | "operator" | "dead-letters";
  readonly source: Source<unknown> | null;
  readonly create: () => Operator;
}
