import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {} from "vitest";
import type { TestProject } from "vitest/node";

/** A free TCP port on the loopback interface. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const { connect } = await import("node:net");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nats-server did not listen on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts a real nats-server with JetStream on a free port for the test run, unless NATS_URL is
 * already set, and provides the URL to tests as `inject("natsUrl")`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env["NATS_URL"];
  if (existing !== undefined && existing !== "") {
    project.provide("natsUrl", existing);
    return async () => {};
  }
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), "streamine-nats-"));
  const child = spawn("nats-server", ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir], {
    stdio: "ignore",
  });
  const spawnError = new Promise<never>((_, reject) => child.once("error", (e) => reject(new Error(`cannot start nats-server (is it installed?): ${e.message}`))));
  await Promise.race([waitForPort(port, child, 10_000), spawnError]);
  project.provide("natsUrl", `nats://127.0.0.1:${port}`);
  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(storeDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    natsUrl: string;
  }
}
