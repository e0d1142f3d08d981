// `streamine run fraud`: card-transaction fraud scoring on the seeded generator or a file, with
// predictions on predictions.fraud.<card> (embedded bus, a real nats-server, or a file).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type Msg } from "@nats-io/transport-node";
import { describe, expect, inject, it } from "vitest";
import { defaultBus, parseSubjectToken, subjectToken, type DeadLetter } from "streamine";
import { runFraudJob, type FraudPrediction } from "../../../src/cli/fraud-job.js";
import { cli } from "./run-cli.js";

const tmp = (): string => mkdtempSync(join(tmpdir(), "cli-fraud-"));
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Lines between the header and the summary: one per alert. */
const alertLines = (stdout: string): string[] => stdout.trim().split("\n").slice(1, -1);

/** `ts,card,amount,merchant,country,fraud` rows: three cards shopping at home, then card-1 abroad. */
function transactionsCsv(): { text: string; good: number } {
  const rows = ["id,card,ts,amount,merchant,country,category,fraud"];
  for (let i = 0; i < 60; i++) {
    const card = `card.${i % 3}`; // a "." that subjectToken escapes
    rows.push(`t${i},${card},${i * 1_800_000},${(20 + ((i * 7) % 30)).toFixed(2)},m-${i % 5},DE,grocery,false`);
  }
  rows.push(`t60,card.1,${60 * 1_800_000},2500.00,m-9,BR,electronics,true`);
  return { text: `${rows.join("\n")}\n`, good: 61 };
}

