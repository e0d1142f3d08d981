// Publishing predictions to NATS, on a nats-server -js started for the bench: the JetStream sink
// (acked publishes in a bounded in-flight window, Nats-Msg-Id per record) as a ratio to a bare
// core-publish loop of the same payloads in the same process (issue target ≥ 0.1), with one
// awaited JetStream publish at a time for scale.
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { Pipeline, fromIterable, subjectToken, toJetStream } from "../../src/index.js";
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
  } finally {
    await nc.close();
    await server.stop();
  }
}
