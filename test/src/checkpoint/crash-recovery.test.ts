// Issue 8 §7: a windowed job from a CSV to a file sink, killed with SIGKILL at random moments and
// restarted from its checkpoints until it completes, writes exactly the lines of a run that never
// failed: same windows, none missing, none twice.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
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

/** Runs the job once; with `killAfterMs` it is killed with SIGKILL after that long. Resolves with whether it finished. */
function runJob(args: string[], killAfterMs?: number): Promise<boolean> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [job, buildDir, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL") done(false);
      else if (code === 0) done(true);
      else fail(new Error(`job exited with ${code}: ${stderr}`));
    });
  });
}

const sortedLines = (file: string): string[] => readFileSync(file, "utf8").split("\n").filter((l) => l.length > 0).sort();

describe("crash recovery from checkpoints (SIGKILL)", () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", buildDir], { cwd: root });
  }, 60_000);

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: killed at random moments and restarted, the output equals an uninterrupted run`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `kill-${seed}-`));
      const input = join(dir, "readings.csv");
      writeReadings(input, 60_000, seed);
      const reference = join(dir, "reference.jsonl");
      expect(await runJob([input, reference, join(dir, "ref-checkpoints")])).toBe(true);

      const output = join(dir, "out.jsonl");
      const checkpoints = join(dir, "checkpoints");
      mkdirSync(checkpoints);
      const random = new Random(100 + seed);
      // Kills land anywhere in the run (about a second): before the first checkpoint, between
      // checkpoints, during a checkpoint write or a sink commit.
      let killsAfterACheckpoint = 0;
      let finished = false;
      for (let attempt = 0; attempt < 40 && !finished; attempt++) {
        finished = await runJob([input, output, checkpoints], attempt < 6 ? 100 + random.nextInt(800) : undefined);
        if (!finished && readdirSync(checkpoints).some((f) => f.endsWith(".bin"))) killsAfterACheckpoint++;
      }
      expect(finished).toBe(true);
      expect(killsAfterACheckpoint).toBeGreaterThan(0);
      const expected = sortedLines(reference);
      expect(expected.length).toBeGreaterThan(100);
      expect(sortedLines(output)).toEqual(expected);
    }, 120_000);
  }
});

/** Runs the built CLI once; killed with SIGKILL after `killAfterMs` when given. Resolves with whether it finished. */
function runCli(args: string[], killAfterMs?: number): Promise<boolean> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(buildDir, "src/cli/main.js"), ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL") done(false);
      else if (code === 0) done(true);
      else fail(new Error(`streamine exited with ${code}: ${stderr}`));
    });
  });
}

// Issue 8 §9, the command outside checks call: `streamine run iot --output <file.jsonl>
// --checkpoint <dir>`, killed at any moment and rerun with the same flags.
describe("streamine run iot --output --checkpoint, killed with SIGKILL and rerun", () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", buildDir], { cwd: root });
  }, 60_000);

  for (const seed of [11, 12, 13, 14, 15]) {
    it(`seed ${seed}: the final file holds exactly the lines of an uninterrupted run`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `iot-${seed}-`));
      const job = ["--seed", String(seed), "--devices", "20", "--readings", "86400", "--no-progress"];
      const reference = join(dir, "reference.jsonl");
      expect(await runCli(["run", "iot", "--output", reference, ...job])).toBe(true);

      const output = join(dir, "out.jsonl");
      const checkpoints = join(dir, "checkpoints");
      const flags = ["run", "iot", "--output", output, "--checkpoint", checkpoints, "--checkpoint-every-ms", "50", ...job];
      const random = new Random(200 + seed);
      let killsAfterACheckpoint = 0;
      let finished = false;
      for (let attempt = 0; attempt < 40 && !finished; attempt++) {
        finished = await runCli(flags, attempt < 6 ? 100 + random.nextInt(600) : undefined);
        if (!finished && existsSync(checkpoints) && readdirSync(checkpoints).some((f) => f.endsWith(".bin"))) killsAfterACheckpoint++;
      }
      expect(finished).toBe(true);
      expect(killsAfterACheckpoint).toBeGreaterThan(0);
      const expected = sortedLines(reference);
      expect(expected.length).toBe(20 * 1_440); // a day of readings per device in minute windows
      expect(sortedLines(output)).toEqual(expected);
      // a rerun after completion changes nothing
      expect(await runCli(flags)).toBe(true);
      expect(sortedLines(output)).toEqual(expected);
    }, 120_000);
  }
});
