import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** What a checkpoint stores of a transactional file sink. @internal */
export interface FileSinkState {
  /** Bytes of the output file that were committed before the pending parts. */
  readonly committedBytes: number;
  /** Parts written before the checkpoint and not yet committed to it, oldest first, with their sizes. */
  readonly pending: readonly { readonly part: string; readonly bytes: number }[];
}

/** Name of the part file that collects the lines of checkpoint epoch `epoch`. @internal */
export function partPath(path: string, epoch: number): string {
  return `${path}.part-${String(epoch).padStart(10, "0")}`;
}

/** Appends the whole of `from` to the open file `fd`. */
function appendFile(fd: number, from: string): number {
  const data = readFileSync(from);
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
  return data.length;
}

/**
 * Commits part files to the output: appends each (in order) to `path`, flushes, then deletes
 * them. Returns the new committed size. Idempotent after a crash only through
 * {@link recoverFileSink}, which first cuts the output back to a known size.
 * @internal
 */
export function commitParts(path: string, committedBytes: number, parts: readonly { part: string; bytes: number }[]): number {
  if (parts.length === 0) return committedBytes;
  const fd = openSync(path, "a");
  let size = committedBytes;
  try {
    for (const { part } of parts) size += appendFile(fd, part);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  for (const { part } of parts) rmSync(part, { force: true });
  return size;
}

/**
 * Puts the output back to what the restored checkpoint holds: if the commit of its pending parts
 * finished, the file is cut to exactly that size; otherwise it is cut to the size committed before
 * them and they are appended again. Part files of later epochs (written after the checkpoint, to be
 * replayed) are deleted. Returns the committed size.
 * @internal
 */
export function recoverFileSink(path: string, state: FileSinkState): number {
  const expected = state.pending.reduce((n, p) => n + p.bytes, state.committedBytes);
  const size = existsSync(path) ? statSync(path).size : 0;
  let committed: number;
  if (size >= expected) {
    // the commit of the pending parts finished (commits append in order, and nothing else does)
    truncate(path, expected);
    committed = expected;
  } else {
    for (const p of state.pending) {
      if (!existsSync(p.part)) throw new Error(`the output "${path}" has ${size} bytes, fewer than the ${expected} the checkpoint committed, and its part "${p.part}" is gone`);
    }
    truncate(path, state.committedBytes);
    committed = commitParts(path, state.committedBytes, state.pending);
  }
  removeParts(path);
  return committed;
}

/** Deletes every part file of `path`. @internal */
export function removeParts(path: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.part-`;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(prefix)) rmSync(join(dir, name), { force: true });
}

function truncate(path: string, size: number): void {
  const fd = openSync(path, existsSync(path) ? "r+" : "w");
  try {
    ftruncateSync(fd, size);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
