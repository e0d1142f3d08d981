// The benchmarked job, exactly as issue 3 §6 writes it, through the public API.
import { Pipeline, fromIterable, sliding, tumbling, watermarks } from "../../src/index.js";
import type { BenchRecord, BenchSpec } from "./data.js";
import type { Emit } from "./hand-loop.js";

/** Keyed event-time window sum of `v` over `records`; every (key, window) result goes to `emit`. */
export async function runPipeline(records: readonly BenchRecord[], spec: BenchSpec, emit: Emit): Promise<void> {
  const p = Pipeline.create({ name: "bench", batchSize: spec.batchSize });
  p.source(fromIterable(records))
    .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(spec.boundMs))
    .keyBy((r) => r.key)
    .window(spec.slideMs === spec.sizeMs ? tumbling(spec.sizeMs) : sliding(spec.sizeMs, spec.slideMs))
    .aggregate<number, number>({
      createAccumulator: () => 0,
      add: (r, a) => a + r.v,
      merge: (a, b) => a + b,
      getResult: (a) => a,
    })
    .sink((r) => emit(r.key, r.window.start, r.value));
  await p.run();
}
