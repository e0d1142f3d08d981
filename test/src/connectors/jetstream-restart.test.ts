// A nats-server of its own, stopped mid-run and started again on the same port and store: the
// JetStream sink loses nothing (timed-out publishes are retried under the same Nats-Msg-Id), the
// stream holds each record once and the counts reconcile.
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { Pipeline, fromAsyncIterable, toJetStream, type DeadLetter } from "streamine";
import { startNatsServer } from "../../setup/nats-process.js";

const N = 3_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("toJetStream across a server restart", () => {
  it("stop the server mid-run, start it again on the same port and store: every record is stored once, none dead-lettered", async () => {
    let server = await startNatsServer();
    const { port, storeDir, url } = server;
    const admin = async <T>(f: (jsm: Awaited<ReturnType<typeof jetstreamManager>>) => Promise<T>): Promise<T> => {
      const nc = await connect({ servers: url });
      try {
        return await f(await jetstreamManager(nc));
      } finally {
        await nc.close();
      }
    };
    await admin((jsm) => jsm.streams.add({ name: "RESTART", subjects: ["restart.>"] }));

    let sent = 0;
    async function* records(): AsyncGenerator<{ i: number }> {
      for (let i = 0; i < N; i++) {
        sent = i;
        yield { i };
        if (i % 50 === 49) await sleep(5);
      }
    }
    const p = Pipeline.create({ name: "restart", batchSize: 50 });
    p.source(fromAsyncIterable(records()))
      .sink(toJetStream({ servers: url, stream: "RESTART", subject: "restart.r", msgId: (r) => `r-${r.i}`, timeoutMs: 1_000, retryDelayMs: 100, retries: 20 }))
      .uid("js");
    const dead: DeadLetter[] = [];
    p.deadLetters().sink((d) => dead.push(d));
    const run = p.run();

    while (sent < N / 3) await sleep(5);
    await server.stop(false);
    const stoppedAt = sent;
    await sleep(1_500);
    server = await startNatsServer({ port, storeDir });
    try {
      await run;
      expect(stoppedAt).toBeLessThan(N); // the restart happened mid-run
      expect(dead).toEqual([]);
      const { state } = await admin((jsm) => jsm.streams.info("RESTART"));
      expect(state.messages).toBe(N);
      const c = p.metrics()["js"];
      expect(c?.in).toBe(N);
      expect(c?.out).toBe(N);
    } finally {
      await server.stop();
    }
  }, 90_000);
});
