// Issue 8 §7: a windowed job with a model per key (kill-job.mjs) from a CSV to a file sink and to a
// JetStream stream on the test setup's real nats-server, killed with SIGKILL at random moments
// and restarted from its checkpoints until it completes, writes exactly the lines of a run that
// never failed (same windows, same predictions to the last bit, none missing, none twice), and
// the stream holds each of them once.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Random } from "../../../algorithms/base/random.js";

const root = resolve(import.meta.dirname, "../../..");
const buildDir = join(root, "node_modules/.cache/streamine-kill-test");
const job = join(import.meta.dirname, "kill-job.mjs");

function writeReadings(file: string, rows: number, seed: number): void {
  const random = new Random(seed);
  const lines = ["device,ts,v"];
  for (let i = 0; i < rows; i++) {
    const ts = i * 37 - random.nextInt(1_500);
    lines.push(`d${random.nextInt(7)},${ts},${random.nextInt(1_000)}`);
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
}

/** When to kill a run: after a delay, or a delay after a checkpoint newer than any seen before appears. */
type Kill = { readonly afterMs: number } | { readonly afterNewCheckpointMs: number; readonly dir: string } | null;

const newestCheckpoint = (dir: string): string =>
  existsSync(dir) ? (readdirSync(dir).filter((f) => f.endsWith(".bin")).sort().at(-1) ?? "") : "";

/** Runs `node args…` once, killed with SIGKILL as `kill` says. Resolves with whether it finished. */
function runNode(args: string[], kill: Kill): Promise<boolean> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    let timer: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    if (kill !== null && "afterMs" in kill) timer = setTimeout(() => child.kill("SIGKILL"), kill.afterMs);
    else if (kill !== null) {
      const seen = newestCheckpoint(kill.dir);
      poll = setInterval(() => {
        if (newestCheckpoint(kill.dir) <= seen) return;
        clearInterval(poll);
        timer = setTimeout(() => child.kill("SIGKILL"), kill.afterNewCheckpointMs);
      }, 2);
    }
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      clearInterval(poll);
      if (signal === "SIGKILL") done(false);
      else if (code === 0) done(true);
      else fail(new Error(`exited with ${code}: ${stderr}`));
    });
  });
}

/**
 * Kills a run over and over until it has been killed three times after a checkpoint (the first
 * kills at random moments, possibly before any checkpoint; then each a random 0–120 ms after a
 * new checkpoint appears, which lands inside a checkpoint write, a sink commit or plain
 * processing), then lets it finish. Returns the number of kills that followed a checkpoint.
 */
async function killUntilDone(args: string[], checkpoints: string, random: Random): Promise<number> {
  let killsAfterACheckpoint = 0;
  for (let attempt = 0; attempt < 30; attempt++) {
    const kill: Kill =
      killsAfterACheckpoint >= 3 ? null : attempt < 2 ? { afterMs: 50 + random.nextInt(400) } : { afterNewCheckpointMs: random.nextInt(120), dir: checkpoints };
    const finished = await runNode(args, kill);
    if (finished) return killsAfterACheckpoint;
    if (newestCheckpoint(checkpoints) !== "") killsAfterACheckpoint++;
  }
  throw new Error("the job did not finish in 30 attempts");
}

const runJob = (args: string[]): Promise<boolean> => runNode([job, buildDir, ...args], null);

const natsUrl = inject("natsUrl");
let nc: NatsConnection;
let jsm: JetStreamManager;
const streams: string[] = [];

/** A stream of its own for one run's predictions: its name and subject prefix. */
async function predictionStream(name: string): Promise<[string, string]> {
  const stream = `KILL_${name}_${process.pid}_${Date.now()}`;
  await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
  streams.push(stream);
  return [stream, stream];
}

/** The payloads a stream holds, in stream order. */
async function streamPayloads(stream: string): Promise<string[]> {
  const { state } = await jsm.streams.info(stream);
  const out: string[] = [];
  for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m !== null) out.push(m.string());
  }
  return out;
}

// Both jobs run from one build of the project in a directory of its own (not dist/, which the
// package test builds concurrently).
beforeAll(async () => {
  execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", buildDir], { cwd: root });
  nc = await connect({ servers: natsUrl });
  jsm = await jetstreamManager(nc);
}, 60_000);
afterAll(async () => {
  for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
  await nc.close();
});

const sortedLines = (file: string): string[] => readFileSync(file, "utf8").split("\n").filter((l) => l.length > 0).sort();

describe("crash recovery from checkpoints (SIGKILL)", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: killed at random moments and restarted, the output equals an uninterrupted run`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `kill-${seed}-`));
      const input = join(dir, "readings.csv");
      writeReadings(input, 60_000, seed);
      const reference = join(dir, "reference.jsonl");
      const referenceStream = await predictionStream(`ref${seed}`);
      expect(await runJob([input, reference, join(dir, "ref-checkpoints"), "300", natsUrl, ...referenceStream])).toBe(true);

      const output = join(dir, "out.jsonl");
      const checkpoints = join(dir, "checkpoints");
      mkdirSync(checkpoints);
      const outputStream = await predictionStream(`out${seed}`);
      const random = new Random(100 + seed);
      expect(await killUntilDone([job, buildDir, input, output, checkpoints, "300", natsUrl, ...outputStream], checkpoints, random)).toBeGreaterThan(0);
      const expected = sortedLines(reference);
      expect(expected.length).toBeGreaterThan(100);
      expect(sortedLines(output)).toEqual(expected);
      // the uninterrupted run published each line once; the killed runs' stream holds the same, each once
      expect((await streamPayloads(referenceStream[0])).sort()).toEqual(expected);
      expect((await streamPayloads(outputStream[0])).sort()).toEqual(expected);
    }, 120_000);
  }
});

const cliMain = (): string => join(buildDir, "src/cli/main.js");

// Issue 8 §9, the command outside checks call: `streamine run iot --output <file.jsonl>
// --checkpoint <dir>`, killed at any moment and rerun with the same flags.
describe("streamine run iot --output --checkpoint, killed with SIGKILL and rerun", () => {
  for (const seed of [11, 12, 13, 14, 15]) {
    it(`seed ${seed}: the final file holds exactly the lines of an uninterrupted run`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `iot-${seed}-`));
      const job = ["--seed", String(seed), "--devices", "20", "--readings", "86400", "--no-progress"];
      const reference = join(dir, "reference.jsonl");
      expect(await runNode([cliMain(), "run", "iot", "--output", reference, ...job], null)).toBe(true);

      const output = join(dir, "out.jsonl");
      const checkpoints = join(dir, "checkpoints");
      const flags = ["run", "iot", "--output", output, "--checkpoint", checkpoints, "--checkpoint-every-ms", "50", ...job];
      expect(await killUntilDone([cliMain(), ...flags], checkpoints, new Random(200 + seed))).toBeGreaterThan(0);
      const expected = sortedLines(reference);
      expect(expected.length).toBe(20 * 1_440); // a day of readings per device in minute windows
      expect(sortedLines(output)).toEqual(expected);
      // a rerun after completion changes nothing
      expect(await runNode([cliMain(), ...flags], null)).toBe(true);
      expect(sortedLines(output)).toEqual(expected);
    }, 120_000);
  }
});
