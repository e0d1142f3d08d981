// A source context that keeps what a reader dead-letters, for the source reader tests.

export interface Dead {
  raw: unknown;
  reason: string;
}

/** A `{ deadLetter }` context for a source reader, and the dead letters it received, in order. */
export function collector(): { ctx: { deadLetter(raw: unknown, reason: string): void }; dead: Dead[] } {
  const dead: Dead[] = [];
  return { ctx: { deadLetter: (raw, reason) => dead.push({ raw, reason }) }, dead };
}
