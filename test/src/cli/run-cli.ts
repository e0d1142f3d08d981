// Runs the CLI in-process as the tests use it: arguments in, exit code and printed text out.
import { PassThrough } from "node:stream";
import { runCli } from "../../../src/cli/program.js";

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** `streamine <args>`: its exit code and what it wrote to stdout and stderr. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(args, { stdout: stdout.stream, stderr: stderr.stream });
  // let the streams deliver their last chunks
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
