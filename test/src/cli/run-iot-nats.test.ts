// `streamine run iot --nats <url>` against the test setup's real nats-server: every prediction
// arrives on predictions.<model>.<device>, one per device and window, and the summary's count
// matches what the server delivered.
import { PassThrough } from "node:stream";
import { connect, type Msg } from "@nats-io/transport-node";
import { describe, expect, inject, it } from "vitest";
import { parseSubjectToken } from "streamine";
import { runCli } from "../../../src/cli/program.js";

describe("streamine run iot --nats", () => {
  it("publishes one prediction per device and minute window to predictions.best.<device>", async () => {
    const nc = await connect({ servers: inject("natsUrl") });
    const got: Msg[] = [];
    nc.subscribe("predictions.best.*", { callback: (error, msg) => void (error === null && got.push(msg)) });
    await nc.flush();
    const out: Buffer[] = [];
    const stdout = new PassThrough().on("data", (c: Buffer) => out.push(c));
    const code = await runCli(["run", "iot", "--nats", inject("natsUrl"), "--devices", "3", "--readings", "1200", "--no-progress"], { stdout, stderr: new PassThrough() });
    expect(code).toBe(0);
    for (let i = 0; got.length < 60 && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
    await nc.close();
    expect(got).toHaveLength(3 * 20); // 1200 one-second readings: 20 minute windows per device
    const perDevice = new Map<string, number>();
    for (const msg of got) {
      const device = parseSubjectToken(msg.subject.split(".")[2] ?? "");
      const d = msg.json<{ key: string; model: string; window: { start: number; end: number }; score: number; isAnomaly: boolean }>();
      expect(d.key).toBe(device);
      expect(d.model).toBe("best");
      expect(d.window.end - d.window.start).toBe(60_000);
      perDevice.set(device, (perDevice.get(device) ?? 0) + 1);
    }
    expect([...perDevice.entries()].sort()).toEqual([["sensor-0", 20], ["sensor-1", 20], ["sensor-2", 20]]);
    const last = Buffer.concat(out).toString("utf8").trim().split("\n").at(-1);
    expect(last).toMatch(/^iot: 3600 records in, 60 predictions out to nats:\/\/[^ ]+ \(\d+ anomalies; .*\), 0 dead letters, 0 late; /);
  });

  it("fails with one line naming the URL when no server listens there", async () => {
    const err: Buffer[] = [];
    const stderr = new PassThrough().on("data", (c: Buffer) => err.push(c));
    const code = await runCli(["run", "iot", "--nats", "nats://127.0.0.1:1", "--devices", "1", "--readings", "60", "--no-progress"], { stdout: new PassThrough(), stderr });
    expect(code).toBe(1);
    const text = Buffer.concat(err).toString("utf8");
    expect(text.trim().split("\n")).toHaveLength(1);
    expect(text).toMatch(/^error: .*nats:\/\/127\.0\.0\.1:1/);
  }, 30_000);
});
