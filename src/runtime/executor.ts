import type { CheckpointCoordinator } from "../checkpoint/coordinator.js";
import type { Source, SourcePosition } from "../connectors/sources/source.js";
import type { Node } from "./node.js";
import type { Runtime } from "./runtime.js";

/** Options of `Pipeline.run`. @public */
export interface RunOptions {
  /** Stops reading sources when aborted; the run then ends without the final watermark. */
  signal?: AbortSignal;
  /** Called after every source batch with the total number of records read so far. */
  onProgress?: (recordsRead: number) => void;
}

/** Batches processed between yields to the event loop, so timers and other sources get a turn. */
const BATCHES_PER_YIELD = 16;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function isPromise<T>(x: T | Promise<T>): x is Promise<T> {
  return typeof (x as { then?: unknown } | null)?.then === "function";
}

/**
 * Drives a runtime from its sources: each source is read batch by batch (an await per batch,
 * none per record) and every batch runs synchronously through the graph before the next is
 * read, which is the backpressure. A bounded source's end injects the +∞ watermark.
 * @internal
 */
export async function execute(
  runtime: Runtime,
  sources: readonly { node: Node; source: Source<unknown> }[],
  options: RunOptions,
  checkpoints: CheckpointCoordinator | null = null,
): Promise<void> {
  let recordsRead = 0;
  let failed = false;
  const positions: Map<string, SourcePosition | null> = checkpoints === null ? new Map() : await checkpoints.restore();
  const readOne = async ({ node, source }: { node: Node; source: Source<unknown> }): Promise<void> => {
    const ctx = {
      deadLetter(raw: unknown, reason: string) {
        node.counters.in++;
        node.deadLetter(raw, reason);
      },
    };
    const from = positions.get(node.uid);
    const reader = from === undefined || from === null ? source.open(ctx) : source.open(ctx, from);
    checkpoints?.track(node.uid, reader, from ?? null);
    let sinceYield = 0;
    try {
      for (;;) {
        if (failed || options.signal?.aborted === true) return;
        const next = reader.next(runtime.batchSize);
        const batch = isPromise(next) ? await next : next;
        if (batch === null) break;
        if (batch.length > 0) {
          runtime.inject(node, batch);
          recordsRead += batch.length;
          options.onProgress?.(recordsRead);
        }
        checkpoints?.injected(node.uid);
        if (runtime.pending.length > 0) await runtime.drain();
        if (checkpoints !== null && checkpoints.read(batch.length)) await checkpoints.checkpoint();
        if (++sinceYield >= BATCHES_PER_YIELD || batch.length === 0) {
          sinceYield = 0;
          await yieldToEventLoop();
        }
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await reader.close?.();
    }
    runtime.injectWatermark(node, Infinity);
  };
  const outcomes = await Promise.allSettled(sources.map(readOne));
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failure !== undefined) {
    // Close sinks so what was written is flushed, but do not fire windows as if the input had ended.
    await runtime.abort();
    throw failure.reason;
  }
  await runtime.finish();
}
