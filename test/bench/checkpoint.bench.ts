// Issue 8 §8: the cost of checkpoints. (a) One checkpoint of 100k keys, each holding a model's
// snapshot bytes in keyed state (an RLSRegressor, then a HalfSpaceTrees): time to snapshot +
// encode, to write, to read back + restore, and the file's size against the bytes of state it
// holds. (b) The sensor job (windows to a file) with a checkpoint every second, as a throughput
// ratio to the same job without.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HalfSpaceTrees, RLSRegressor, riverHalfSpaceTrees, type HalfSpaceTreesOptions } from "../../algorithms/index.js";
import { decodeCheckpoint, encodeCheckpoint } from "../../src/checkpoint/codec.js";
import { FsCheckpointStorage } from "../../src/checkpoint/fs-storage.js";
import { runSensorJob } from "../../src/cli/sensor-job.js";
import {
  ManualClock,
  Pipeline,
  ValueStateDescriptor,
  fromIterable,
  type Collector,
  type KeyedProcessContext,
  type KeyedProcessFunction,
  type KeyedRuntimeContext,
  type ValueState,
} from "../../src/index.js";
import { Runtime } from "../../src/runtime/runtime.js";
import { collectGarbage, median } from "./timing.js";

const KEYS = 100_000;
const FEATURES = 8;

interface Row {
  readonly key: string;
  readonly x: number[];
  readonly y: number;
}

/** A model kept per key: what it answers for a row, how it learns it, and its snapshot. */
interface KeyedModel {
  answer(r: Row): number;
  learn(r: Row): void;
  snapshot(): Uint8Array;
}

/** One kind of per-key model: how to make a fresh one and how to restore one from its bytes. */
interface ModelCase {
  /** What the log line calls the per-key model. */
  readonly label: string;
  fresh(): KeyedModel;
  restore(bytes: Uint8Array): KeyedModel;
}

const rlsCase: ModelCase = {
  label: `an RLSRegressor (d = ${FEATURES})`,
  fresh: () => regressor(new RLSRegressor()),
  restore: (bytes) => regressor(RLSRegressor.restore(bytes)),
};

function regressor(m: RLSRegressor): KeyedModel {
  return { answer: (r) => m.predictOne(r.x), learn: (r) => m.learnOne(r.x, r.y), snapshot: () => m.snapshot() };
}

/**
 * River's 10 trees of height 8 are 10 × 511 nodes, about 66 KB a key and several GB at 100k keys;
 * height 5 (63 nodes a tree) keeps the 100k-key state near 0.8 GB.
 */
const HST_PER_KEY: HalfSpaceTreesOptions = { trees: 10, height: 5, windowSize: 64 };

function hstCase(options: HalfSpaceTreesOptions): ModelCase {
  const wrap = (m: HalfSpaceTrees): KeyedModel => ({ answer: (r) => m.scoreOne(r.x), learn: (r) => m.learnOne(r.x), snapshot: () => m.snapshot() });
  return {
    label: `a HalfSpaceTrees ${JSON.stringify(options)} (d = ${FEATURES})`,
    fresh: () => wrap(new HalfSpaceTrees(options)),
    restore: (bytes) => wrap(HalfSpaceTrees.restore(bytes)),
  };
}

/** Keeps one model per key as its snapshot bytes: what a checkpoint of per-key models holds. */
class ModelPerKey implements KeyedProcessFunction<string, Row, number> {
  private state!: ValueState<Uint8Array | null>;

  constructor(private readonly model: ModelCase) {}

  open(ctx: KeyedRuntimeContext): void {
    this.state = ctx.getState(new ValueStateDescriptor<Uint8Array | null>("model", null));
  }

  processElement(r: Row, _ctx: KeyedProcessContext<string>, out: Collector<number>): void {
    const prev = this.state.value();
    const model = prev === null ? this.model.fresh() : this.model.restore(prev);
    out.collect(model.answer(r));
    model.learn(r);
    this.state.update(model.snapshot());
  }
}

