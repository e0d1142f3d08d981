import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  NAB_PROFILE_NAMES,
  NAB_PROFILES,
  nabProbation,
  optimiseNabThreshold,
  scoreNabCorpus,
  type NabProfileName,
  type NabScoredFile,
} from "streamine/algorithms";
import {
  listNabFiles,
  loadNabDetectorScores,
  loadNabLabels,
  loadNabProfiles,
  loadNabPublishedResults,
  loadNabScoresTable,
  loadNabSeries,
  loadNabThresholds,
  streamNabSeries,
  type NabLabelledFile,
} from "streamine/datasets";

const dataDir = fileURLToPath(new URL("../../../shared/data", import.meta.url));
const summary = parse(readFileSync(join(dataDir, "nab", "corpus_summary.csv")), { columns: true }) as Record<string, string>[];

/** `YYYY-MM-DD HH:MM:SS` of an epoch-ms timestamp read as UTC. */
const iso = (ms: number | undefined): string => new Date(ms ?? NaN).toISOString().slice(0, 19).replace("T", " ");

const labels = loadNabLabels();
const byName = (file: string): NabLabelledFile => {
  const f = labels.find((l) => l.file === file);
  if (f === undefined) throw new Error(`no ${file}`);
  return f;
};

describe("NAB corpus (loaders)", () => {
  it("lists the 58 files of the 7 categories", () => {
    const files = listNabFiles();
    expect(files).toHaveLength(58);
    const perCategory: Record<string, number> = {};
    for (const f of files) perCategory[f.category] = (perCategory[f.category] ?? 0) + 1;
    expect(perCategory).toEqual({
      artificialNoAnomaly: 5,
      artificialWithAnomaly: 6,
      realAWSCloudwatch: 17,
      realAdExchange: 6,
      realKnownCause: 7,
      realTraffic: 7,
      realTweets: 10,
    });
    expect(files.map((f) => f.file)).toEqual(summary.map((r) => r["file"]).sort());
    expect(labels.map((l) => l.file)).toEqual(files.map((f) => f.file));
  });

  it("has 365,558 rows, 116 windows and 332,842 scorable rows", () => {
    expect(labels.reduce((n, f) => n + f.rows, 0)).toBe(365_558);
    expect(labels.reduce((n, f) => n + f.windows.length, 0)).toBe(116);
    expect(labels.reduce((n, f) => n + f.rows - nabProbation(f.rows), 0)).toBe(332_842);
    expect(byName("realKnownCause/machine_temperature_system_failure.csv").rows).toBe(22_695);
    expect(nabProbation(byName("realKnownCause/machine_temperature_system_failure.csv").rows)).toBe(750);
  });

  it("matches corpus_summary.csv file by file: rows, time span, probation, window rows, repeated timestamps", () => {
    for (const row of summary) {
      const file = row["file"] ?? "";
      const l = byName(file);
      const s = loadNabSeries(file);
      let repeats = 0;
      for (let i = 1; i < s.timestamps.length; i++) if (s.timestamps[i] === s.timestamps[i - 1]) repeats++;
      const got = {
        file,
        rows: String(l.rows),
        first: iso(s.timestamps[0]),
        last: iso(s.timestamps.at(-1)),
        probation: String(nabProbation(l.rows)),
        windows: String(l.windows.length),
        ranges: l.windows.map((w) => `${w.start}-${w.end}`).join(";"),
        repeats: String(repeats),
        finite: s.values.every(Number.isFinite),
      };
      expect(got).toEqual({
        file,
        rows: row["rows"],
        first: row["first_timestamp"],
        last: row["last_timestamp"],
        probation: row["probationary_rows"],
        windows: row["n_windows"],
        ranges: row["window_row_ranges"],
        repeats: row["duplicate_timestamps"],
        finite: true,
      });
      // SCORING.md §0: no boundary on a repeated timestamp, none in probation, narrowest 29 rows
      for (const w of l.windows) {
        expect(s.timestamps.lastIndexOf(s.timestamps[w.start] ?? NaN)).toBe(w.start);
        expect(s.timestamps.lastIndexOf(s.timestamps[w.end] ?? NaN)).toBe(w.end);
        expect(w.start).toBeGreaterThanOrEqual(nabProbation(l.rows));
        expect(w.end - w.start + 1).toBeGreaterThanOrEqual(29);
      }
    }
  });

  it("resolves machine_temperature_system_failure.csv by position despite its backwards timestamp", () => {
    const s = loadNabSeries("realKnownCause/machine_temperature_system_failure.csv");
    expect(iso(s.timestamps[10148])).toBe("2014-01-07 02:55:00");
    expect(iso(s.timestamps[10149])).toBe("2014-01-07 02:00:00");
    expect(byName("realKnownCause/machine_temperature_system_failure.csv").windows).toEqual([
      { start: 2126, end: 2692 },
      { start: 3703, end: 4269 },
      { start: 16057, end: 16623 },
      { start: 19232, end: 19798 },
    ]);
  });

  it("resolves ec2_disk_write_bytes_1ef3de.csv (12 rows stamped 2014-03-09 03:00:00) to the first matching row", () => {
    const s = loadNabSeries("realAWSCloudwatch/ec2_disk_write_bytes_1ef3de.csv");
    expect([...s.timestamps].filter((t) => iso(t) === "2014-03-09 03:00:00")).toHaveLength(12);
    const l = byName("realAWSCloudwatch/ec2_disk_write_bytes_1ef3de.csv");
    expect(l.windows).toEqual([{ start: 2399, end: 2871 }]);
    expect(l.windowTimes.map((w) => [iso(w.start), iso(w.end)])).toEqual([[iso(s.timestamps[2399]), iso(s.timestamps[2871])]]);
  });

  it("streams a CRLF series row by row, equal to reading it whole", async () => {
    const file = "realAdExchange/exchange-2_cpc_results.csv";
    expect(readFileSync(join(dataDir, "nab", "data", file), "utf8")).toContain("\r\n");
    const whole = loadNabSeries(file);
    const rows: { row: number; timestamp: number; value: number }[] = [];
    for await (const r of streamNabSeries(file)) rows.push(r);
    expect(rows).toHaveLength(whole.values.length);
    expect(rows.map((r) => r.value)).toEqual([...whole.values]);
    expect(rows.map((r) => r.timestamp)).toEqual([...whole.timestamps]);
    expect(rows.map((r) => r.row)).toEqual(rows.map((_, i) => i));
  });

  it("reads profiles.json as NAB_PROFILES", () => {
    expect(loadNabProfiles()).toEqual(NAB_PROFILES);
  });
});

