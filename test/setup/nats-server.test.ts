// The test setup's nats-server (or the one NATS_URL names) is reachable with JetStream on, so the
// NATS connector tests run against a real server.
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { describe, expect, inject, it } from "vitest";

describe("test nats-server", () => {
  it("accepts a connection, routes core messages and stores JetStream messages", async () => {
    const nc = await connect({ servers: inject("natsUrl") });
    try {
      const sub = nc.subscribe("setup.check.>", { max: 1 });
      nc.publish("setup.check.one", JSON.stringify({ n: 1 }));
      for await (const msg of sub) expect(msg.json()).toEqual({ n: 1 });

      const jsm = await jetstreamManager(nc);
      const stream = `SETUP_CHECK_${process.pid}`;
      await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
      const ack = await jetstream(nc).publish(`${stream}.a`, "stored");
      expect(ack.stream).toBe(stream);
      expect(ack.seq).toBe(1);
      const info = await jsm.streams.info(stream);
      expect(info.state.messages).toBe(1);
      await jsm.streams.delete(stream);
    } finally {
      await nc.close();
    }
  });
});
