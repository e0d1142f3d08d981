/**
 * The envelope of one operator's checkpointed state: which operator kind wrote it and in which
 * format version, so that state restored into an operator of another kind (a uid reused for a
 * different operator) or written by an unknown version fails with a message naming both. The
 * runtime adds the operator's uid to the message.
 * @internal
 */
export interface OperatorState {
  /** The kind of operator that wrote it, e.g. "window", "keyed-process". */
  readonly kind: string;
  /** Format version of the rest of the object. */
  readonly version: number;
}

/**
 * Checks that `state` was written by an operator of `kind` in `version` and returns it typed.
 * @throws Error naming the kind (or version) found and the one expected
 */
export function readOperatorState<S extends OperatorState>(state: unknown, kind: string, version: number): S {
  const found = typeof state === "object" && state !== null ? (state as Partial<OperatorState>) : {};
  if (found.kind !== kind) {
    const what = typeof found.kind === "string" ? `"${found.kind}" operator state` : "state of an unknown format";
    throw new Error(`the checkpoint holds ${what}, but this is a "${kind}" operator (was the uid given to a different operator?)`);
  }
  if (found.version !== version) {
    throw new Error(`the checkpoint holds "${kind}" state of format version ${String(found.version)}; this version reads only version ${version}`);
  }
  return state as S;
}
