import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { CheckpointError } from "../errors.js";

/** Where checkpoints are kept: a local directory or a JetStream bucket. @internal */
export interface CheckpointStorage {
  readonly description: string;
  /** Stores checkpoint `id` durably and atomically, then drops all but the newest `keep`. */
  write(id: number, bytes: Uint8Array): Promise<void>;
  /** The newest complete checkpoint, or null when there is none. */
  latest(): Promise<{ id: number; bytes: Uint8Array; name: string } | null>;
  /** Releases what the storage holds open (a connection); called once when the run ends, however it ends. */
  close?(): Promise<void>;
}

const PATTERN = /^chk-(\d{10})\.bin$/;
const fileName = (id: number): string => `chk-${String(id).padStart(10, "0")}.bin`;

/**
 * Checkpoints as files `chk-<id>.bin` in a directory. A checkpoint is written to a temporary
 * file, flushed to disk and renamed into place, so a crash mid-write leaves only a temporary
 * file, which is never read (a torn write is never loaded). All I/O is asynchronous, so timers
 * and connections keep being served while a large checkpoint is written.
 * @internal
 */
export class FsCheckpointStorage implements CheckpointStorage {
  readonly description: string;

  constructor(
    private readonly dir: string,
    private readonly keep: number,
  ) {
    this.description = `directory "${dir}"`;
  }

  async write(id: number, bytes: Uint8Array): Promise<void> {
    const final = join(this.dir, fileName(id));
    const tmp = `${final}.tmp-${process.pid}`;
    try {
      await mkdir(this.dir, { recursive: true });
      const file = await open(tmp, "w");
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, final);
      await syncDir(this.dir);
    } catch (error) {
      await rm(tmp, { force: true });
      throw new CheckpointError(`cannot write checkpoint "${final}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const ids = await this.ids();
    for (const old of ids.slice(this.keep)) await rm(join(this.dir, fileName(old)), { force: true });
    for (const name of await readdir(this.dir)) if (name.includes(".bin.tmp-")) await rm(join(this.dir, name), { force: true });
  }

  async latest(): Promise<{ id: number; bytes: Uint8Array; name: string } | null> {
    const [id] = await this.ids();
    if (id === undefined) return null;
    const name = join(this.dir, fileName(id));
    return { id, bytes: await readFile(name), name };
  }

  /** Checkpoint ids present, newest first. */
  private async ids(): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const ids: number[] = [];
    for (const n of names) {
      const m = PATTERN.exec(n);
      if (m !== null) ids.push(Number(m[1]));
    }
    return ids.sort((a, b) => b - a);
  }
}

/** Makes a rename durable: fsync the directory holding it (a no-op where directories cannot be opened). */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // some platforms cannot fsync a directory; the rename is still atomic
  }
}
