// Publishing predictions to NATS, on a nats-server -js started for the bench: the JetStream sink
// (acked publishes in a bounded in-flight window, Nats-Msg-Id per record) as a ratio to a bare
// core-publish loop of the same payloads in the same process (issue target ≥ 0.1), with one
// awaited JetStream publish at a time for scale. Then core NATS: the toNats sink in a pipeline
// (fire-and-forget, flushed at the end) as a ratio to the same bare loop (target ≥ 0.7), and
// toNats on a MemoryBus with one subscriber as a ratio to a bare bus.publish loop.
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { MemoryBus, Pipeline, fromIterable, subjectToken, toJetStream, toNats } from "../../src/index.js";
import { startNatsServer } from "../setup/nats-process.js";
import { median, perSec, timeMs } from "./timing.js";

interface Prediction {
  readonly key: string;
  readonly ts: number;
  readonly score: number;
  readonly isAnomaly: boolean;
}

const N = 200_000;
const AWAITED_N = 5_000;
/** The pipeline's default batch size. */
const BATCH = 1_024;

export async function natsBench({ reps, log }: { reps: number; log: (line: string) => void }): Promise<void> {
  const server = await startNatsServer();
  const nc = await connect({ servers: server.url });
  try {
    const jsm = await jetstreamManager(nc);
    const records: Prediction[] = Array.from({ length: N }, (_, i) => ({ key: `device-${i % 1_000}`, ts: i * 1_000, score: (i % 97) / 97, isAnomaly: i % 97 === 0 }));
    const subject = (r: Prediction): string => `predictions.hst.${subjectToken(r.key)}`;
    const fresh = async (): Promise<void> => {
      await jsm.streams.delete("PREDICTIONS").catch(() => undefined);
      await jsm.streams.add({ name: "PREDICTIONS", subjects: ["predictions.>"] });
    };
    const runs = Math.max(3, Math.min(reps, 5));
    const core: number[] = [];
    const sink: number[] = [];
    const awaited: number[] = [];
    for (let r = 0; r < runs; r++) {
      await fresh();
      core.push(
        await timeMs(async () => {
          for (const rec of records) nc.publish(subject(rec), JSON.stringify(rec));
          await nc.flush();
        }),
      );
      await fresh();
      sink.push(
        await timeMs(async () => {
          const p = Pipeline.create({ name: "bench" });
          p.source(fromIterable(records)).sink(toJetStream({ servers: server.url, stream: "PREDICTIONS", subject, msgId: (rec) => `bench/${rec.key}/${rec.ts}` }));
          await p.run();
        }),
      );
      const stored = (await jsm.streams.info("PREDICTIONS")).state.messages;
      if (stored !== N) throw new Error(`the JetStream sink stored ${stored} of ${N} messages`);
      await fresh();
      const js = jetstream(nc);
      awaited.push(
        await timeMs(async () => {
          for (const rec of records.slice(0, AWAITED_N)) await js.publish(subject(rec), JSON.stringify(rec), { msgID: `bench/${rec.key}/${rec.ts}` });
        }),
      );
    }
    const coreMs = median(core);
    const sinkMs = median(sink);
    const awaitedMs = median(awaited);
    log(`NATS publish of ${N / 1000}k predictions (JSON, ~80 B), nats-server with JetStream, median of ${runs} runs:`);
    log(`  core publish loop (bare client) ${perSec(N, coreMs)}`);
    log(`  toJetStream sink in a pipeline (acked, 1024 in flight, Nats-Msg-Id) ${perSec(N, sinkMs)}: ${((N / sinkMs) / (N / coreMs)).toFixed(2)} × core publish (target ≥ 0.1)`);
    log(`  one awaited JetStream publish at a time ${perSec(AWAITED_N, awaitedMs)}: ${((AWAITED_N / awaitedMs) / (N / coreMs)).toFixed(3)} × core publish`);
    await jsm.streams.delete("PREDICTIONS").catch(() => undefined);
    log("");
    await corePublishBench(nc, server.url, records, runs, log);
  } finally {
    await nc.close();
    await server.stop();
  }
}

/**
 * Core NATS publishes of the same predictions on subjects no stream captures (the server only
 * routes them): the toNats sink in a pipeline, connection opened by the run, as a ratio to the
 * bare loop; then the MemoryBus, with one subscriber counting, against a bare bus.publish loop.
 * The two sides of each pair alternate, so drift in the machine's speed hits both.
 */
async function corePublishBench(nc: NatsConnection, servers: string, records: readonly Prediction[], runs: number, log: (line: string) => void): Promise<void> {
  const n = records.length;
  const subject = (r: Prediction): string => `live.hst.${subjectToken(r.key)}`;
  const bare: number[] = [];
  const sink: number[] = [];
  const bus = new MemoryBus();
  let received = 0;
  bus.subscribe("live.>", () => received++);
  const bareBus: number[] = [];
  const busSink: number[] = [];
  for (let r = 0; r <= runs; r++) {
    // run 0 warms both sides up and is not counted
    const keep = (xs: number[], ms: number): void => void (r > 0 && xs.push(ms));
    keep(
      bare,
      await timeMs(async () => {
        for (const rec of records) nc.publish(subject(rec), JSON.stringify(rec));
        await nc.flush();
      }),
    );
    keep(
      sink,
      await timeMs(async () => {
        const p = Pipeline.create({ name: "bench-core" });
        p.source(fromIterable(records)).sink(toNats({ servers, subject }));
        await p.run();
      }),
    );
    received = 0;
    keep(
      bareBus,
      await timeMs(async () => {
        // in batches of 1024 with a flush after each, as the pipeline hands its batches over
        for (let i = 0; i < n; i += BATCH) {
          const end = Math.min(n, i + BATCH);
          for (let j = i; j < end; j++) {
            const rec = records[j] as Prediction;
            bus.publish(subject(rec), JSON.stringify(rec));
          }
          await bus.flush();
        }
      }),
    );
    if (received !== n) throw new Error(`the MemoryBus delivered ${received} of ${n} messages`);
    received = 0;
    keep(
      busSink,
      await timeMs(async () => {
        const p = Pipeline.create({ name: "bench-memory" });
        p.source(fromIterable(records)).sink(toNats({ bus, subject }));
        await p.run();
      }),
    );
    if (received !== n) throw new Error(`toNats on a MemoryBus delivered ${received} of ${n} messages`);
  }
  const bareMs = median(bare);
  const sinkMs = median(sink);
  const bareBusMs = median(bareBus);
  const busSinkMs = median(busSink);
  const ratio = bareMs / sinkMs;
  log(`Core NATS publish of ${n / 1000}k predictions (JSON, ~80 B) on live.hst.<key>, which no stream captures, no subscriber, median of ${runs} runs:`);
  log(`  core publish loop (bare client) ${perSec(n, bareMs)}`);
  log(`  toNats sink in a pipeline (fire-and-forget, flushed at the end) ${perSec(n, sinkMs)}: ${ratio.toFixed(2)} × core publish (target ≥ 0.7${ratio >= 0.7 ? "" : ", MISSED"})`);
  log(`  bus.publish loop on a MemoryBus, one subscriber, flushed every ${BATCH} ${perSec(n, bareBusMs)}`);
  log(`  toNats sink on a MemoryBus, one subscriber ${perSec(n, busSinkMs)}: ${(bareBusMs / busSinkMs).toFixed(2)} × the bus.publish loop`);
}
