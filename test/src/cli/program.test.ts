import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";
import { formatTime, summarizeDevices } from "../../../src/cli/report.js";

describe("streamine CLI", () => {
  it("prints a table per device, the operator counters and the dead-letter count", async () => {
    const { code, stdout } = await cli(["--devices", "3", "--readings", "120", "--no-progress"]);
    expect(code).toBe(0);
    const rows = stdout.split("\n").filter((l) => /^│ sensor-\d /.test(l));
    expect(rows).toHaveLength(3);
    // Two minute windows of 60 readings each per device (phases are < 1 s).
    for (const row of rows) expect(row.split("│").map((c) => c.trim()).slice(1, 4)).toEqual([expect.stringMatching(/^sensor-\d$/), "2", "120"]);
    expect(stdout).toMatch(/│ window-stats +│ +360 │ +360 │ +6 │/);
    expect(stdout).toMatch(/360 readings → 6 windows; late: 0; dead letters: 0;/);
  });

  it("prints JSON with --json", async () => {
    const { code, stdout } = await cli(["--devices", "2", "--readings", "120", "--window-ms", "30000", "--json"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { readings: number; windows: { readings: number }[]; late: number; deadLetters: number };
    expect(parsed.readings).toBe(240);
    expect(parsed.windows).toHaveLength(2 * 4); // each device's readings lie in [0, 120 s): four 30 s windows
    expect(parsed.windows.reduce((s, w) => s + w.readings, 0)).toBe(240);
    expect(parsed.late).toBe(0);
    expect(parsed.deadLetters).toBe(0);
  });

  it("rejects a bad option with a message and a non-zero exit code", async () => {
    const { code, stderr } = await cli(["--window-ms", "0"]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--window-ms <ms>.*expected an integer ≥ 1, got "0"/);
  });

  it("run iot writes one prediction per device and window to --output and ends with the summary", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "cli-run-")), "w.jsonl");
    const { code, stdout } = await cli(["run", "iot", "--output", out, "--devices", "2", "--readings", "180", "--no-progress"]);
    expect(code).toBe(0);
    const rows = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { key: string; model: string; window: { start: number; end: number }; score: number; isAnomaly: boolean });
    expect(rows).toHaveLength(2 * 3); // 180 one-second readings: three minute windows per device
    expect(new Set(rows.map((r) => r.key))).toEqual(new Set(["sensor-0", "sensor-1"]));
    for (const r of rows) {
      expect(r.model).toBe("best");
      expect(r.window.end - r.window.start).toBe(60_000);
      expect(typeof r.isAnomaly).toBe("boolean");
    }
    const lines = stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(new RegExp(`^iot: 360 records in, 6 predictions out to ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+ anomalies; .*\\), 0 dead letters, 0 late; `));
  });

  it("run writes the same lines for the same flags", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-run-"));
    const flags = ["--devices", "3", "--readings", "3600", "--anomaly-rate", "0.001", "--no-progress"];
    expect((await cli(["run", "iot", "--output", join(dir, "a.jsonl"), ...flags])).code).toBe(0);
    expect((await cli(["run", "iot", "--output", join(dir, "b.jsonl"), ...flags])).code).toBe(0);
    const a = readFileSync(join(dir, "a.jsonl"), "utf8");
    expect(a.split("\n").length).toBeGreaterThan(100);
    expect(readFileSync(join(dir, "b.jsonl"), "utf8")).toBe(a);
  });

  it("run names an unknown job and a bad --source", async () => {
    const bad = await cli(["run", "fraud2", "--output", "x.jsonl"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown job "fraud2" \(jobs: iot, fraud\)/);
    const source = await cli(["run", "iot", "--source", "kafka"]);
    expect(source.code).not.toBe(0);
    expect(source.stderr).toMatch(/option '--source <source>' argument 'kafka' is invalid. Allowed choices are generated, nab/);
  });
});

describe("summarizeDevices", () => {
  it("weights window means by their counts and keeps the hottest window", () => {
    const w = (device: string, start: number, readings: number, meanTemp: number, maxVibration: number, anomalies: number) => ({
      device,
      start,
      end: start + 60_000,
      readings,
      meanTemp,
      maxVibration,
      anomalies,
    });
    const s = summarizeDevices([w("b", 0, 1, 30, 2, 1), w("a", 0, 3, 10, 1, 0), w("a", 60_000, 1, 30, 5, 1)]);
    expect(s).toEqual([
      { device: "a", windows: 2, readings: 4, meanTemp: 15, maxVibration: 5, anomalies: 1, hottest: { start: 60_000, meanTemp: 30 } },
      { device: "b", windows: 1, readings: 1, meanTemp: 30, maxVibration: 2, anomalies: 1, hottest: { start: 0, meanTemp: 30 } },
    ]);
  });

  it("formats event time as a clock, with a day number past the first day", () => {
    expect(formatTime(0)).toBe("00:00:00");
    expect(formatTime(3_723_000)).toBe("01:02:03");
    expect(formatTime(86_400_000 + 60_000)).toBe("d1 00:01:00");
  });
});
