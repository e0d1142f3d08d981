import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
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

/** A running nats-server with JetStream. */
export interface NatsServerProcess {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** Stops the process; `removeStore` also deletes its JetStream store (default true). */
  stop(removeStore?: boolean): Promise<void>;
}

/**
 * Starts `nats-server -js` on loopback: on `port` (default a free one) with its JetStream store
 * in `storeDir` (default a new temporary directory), so a test can stop a server and start it
 * again on the same port and store.
 */
export async function startNatsServer(options: { port?: number; storeDir?: string } = {}): Promise<NatsServerProcess> {
  const port = options.port ?? (await freePort());
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), "streamine-nats-"));
  const child = spawn("nats-server", ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir], { stdio: "ignore" });
  const spawnError = new Promise<never>((_, reject) => child.once("error", (e) => reject(new Error(`cannot start nats-server (is it installed?): ${e.message}`))));
  await Promise.race([waitForPort(port, child, 10_000), spawnError]);
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    async stop(removeStore = true) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      if (removeStore) rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
