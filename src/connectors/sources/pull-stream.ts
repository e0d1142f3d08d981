import { createReadStream } from "node:fs";
import { pipeline, type Readable, type Transform } from "node:stream";
import { createGunzip } from "node:zlib";

/**
 * A file (gunzipped when its name ends in `.gz`) piped through `last`, read on demand with
 * `read()`: nothing is read ahead beyond the streams' buffers, which is the backpressure.
 * Shared by the file sources.
 * @internal
 */
export class PullStream {
  ended = false;
  error: Error | null = null;
  private readonly stream: Readable;
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(path: string, source: string, last: Transform) {
    this.stream = last;
    const fail = (error: Error): void => {
      this.error ??= new Error(`${source}: cannot read "${path}": ${error.message}`, { cause: error });
      this.notify();
    };
    const file = createReadStream(path);
    const done = (error: Error | null): void => {
      if (error && !this.closed) fail(error);
    };
    if (path.endsWith(".gz")) pipeline(file, createGunzip(), last, done);
    else pipeline(file, last, done);
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
