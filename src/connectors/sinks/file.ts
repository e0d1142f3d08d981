import { closeSync, createWriteStream, fsyncSync, openSync, type WriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { ConfigError, rejectUnknownOptions } from "../../errors.js";
import { defaultFormat, drained, formatLines } from "./lines.js";
import { commitParts, partPath, recoverFileSink, removeParts, type FileSinkState } from "./file-transactions.js";
import type { Sink } from "./sink.js";

/** Options of {@link toFile}. @public */
export interface FileSinkOptions<T> {
  /** Turns a record into one line of text; default `JSON.stringify` (JSON Lines). */
  format?: (value: T) => string;
}

const OPTION_NAMES = ["format"] as const;

/**
 * A sink writing one line per record to a file, JSON Lines by default. The file is created (or
 * truncated) when the first batch or the end of the run arrives, so a run without records leaves
 * an empty file. When the write buffer is full the pipeline waits for `'drain'` before reading
 * more input; `close()` (at the end of the run) ends the file and waits until it is written.
 *
 * @remarks
 * A write error (a missing directory, a full disk) fails the run with an error naming the path.
 * In a pipeline that takes checkpoints the sink is exactly once: the lines of each checkpoint
 * epoch go to a part file `<path>.part-<n>`, appended to `path` once the checkpoint is durable;
 * after a crash, the restore cuts `path` back to what the checkpoint committed.
 *
 * @param path - the file to write.
 * @param options - `format` (default `JSON.stringify`).
 * @throws ConfigError for an unknown option or a `format` that is not a function.
 * @example
 * ```ts
 * import { mkdtempSync, readFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { Pipeline, fromIterable, toFile } from "streamine";
 * const file = join(mkdtempSync(join(tmpdir(), "out-")), "doubled.jsonl");
 * const p = Pipeline.create({ name: "write" });
 * p.source(fromIterable([1, 2, 3])).map((x) => ({ x: x * 2 })).sink(toFile(file));
 * await p.run();
 * expect(readFileSync(file, "utf8")).toBe('{"x":2}\n{"x":4}\n{"x":6}\n');
 * ```
 * @public
 */
export function toFile<T>(path: string, options: FileSinkOptions<T> = {}): Sink<T> {
  if (typeof path !== "string" || path.length === 0) throw new ConfigError("toFile: path must be a non-empty string");
  if (typeof options !== "object" || options === null) throw new ConfigError("toFile: options must be an object");
  rejectUnknownOptions("toFile", options, OPTION_NAMES);
  if (options.format !== undefined && typeof options.format !== "function") {
    throw new ConfigError(`toFile: format must be a function, got ${typeof options.format}`);
  }
  const format = options.format ?? defaultFormat;
  let transactional = false;
  return {
    description: `toFile(${path})`,
    open(info) {
      transactional = info.checkpointing;
    },
    ...fileWriter(path, format, () => transactional),
  };
}

type Writer<T> = Pick<Sink<T>, "writeBatch" | "close" | "snapshotState" | "commit" | "restoreState">;

/**
 * Both ways of writing: straight into the file, or — when the pipeline checkpoints — into one
 * part file per checkpoint epoch, appended to the file once the checkpoint that covers it is
 * durable (two-phase commit), so after a crash the file holds each line exactly once.
 */
function fileWriter<T>(path: string, format: (value: T) => string, isTransactional: () => boolean): Writer<T> {
  let stream: WriteStream | null = null;
  let error: Error | null = null;
  // transactional state
  let started = false;
  let epoch = 1;
  let partBytes = 0;
  let committedBytes = 0;
  let pending: { part: string; bytes: number; checkpointId: number }[] = [];
  const target = (): string => (isTransactional() ? partPath(path, epoch) : path);
  const open = (): WriteStream => {
    if (stream !== null) return stream;
    const s = createWriteStream(target());
    s.on("error", (e) => {
      error ??= new Error(`toFile: cannot write "${path}": ${e.message}`, { cause: e });
    });
    stream = s;
    return s;
  };
  const fail = (e: unknown): never => {
    throw error ?? e;
  };
  // A fresh (not restored) transactional run starts from an empty file and no parts.
  const start = (): void => {
    if (started || !isTransactional()) return;
    started = true;
    closeSync(openSync(path, "w"));
    removeParts(path);
  };
  const endPart = async (s: WriteStream, part: string): Promise<void> => {
    s.end();
    await finished(s).catch(fail);
    const fd = openSync(part, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  };
  return {
    writeBatch(values) {
      if (error !== null) throw error;
      if (values.length === 0) return undefined;
      start();
      const text = formatLines(values, format);
      partBytes += Buffer.byteLength(text);
      const s = open();
      return s.write(text) ? undefined : drained(s).catch(fail);
    },
    snapshotState(checkpointId) {
      start();
      let ready: Promise<void> | undefined;
      if (stream !== null) {
        const part = partPath(path, epoch);
        ready = endPart(stream, part);
        pending.push({ part, bytes: partBytes, checkpointId });
        stream = null;
        epoch++;
        partBytes = 0;
      }
      const state: FileSinkState = { committedBytes, pending: pending.map(({ part, bytes }) => ({ part, bytes })) };
      return ready === undefined ? { state } : { state, ready };
    },
    commit(checkpointId) {
      const done = pending.filter((p) => p.checkpointId <= checkpointId);
      pending = pending.filter((p) => p.checkpointId > checkpointId);
      committedBytes = commitParts(path, committedBytes, done);
    },
    restoreState(state) {
      started = true;
      committedBytes = recoverFileSink(path, state as FileSinkState);
      pending = [];
    },
    async close() {
      if (!isTransactional()) {
        const s = open();
        stream = null;
        s.end();
        await finished(s).catch(fail);
        if (error !== null) throw error;
        return;
      }
      start();
      if (stream !== null) {
        const part = partPath(path, epoch);
        await endPart(stream, part);
        pending.push({ part, bytes: partBytes, checkpointId: Infinity });
        stream = null;
      }
      if (error !== null) throw error;
      committedBytes = commitParts(path, committedBytes, pending);
      pending = [];
    },
  };
}