describe("NAB loaders: data folder", () => {
  it("accept the data folder explicitly, and from $STREAMINE_DATA", () => {
    expect(listNabFiles(dataDir)).toHaveLength(58);
    const saved = process.env["STREAMINE_DATA"];
    try {
      process.env["STREAMINE_DATA"] = "/nonexistent-streamine-env";
      expect(() => listNabFiles()).toThrow("/nonexistent-streamine-env/nab/labels/combined_windows.json");
      process.env["STREAMINE_DATA"] = dataDir;
      expect(loadNabThresholds()["null"]?.["standard"]).toBeCloseTo(0.625, 12);
    } finally {
      if (saved === undefined) delete process.env["STREAMINE_DATA"];
      else process.env["STREAMINE_DATA"] = saved;
    }
  });

  it("name the missing file", () => {
    expect(() => loadNabLabels("/nonexistent-streamine-data")).toThrow(/missing file \/nonexistent-streamine-data\/nab\/labels\/combined_windows\.json/);
    expect(() => loadNabSeries("realKnownCause/no_such_file.csv")).toThrow(/nab\/data\/realKnownCause\/no_such_file\.csv/);
    expect(() => loadNabDetectorScores("noSuchDetector", "realKnownCause/nyc_taxi.csv")).toThrow(
      /reference_results\/noSuchDetector\/realKnownCause\/noSuchDetector_nyc_taxi\.csv/,
    );
    expect(() => loadNabScoresTable("numenta", "no_such_profile")).toThrow(/numenta_no_such_profile_scores\.csv/);
    expect(() => loadNabSeries("nyc_taxi.csv")).toThrow(/<category>\/<name>\.csv/);
  });

  it("stream: a missing file rejects naming it", async () => {
    await expect(streamNabSeries("realKnownCause/no_such_file.csv").next()).rejects.toThrow(/no_such_file\.csv/);
  });
});

type Row = readonly [standard: number, lowFP: number, lowFN: number];
interface Expected {
  /** The brief's / README's figures, as published (2 decimals; bayesChangePt's README has 1). */
  readonly published: Row;
  readonly publishedDecimals: number;
  /** SCORING.md §9: raw corpus score and NAB score at the published threshold (4 decimals). */
  readonly raw: Row;
  readonly nab: Row;
  /** SCORING.md §9: the exhaustive sweep's optimum (threshold, NAB score). */
  readonly sweepThreshold: Row;
  readonly sweepNab: Row;
}