describe("streamine run fraud", () => {
  it("writes the same lines to --output for the same flags, one prediction per transaction", async () => {
    const dir = tmp();
    const flags = ["--cards", "300", "--days", "3", "--seed", "7", "--no-progress"];
    const a = await cli(["run", "fraud", "--output", join(dir, "a.jsonl"), ...flags]);
    const b = await cli(["run", "fraud", "--output", join(dir, "b.jsonl"), ...flags]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const text = readFileSync(join(dir, "a.jsonl"), "utf8");
    expect(readFileSync(join(dir, "b.jsonl"), "utf8")).toBe(text);
    const rows = text.trim().split("\n").map((l) => JSON.parse(l) as FraudPrediction);
    expect(rows.length).toBeGreaterThan(2_000);
    for (const r of rows.slice(0, 50)) {
      expect(r).toMatchObject({ model: "fraud", key: expect.stringMatching(/^card-\d{3}$/), id: expect.stringMatching(/^tx-\d+$/) });
      expect(Object.keys(r.scores)).toEqual(["fraud", "fraud-global"]);
      expect(r.thresholds).toEqual({ fraud: 0.995, "fraud-global": 0.9993 });
      expect(r.isAnomaly).toBe(r.flaggedBy.length > 0);
    }
    expect(a.stdout.trim().split("\n").at(-1)).toMatch(new RegExp(`^fraud: ${rows.length} records in, ${rows.length} predictions out to ${escape(join(dir, "a.jsonl"))} \\(\\d+ alerts; precision \\d\\.\\d\\d, recall \\d\\.\\d\\d against \\d+ labelled frauds.*\\), 0 dead letters; \\d+\\.\\d\\d s \\([\\d,]+ records/s\\)$`));
  });

  it("publishes every prediction to predictions.fraud.<card> on the embedded bus and prints each alert", async () => {
    const got: { subject: string; p: FraudPrediction }[] = [];
    const stop = defaultBus.subscribe("predictions.fraud.*", (m) => got.push({ subject: m.subject, p: m.json<FraudPrediction>() }));
    try {
      const { code, stdout } = await cli(["run", "fraud", "--cards", "200", "--days", "3", "--no-progress"]);
      expect(code).toBe(0);
      const summary = /^fraud: (\d+) records in, (\d+) predictions out to the embedded bus \((\d+) alerts;/.exec(stdout.trim().split("\n").at(-1) ?? "");
      expect(summary).not.toBeNull();
      const [records, predictions, alerts] = [summary?.[1], summary?.[2], summary?.[3]].map(Number);
      expect(predictions).toBe(records);
      expect(got).toHaveLength(predictions ?? NaN);
      for (const { subject, p } of got) expect(subject).toBe(`predictions.fraud.${subjectToken(p.key)}`);
      const flagged = got.filter(({ p }) => p.isAnomaly);
      expect(flagged.length).toBe(alerts);
      expect(flagged.length).toBeGreaterThan(0);
      const lines = alertLines(stdout);
      expect(lines).toHaveLength(flagged.length);
      expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(flagged.map(({ p }) => p.key));
      expect(lines[0]).toMatch(/ fraud 0\.\d{4} {2}fraud-global [01]\.\d{4} {2}flagged by fraud(-global)?/);
    } finally {
      stop();
    }
  });

  it("reads --input CSV, dead-letters the rows it cannot read with the reason, and reconciles the counts", async () => {
    const dir = tmp();
    const { text, good } = transactionsCsv();
    // a bad amount (line 63), a missing country (line 64), a row with a field too many (line 65)
    writeFileSync(join(dir, "tx.csv"), `${text}t61,card.2,${61 * 1_800_000},abc,m-1,DE,grocery,false\nt62,card.2,${62 * 1_800_000},12.00,m-1,,grocery,false\nt63,card.0,1,2,3,4,5,6,7\n`);
    const dead: DeadLetter[] = [];
    const stop = defaultBus.subscribe("streamine.deadletter", (m) => dead.push(m.json<DeadLetter>()));
    try {
      const out = join(dir, "p.jsonl");
      const { code, stdout } = await cli(["run", "fraud", "--input", join(dir, "tx.csv"), "--output", out, "--no-progress"]);
      expect(code).toBe(0);
      const rows = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as FraudPrediction);
      expect(rows).toHaveLength(good);
      expect(rows[0]).toMatchObject({ key: "card.0", id: "t0", ts: 0, amount: 20, merchant: "m-0", country: "DE" });
      // 2,500 abroad on a card that bought groceries at home for a day: both models flag it
      expect(rows.at(-1)).toMatchObject({ id: "t60", isAnomaly: true, flaggedBy: ["fraud", "fraud-global"], features: { foreign: 1 } });
      expect(dead.map((d) => d.reason)).toEqual([
        expect.stringMatching(/line 63: .*amount must be a number ≥ 0, got "abc"/),
        expect.stringMatching(/line 64: .*country is missing/),
        expect.stringMatching(/line 65: .*Invalid Record Length/),
      ]);
      expect(stdout.trim().split("\n").at(-1)).toMatch(new RegExp(`^fraud: ${good + 3} records in, ${good} predictions out to .*\\(\\d+ alerts; precision \\d\\.\\d\\d, recall \\d\\.\\d\\d against 1 labelled frauds\\), 3 dead letters; `));
    } finally {
      stop();
    }
  });

  it("reads --input JSON Lines with ISO timestamps and says when there are no labels", async () => {
    const dir = tmp();
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ card: 4_000 + (i % 2), ts: new Date(Date.UTC(2024, 0, 1, i)).toISOString(), amount: 10 + i, merchant: "shop", country: "FR" }));
    writeFileSync(join(dir, "tx.jsonl"), `${lines.join("\n")}\n{"card": "x", "ts": "yesterday", "amount": 1, "merchant": "m", "country": "FR"}\n`);
    const out = join(dir, "p.jsonl");
    const { code, stdout } = await cli(["run", "fraud", "--input", join(dir, "tx.jsonl"), "--output", out, "--limit", "20", "--no-progress"]);
    expect(code).toBe(0);
    const rows = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as FraudPrediction);
    expect(rows).toHaveLength(20);
    expect(rows[1]).toMatchObject({ key: "4001", id: `4001@${Date.UTC(2024, 0, 1, 1)}`, ts: Date.UTC(2024, 0, 1, 1) });
    expect(stdout.trim().split("\n").at(-1)).toMatch(/^fraud: 20 records in, 20 predictions out to .* \(\d+ alerts; no labels to check them against\), 0 dead letters; /);
  });

  it("resumed from its last checkpoint, reports the whole stream and leaves --output as it was", async () => {
    const dir = tmp();
    const flags = ["run", "fraud", "--cards", "100", "--days", "4", "--output", join(dir, "p.jsonl"), "--checkpoint", join(dir, "ckpt"), "--no-progress"];
    const first = await cli(flags);
    const text = readFileSync(join(dir, "p.jsonl"), "utf8");
    const again = await cli(flags);
    expect([first.code, again.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, "p.jsonl"), "utf8")).toBe(text);
    const summary = (s: string): string => (s.trim().split("\n").at(-1) ?? "").replace(/; [\d.]+ s \(.*$/, "");
    expect(summary(again.stdout)).toBe(summary(first.stdout));
    expect(summary(first.stdout)).toMatch(/^fraud: \d+ records in/);
  });

  it.each([
    [["--input", "tx.txt"], /^error: option '--input <file>' argument 'tx.txt' is invalid\. expected a \.csv or \.jsonl file/],
    [["--input", "/nonexistent/tx.csv"], /^error: cannot read --input \/nonexistent\/tx\.csv: ENOENT/],
    [["--input", "tx.csv", "--cards", "3"], /^error: option '--input <file>' cannot be used with option '--cards <n>'/],
    [["--threshold", "1.5"], /^error: option '--threshold <p>' argument '1\.5' is invalid/],
    [["--days", "-1"], /^error: option '--days <n>' argument '-1' is invalid/],
    [["--devices", "3"], /^error: unknown option '--devices'/],
  ])("rejects %j with one line and a non-zero exit code", async (flags, message) => {
    const { code, stderr } = await cli(["run", "fraud", ...flags, "--no-progress"]);
    expect(code).not.toBe(0);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it("still takes flags before the job's name", async () => {
    const { code, stdout } = await cli(["run", "--cards", "20", "--days", "1", "fraud", "--no-progress"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^fraud: 20 generated cards × 1 days \(seed 42\)/);
  });
});

describe("streamine run fraud on the default generated stream (1,000 cards × 7 days, seed 42)", () => {
  // Measured: cardTesting 115/154 = 0.747, accountTakeover 89/90 = 0.989, merchantBurst 26/43 = 0.605,
  // precision 230/261 = 0.881, recall 230/287 = 0.801; the bounds sit a little below.
  it("catches most card testing and account takeovers, with few false alarms", async () => {
    const { tally: t, records, predictions, deadLetters } = await runFraudJob({ output: join(tmp(), "p.jsonl") });
    expect([records, predictions, deadLetters]).toEqual([19_304, 19_304, 0]);
    const recall = (pattern: string): number => (t.patterns[pattern]?.alerts ?? 0) / (t.patterns[pattern]?.n ?? NaN);
    expect(recall("cardTesting")).toBeGreaterThanOrEqual(0.7);
    expect(recall("accountTakeover")).toBeGreaterThanOrEqual(0.95);
    expect(recall("merchantBurst")).toBeGreaterThanOrEqual(0.55);
    expect(t.truePositives / t.alertsOnLabelled).toBeGreaterThanOrEqual(0.85);
    expect(t.truePositives / t.frauds).toBeGreaterThanOrEqual(0.75);
    expect(t.patterns["none"]?.alerts).toBeLessThanOrEqual(40);
  });
});

describe("streamine run fraud --nats", () => {
  it("publishes one prediction per transaction to predictions.fraud.<card> on a real server", async () => {
    const nc = await connect({ servers: inject("natsUrl") });
    const got: Msg[] = [];
    nc.subscribe("predictions.fraud.*", { callback: (error, msg) => void (error === null && got.push(msg)) });
    await nc.flush();
    const { code, stdout } = await cli(["run", "fraud", "--nats", inject("natsUrl"), "--cards", "200", "--days", "3", "--no-progress"]);
    expect(code).toBe(0);
    const last = stdout.trim().split("\n").at(-1) ?? "";
    expect(last).toMatch(/^fraud: (\d+) records in, \1 predictions out to nats:\/\/[^ ]+ \(\d+ alerts; .*\), 0 dead letters; /);
    const expected = Number(/^fraud: (\d+) records in/.exec(last)?.[1]);
    for (let i = 0; got.length < expected && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
    await nc.close();
    expect(got).toHaveLength(expected);
    const alerts = got.map((m) => ({ card: parseSubjectToken(m.subject.split(".")[2] ?? ""), p: m.json<FraudPrediction>() })).filter(({ card, p }) => {
      expect(p.key).toBe(card);
      return p.isAnomaly;
    });
    expect(alerts.map(({ p }) => p.key)).toEqual(alertLines(stdout).map((l) => l.split(/\s+/)[0]));
  });

  it("fails with one line naming the URL when no server listens there", async () => {
    const { code, stderr } = await cli(["run", "fraud", "--nats", "nats://127.0.0.1:1", "--cards", "5", "--days", "1", "--no-progress"]);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^error: .*nats:\/\/127\.0\.0\.1:1/);
  }, 30_000);
});
