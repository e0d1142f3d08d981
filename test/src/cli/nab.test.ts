// `streamine nab --detector <name> --results <dir>`: runs a detector over the whole NAB corpus,
// prints the three profiles' scores, and writes NAB-format results files that, read back and
// re-scored independently of the run, give the same scores.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NAB_PROFILES, optimiseNabThreshold, scoreNabCorpus } from "streamine/algorithms";
import { loadNabDetectorScores, loadNabLabels } from "streamine/datasets";
import { cli } from "./run-cli.js";

describe("streamine nab", () => {
  it("scores a detector on the 58 files and writes results files that re-score to the printed figures", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nab-results-"));
    const { code, stdout } = await cli(["nab", "--detector", "hst", "--results", dir, "--no-progress"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^nab: hst .* over 58 files, 365,558 rows, in [\d.]+ s$/m);
    const printed = Object.fromEntries([...stdout.matchAll(/^ {2}(\w+) +(-?[\d.]+) +\(threshold ([\d.]+)\)$/gm)].map((m) => [m[1], { score: Number(m[2]), threshold: Number(m[3]) }]));
    expect(Object.keys(printed).sort()).toEqual(["reward_low_FN_rate", "reward_low_FP_rate", "standard"]);

    const labels = loadNabLabels();
    const files = labels.map((file) => ({ file, scores: loadNabDetectorScores("hst", file.file, { resultsDir: dir }) }));
    for (const { file, scores } of files) expect(scores.length, file.file).toBe(file.rows);
    for (const [profile, p] of Object.entries(printed) as [keyof typeof NAB_PROFILES, { score: number; threshold: number }][]) {
      const best = optimiseNabThreshold(files, NAB_PROFILES[profile]);
      expect(best.score.toFixed(2), profile).toBe(p.score.toFixed(2));
      expect(best.threshold, profile).toBeCloseTo(p.threshold, 10);
      expect(scoreNabCorpus(files, NAB_PROFILES[profile], best.threshold).score).toBeCloseTo(p.score, 2);
    }
    // rows are aligned with the data file and labelled 1 inside the windows
    const taxi = labels.find((f) => f.name === "nyc_taxi");
    const lines = readFileSync(join(dir, "hst", "realKnownCause", "hst_nyc_taxi.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("timestamp,value,anomaly_score,label");
    expect(lines[1]).toMatch(/^2014-07-01 00:00:00,10844,/);
    const labelled = lines.slice(1).map((l) => l.split(",")[3]);
    const w = taxi?.windows[0];
    expect(labelled[w?.start ?? -1]).toBe("1");
    expect(labelled[(w?.start ?? 0) - 1]).toBe("0");
    expect(labelled.filter((l) => l === "1")).toHaveLength(taxi?.windows.reduce((n, x) => n + x.end - x.start + 1, 0) ?? -1);
  }, 60_000);

  it("RandomCutForest as AWS ran it (100 trees, sample 256, shingle 1) lands within ±5 of the published RCF 51.72 standard", async () => {
    const { code, stdout } = await cli(["nab", "--detector", "rcf", "--no-progress"]);
    expect(code).toBe(0);
    const standard = Number(/^ {2}standard +(-?[\d.]+)/m.exec(stdout)?.[1]);
    expect(standard).toBeGreaterThanOrEqual(51.72 - 5);
    expect(standard).toBeLessThanOrEqual(51.72 + 5);
  }, 120_000);

  it("our windowed-Gaussian baseline lands within ±2 of NAB's published 39.65 standard", async () => {
    const { code, stdout } = await cli(["nab", "--detector", "windowedGaussian", "--no-progress"]);
    expect(code).toBe(0);
    const standard = Number(/^ {2}standard +(-?[\d.]+)/m.exec(stdout)?.[1]);
    expect(Math.abs(standard - 39.65)).toBeLessThanOrEqual(2);
  }, 60_000);

  it("--detector best (ConformalKNN with its defaults) scores at least 60 standard, above KNN-CAD's 58.0 and Skyline's 58.2", async () => {
    const { code, stdout } = await cli(["nab", "--detector", "best", "--no-progress"]);
    expect(code).toBe(0);
    const score = (profile: string): number => Number(new RegExp(`^ {2}${profile} +(-?[\\d.]+)`, "m").exec(stdout)?.[1]);
    expect(score("standard")).toBeGreaterThanOrEqual(60);
    // the other profiles are reported; they must be scores, above the published windowed Gaussian's
    expect(score("reward_low_FP_rate")).toBeGreaterThan(20.87);
    expect(score("reward_low_FN_rate")).toBeGreaterThan(47.41);
  }, 120_000);

  it("says there is no score when the files chosen have no labelled window", async () => {
    const { code, stdout } = await cli(["nab", "--detector", "windowedGaussian", "--files", "2", "--no-progress"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}standard +no score: these files have no labelled anomaly window$/m);
    expect(stdout).not.toMatch(/NaN/);
  });

  it("names the detectors it knows when given another", async () => {
    const { code, stderr } = await cli(["nab", "--detector", "nope"]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/unknown detector "nope" \(detectors: best, hst/);
  });
});
