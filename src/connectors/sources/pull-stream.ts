import { createReadStream } from "node:fs";
import { pipeline, Transform, type Readable, type TransformCallback } from "node:stream";
import { createGunzip } from "node:zlib";
import { CheckpointError } from "../../errors.js";
import { positionError, wholeNumberAt } from "./position.js";
import type { SourcePosition } from "./source.js";

/**
 * A file (gunzipped when its name ends in `.gz`) piped through `last`, read on demand with
 * `read()`: nothing is read ahead beyond the streams' buffers, which is the backpressure.
 * Given a position `from`, only the bytes from its `byte` offset on reach `last`: a plain file
 * is read from there, a gzip file is decompressed from the start and the bytes before it are
 * dropped. Shared by the file sources.
 * @internal
 */
export class PullStream {
  ended = false;
  error: Error | null = null;
  private readonly stream: Readable;
  private readonly offsets: FromOffset;
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(path: string, source: string, last: Transform, from?: SourcePosition) {
    this.stream = last;
    const fail = (error: Error): void => {
      // A position that does not fit the file is reported as is: it names the path and the position.
      this.error ??=
        error instanceof CheckpointError ? error : new Error(`${source}: cannot read "${path}": ${error.message}`, { cause: error });
      this.notify();
    };
    const where = `${source}(${path})`;
    const offset = from === undefined ? 0 : wholeNumberAt(where, from, "byte");
    const gzip = path.endsWith(".gz");
    // A plain file is read from the byte before the offset, so FromOffset can check it ends a line.
    const first = gzip ? 0 : Math.max(0, offset - 1);
    this.offsets = new FromOffset(offset, first, (why) => positionError(where, from ?? {}, why));
    const file = createReadStream(path, { start: first });
    const done = (error: Error | null): void => {
      if (error && !this.closed) fail(error);
    };
    if (gzip) pipeline(file, createGunzip(), this.offsets, last, done);
    else pipeline(file, this.offsets, last, done);
    last.on("readable", () => this.notify());
    last.on("end", () => {
      this.ended = true;
      this.notify();
    });
    last.on("error", (error) => {
      if (!this.closed) fail(error);
    });
  }

  /** The next chunk or record, or null when none is buffered. */
  read(): unknown {
    return this.stream.read() as unknown;
  }

  /** Bytes of the (decompressed) file read so far, counted from its start: its size once `ended`. */
  get bytes(): number {
    return this.offsets.at;
  }

  /** Resolves when more can be read, the input ended or failed. */
  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  destroy(): void {
    this.closed = true;
    this.stream.destroy();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

const CR = 13;
const LF = 10;

/**
 * Passes on the bytes of a file from `offset` on and counts them. It is handed the file from byte
 * `first` ≤ `offset − 1` on, drops the bytes before `offset`, and fails unless the byte before
 * `offset` ends a line or the file ends there: a position from another file rarely passes.
 */
class FromOffset extends Transform {
  /** Offset in the (decompressed) file of the next byte to arrive. */
  at: number;
  private lineEnd = true;

  constructor(
    private readonly offset: number,
    first: number,
    private readonly mismatch: (why: string) => Error,
  ) {
    super();
    this.at = first;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const before = this.offset - this.at; // bytes of the chunk before the offset
    this.at += chunk.length;
    if (before <= 0) {
      if (this.lineEnd) done(null, chunk);
      else done(this.notALineEnd());
      return;
    }
    if (before <= chunk.length) {
      const last = chunk[before - 1];
      this.lineEnd = last === LF || last === CR;
    }
    if (before >= chunk.length) done();
    else if (this.lineEnd) done(null, chunk.subarray(before));
    else done(this.notALineEnd());
  }

  override _flush(done: TransformCallback): void {
    if (this.at < this.offset) done(this.mismatch(`the file ends before byte ${this.offset}`));
    else done();
  }

  private notALineEnd(): Error {
    return this.mismatch(`byte ${this.offset} does not start a line; has the file changed since?`);
  }
}