function modelJob(model: ModelCase): Pipeline {
  const p = Pipeline.create({ name: "models-per-key", batchSize: 1_024 });
  p.source(fromIterable<Row>([]))
    .keyBy((r) => r.key)
    .process(new ModelPerKey(model))
    .uid("models");
  return p;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

/** Median µs of one model's snapshot() and of its class's restore(bytes), over `n` calls each. */
function roundTripMicros(model: ModelCase, one: KeyedModel, n: number): { snapshotUs: number; restoreUs: number } {
  const snaps: number[] = [];
  const restores: number[] = [];
  const bytes = one.snapshot();
  for (let i = 0; i < n; i++) {
    snaps.push(time(() => one.snapshot()).ms * 1_000);
    restores.push(time(() => model.restore(bytes)).ms * 1_000);
  }
  return { snapshotUs: median(snaps), restoreUs: median(restores) };
}

async function stateCheckpoint(model: ModelCase, log: (line: string) => void): Promise<void> {
  collectGarbage(); // the previous case's 100k keys go before this one's arrive
  const p = modelJob(model);
  const runtime = new Runtime(p.plan(), new ManualClock(), 1_024, true);
  const source = runtime.node(p.plan()[0] as never);
  const rows: Row[] = [];
  for (let k = 0; k < KEYS; k++) rows.push({ key: `device-${k}`, x: Array.from({ length: FEATURES }, (_, j) => ((k * 31 + j * 7) % 13) / 13), y: k % 5 });
  for (let i = 0; i < rows.length; i += 1_024) runtime.inject(source, rows.slice(i, i + 1_024));
  const snap = time(() => runtime.snapshot(1));
  const one = model.fresh();
  one.learn(rows[0] ?? { key: "", x: [], y: 0 });
  const perKeyModel = one.snapshot().length;
  const stateBytes = perKeyModel * KEYS;
  const encoded = time(() => encodeCheckpoint({ pipeline: p.name, id: 1, createdAtMs: 0, sources: [], operators: snap.value }));
  const dir = mkdtempSync(join(tmpdir(), "ckpt-bench-"));
  const storage = new FsCheckpointStorage(dir, 1);
  const t0 = process.hrtime.bigint();
  await storage.write(1, encoded.value);
  const writeMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const latest = await storage.latest();
  const restored = time(() => {
    const data = decodeCheckpoint(latest?.bytes ?? new Uint8Array(), latest?.name ?? "");
    const fresh = new Runtime(modelJob(model).plan(), new ManualClock(), 1_024, true);
    fresh.restore(data.operators, false);
    return fresh;
  });
  rmSync(dir, { recursive: true, force: true });
  const mbOf = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;
  log(`checkpoint of ${KEYS / 1000}k keys, ${model.label} per key as snapshot bytes in ValueState:`);
  log(`  model state ${mbOf(stateBytes)} (${perKeyModel} B per key) → checkpoint file ${mbOf(encoded.value.length)} (${(encoded.value.length / stateBytes).toFixed(2)} × the state; key strings and framing make the rest)`);
  log(`  snapshot ${snap.ms.toFixed(0)} ms + encode ${encoded.ms.toFixed(0)} ms + write ${writeMs.toFixed(0)} ms; read + decode + restore ${restored.ms.toFixed(0)} ms`);
  const { snapshotUs, restoreUs } = roundTripMicros(model, one, 2_001);
  log(`  one model to and from its bytes (what each record costs the keyed function): snapshot ${snapshotUs.toFixed(1)} µs, restore ${restoreUs.toFixed(1)} µs (medians)`);
}

async function throughput(reps: number, log: (line: string) => void): Promise<void> {
  const devices = 20;
  const readingsPerDevice = 200_000;
  const dir = mkdtempSync(join(tmpdir(), "ckpt-throughput-"));
  const plain: number[] = [];
  const checkpointed: number[] = [];
  for (let r = 0; r < Math.max(3, Math.min(reps, 5)); r++) {
    for (const withCheckpoints of r % 2 === 0 ? [false, true] : [true, false]) {
      const ckDir = join(dir, `ck-${r}`);
      const t0 = process.hrtime.bigint();
      await runSensorJob({
        devices,
        readingsPerDevice,
        output: join(dir, `out-${r}-${withCheckpoints}.jsonl`),
        ...(withCheckpoints ? { checkpointDir: ckDir, checkpointEveryMs: 1_000 } : {}),
      });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      (withCheckpoints ? checkpointed : plain).push(ms);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const n = devices * readingsPerDevice;
  const rate = (ms: number): string => `${((n / ms) * 1_000 / 1e6).toFixed(2)} M/s`;
  const ratio = median(plain) / median(checkpointed);
  log(`sensor job, ${n / 1e6} M readings → minute windows → file: without checkpoints ${rate(median(plain))}, with one every second ${rate(median(checkpointed))}`);
  log(`  throughput with checkpoints / without: ${ratio.toFixed(2)} (target ≥ 0.8), median of ${plain.length} runs each`);
}

/** For scale: the per-key bytes of River's default HalfSpaceTrees (10 trees of height 8), which the HST case does not hold. */
function riverHstScale(log: (line: string) => void): void {
  const river = new HalfSpaceTrees(riverHalfSpaceTrees);
  river.learnOne(new Array<number>(FEATURES).fill(0.5));
  const bytes = river.snapshot().length;
  log(`  for scale, River's 10/8 HalfSpaceTrees: ${bytes} B per key, ${((bytes * KEYS) / 2 ** 30).toFixed(2)} GB for ${KEYS / 1000}k keys`);
}

export async function checkpointBench({ reps, log }: { reps: number; log: (line: string) => void }): Promise<void> {
  await stateCheckpoint(rlsCase, log);
  await stateCheckpoint(hstCase(HST_PER_KEY), log);
  riverHstScale(log);
  await throughput(reps, log);
}
