/**
 * A record an operator could not process: a non-finite timestamp, a user function that threw,
 * a bad key. It goes to `pipeline.deadLetters()` and the pipeline keeps running.
 * @public
 */
export interface DeadLetter {
  /** The input record as the operator received it. */
  readonly record: unknown;
  /** uid of the operator that rejected it. */
  readonly operator: string;
  /** Why, in words. */
  readonly reason: string;
}