const EXPECTED: Record<string, Expected> = {
  numenta: {
    published: [70.1, 63.12, 74.32],
    publishedDecimals: 2,
    raw: [46.6345, 30.4311, 26.6345],
    nab: [70.1011, 63.1168, 74.3202],
    sweepThreshold: [0.543099145074, 0.543099145074, 0.543099145074],
    sweepNab: [70.1011, 63.2092, 74.3202],
  },
  windowedGaussian: {
    published: [39.65, 20.87, 47.41],
    publishedDecimals: 2,
    raw: [-24.0131, -67.5863, -67.0131],
    nab: [39.6495, 20.868, 47.41],
    sweepThreshold: [1, 1, 1],
    sweepNab: [39.6495, 20.868, 47.41],
  },
  bayesChangePt: {
    published: [17.7, 3.2, 32.2], // numenta/NAB README; absent from published_results.json
    publishedDecimals: 1,
    raw: [-74.9035, -108.5607, -119.7472],
    nab: [17.714, 3.2066, 32.2566],
    sweepThreshold: [0.984615384615, 0.997983870968, 0.981366459627],
    sweepNab: [17.714, 5.133, 32.2566],
  },
  null: {
    published: [0, 0, 0],
    publishedDecimals: 2,
    raw: [-116, -116, -232],
    nab: [0, 0, 0],
    sweepThreshold: [1.1, 1.1, 1.1],
    sweepNab: [0, 0, 0],
  },
};

describe("NAB scorer on NAB's published detector outputs (SCORING.md §9)", () => {
  const thresholds = loadNabThresholds();
  const publishedJson = loadNabPublishedResults();

  describe.each(Object.keys(EXPECTED))("%s", (detector) => {
    const expected = EXPECTED[detector] as Expected;
    let files: NabScoredFile[] | undefined;
    // Reads the 58 result files once per detector, on first use.
    const scored = (): NabScoredFile[] => (files ??= labels.map((file) => ({ file, scores: loadNabDetectorScores(detector, file.file) })));

    it.each(NAB_PROFILE_NAMES.map((p, i) => [p, i] as const))("%s: reproduces the published score at the published threshold", (profile, i) => {
      const theta = thresholds[detector]?.[profile] ?? NaN;
      const r = scoreNabCorpus(scored(), NAB_PROFILES[profile], theta);
      expect(r.windows).toBe(116);
      expect(r.raw).toBeCloseTo(expected.raw[i] ?? NaN, 4);
      expect(r.score).toBeCloseTo(expected.nab[i] ?? NaN, 4);
      expect(Math.abs(r.score - (expected.published[i] ?? NaN))).toBeLessThan(expected.publishedDecimals === 1 ? 0.1 : 0.005);
      const json = publishedJson[detector]?.[profile];
      if (detector === "bayesChangePt") expect(json).toBeUndefined();
      else expect(r.score).toBeCloseTo(json ?? NaN, 8);
    });

    it.each(NAB_PROFILE_NAMES)("%s: matches every row of the published per-file table", (profile) => {
      const table = loadNabScoresTable(detector, profile);
      expect(table.files).toHaveLength(58);
      const theta = table.files[0]?.threshold ?? NaN;
      expect(table.files.every((f) => f.threshold === theta)).toBe(true);
      const r = scoreNabCorpus(scored(), NAB_PROFILES[profile], theta);
      const ours = new Map(labels.map((l, k) => [l.file, { rows: l.rows, ...r.files[k] }]));
      for (const row of table.files) {
        const mine = ours.get(row.file);
        expect(mine?.raw, row.file).toBeCloseTo(row.score, 9);
        expect([mine?.tp, mine?.tn, mine?.fp, mine?.fn, mine?.rows], row.file).toEqual([row.tp, row.tn, row.fp, row.fn, row.totalCount]);
      }
      expect(r.raw).toBeCloseTo(table.totals.score, 8);
      expect([r.tp, r.tn, r.fp, r.fn]).toEqual([table.totals.tp, table.totals.tn, table.totals.fp, table.totals.fn]);
      expect(table.totals.totalCount).toBe(365_558);
      // the table's (rounded) threshold and thresholds.json's select the same rows
      expect(r.raw).toBeCloseTo(scoreNabCorpus(scored(), NAB_PROFILES[profile], thresholds[detector]?.[profile] ?? NaN).raw, 12);
    });

    it.each(NAB_PROFILE_NAMES.map((p, i) => [p, i] as const))("%s: the exhaustive sweep finds SCORING.md's optimum, never below the published", (profile: NabProfileName, i) => {
      const best = optimiseNabThreshold(scored(), NAB_PROFILES[profile]);
      expect(best.threshold).toBeCloseTo(expected.sweepThreshold[i] ?? NaN, 12);
      expect(best.score).toBeCloseTo(expected.sweepNab[i] ?? NaN, 4);
      expect(best.score).toBeGreaterThanOrEqual((expected.nab[i] ?? NaN) - 1e-4);
      expect(scoreNabCorpus(scored(), NAB_PROFILES[profile], best.threshold).raw).toBeCloseTo(best.raw, 9);
    });
  });
});
