import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startNatsServer } from "./nats-process.js";

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
  const server = await startNatsServer();
  project.provide("natsUrl", server.url);
  return () => server.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    natsUrl: string;
  }
}
