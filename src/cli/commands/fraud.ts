import { accessSync, constants, statSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { cardTransactions } from "../../../datasets/index.js";
import { configureIo, integer, probability, progressBar, type CliIo, type PendingRun } from "../cli-io.js";
import { inputFormat } from "../fraud-input.js";
import { CARD_MODEL, GLOBAL_MODEL, runFraudJob, type FraudJobOptions, type FraudJobResult, type FraudPrediction } from "../fraud-job.js";

interface FraudFlags {
  input?: string;
  cards: number;
  days: number;
  seed: number;
  limit?: number;
  cardThreshold: number;
  threshold: number;
  batchSize: number;
  nats?: string;
  output?: string;
  checkpoint?: string;
  checkpointEveryMs: number;
  progress: boolean;
}

function inputPath(value: string): string {
  if (inputFormat(value) === null) throw new InvalidArgumentError(`expected a .csv or .jsonl file (optionally .gz), got "${value}"`);
  return value;
}

/** `streamine run fraud`. */
export function fraudCommand(io: CliIo, schedule: (run: PendingRun) => void): Command {
  return configureIo(
    new Command("fraud")
      .description(
        "Card-transaction fraud scoring: merchant velocity and card features in keyed state, one BestDetector per card and a global one; " +
          "a transaction that either flags is an alert. Alerts print as they are found, and every prediction goes to predictions.fraud.<card> " +
          "on the embedded bus, a NATS server (--nats) or a file (--output). The last line is the summary, with precision and recall " +
          "per fraud pattern when the input is labelled.",
      )
      .addOption(new Option("--input <file>", "transactions from a CSV (header row) or JSON Lines file with card, ts (ms or ISO 8601), amount, merchant, country; optional id, category, fraud, pattern").argParser(inputPath).conflicts(["cards", "days", "seed"]))
      .option("--cards <n>", "cards of the generated stream", integer(1), 1_000)
      .option("--days <n>", "days of event time of the generated stream", integer(0), 7)
      .option("--seed <n>", "seed of the generated stream", integer(-(2 ** 31)), 42)
      .option("--limit <records>", "only the first n transactions", integer(0))
      .option("--card-threshold <p>", "score at which a card's own model flags", probability, CARD_MODEL.threshold)
      .option("--threshold <p>", "score at which the global model flags", probability, GLOBAL_MODEL.threshold)
      .option("--batch-size <n>", "records per batch", integer(1), 1_024)
      .option("--nats <url>", "publish predictions and dead letters to this NATS server instead of the embedded bus")
      .option("--output <file.jsonl>", "write every prediction as a JSON line to this file (exactly once with --checkpoint)")
      .option("--checkpoint <dir>", "checkpoint directory: resume from the newest checkpoint there, and keep taking them")
      .option("--checkpoint-every-ms <ms>", "processing time between checkpoints", integer(1), 1_000)
      .option("--no-progress", "do not draw the progress bar on stderr")
      .exitOverride()
      .action((opts: FraudFlags) => schedule(() => runFraud(opts, io))),
    io,
  );
}

const fixed = (v: number, digits: number): string => v.toFixed(digits);

const alertRow = (p: FraudPrediction): string => {
  const scores = Object.entries(p.scores).map(([model, s]) => `${model} ${fixed(s, 4)}`).join("  ");
  return `${p.key.padEnd(12)} ${new Date(p.ts).toISOString()}  ${p.id.padEnd(10)} ${fixed(p.amount, 2).padStart(9)} at ${p.merchant} (${p.country})  ${scores}  flagged by ${p.flaggedBy.join(" + ")}`;
};

/** The summary's verdict on the alerts: precision and recall when the input is labelled, recall per fraud pattern. */
function truth(r: FraudJobResult): string {
  const t = r.tally;
  if (t.labelled === 0) return `${t.alerts} alerts; no labels to check them against`;
  const precision = t.alertsOnLabelled === 0 ? 0 : t.truePositives / t.alertsOnLabelled;
  const recall = t.frauds === 0 ? 0 : t.truePositives / t.frauds;
  const patterns = Object.entries(t.patterns)
    .filter(([name]) => name !== "none")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, p]) => `${name} ${fixed(p.alerts / p.n, 2)}`);
  const per = patterns.length === 0 ? "" : `: ${patterns.join(", ")}`;
  return `${t.alerts} alerts; precision ${fixed(precision, 2)}, recall ${fixed(recall, 2)} against ${t.frauds} labelled frauds${per}`;
}

/** `streamine run fraud`: alerts as they come, then the summary as the last line. */
async function runFraud(opts: FraudFlags, io: CliIo): Promise<number> {
  const out = (line: string): boolean => io.stdout.write(`${line}\n`);
  const fail = (message: string): number => {
    io.stderr.write(`error: ${message}\n`);
    return 1;
  };
  if (opts.input !== undefined) {
    try {
      accessSync(opts.input, constants.R_OK);
      if (!statSync(opts.input).isFile()) return fail(`cannot read --input ${opts.input}: not a file`);
    } catch (e) {
      return fail(`cannot read --input ${opts.input}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // the generator is lazy: counting its transactions for the progress bar costs one quick pass
  const generated = (): number => {
    let n = 0;
    for (const _ of cardTransactions({ seed: opts.seed, cards: opts.cards, days: opts.days })) n++;
    return n;
  };
  const total = opts.input !== undefined || !opts.progress ? 0 : Math.min(opts.limit ?? Infinity, generated());
  const bar = progressBar(io, total > 0, total, "transactions");
  const job: FraudJobOptions = {
    cardThreshold: opts.cardThreshold,
    globalThreshold: opts.threshold,
    batchSize: opts.batchSize,
    checkpointEveryMs: opts.checkpointEveryMs,
    ...(opts.input === undefined ? { cards: opts.cards, days: opts.days, seed: opts.seed } : { input: opts.input }),
    ...(opts.limit === undefined ? {} : { limit: opts.limit }),
    ...(opts.nats === undefined ? {} : { nats: opts.nats }),
    ...(opts.output === undefined ? {} : { output: opts.output }),
    ...(opts.checkpoint === undefined ? {} : { checkpointDir: opts.checkpoint }),
    ...(bar === null ? {} : { onProgress: (n: number) => bar.update(Math.min(n, total)) }),
    onPrediction: (p) => {
      if (p.isAnomaly) out(alertRow(p));
    },
  };
  const from = opts.input === undefined ? `${opts.cards} generated cards × ${opts.days} days (seed ${opts.seed})` : `transactions from ${opts.input}`;
  out(`fraud: ${from}, a BestDetector per card (threshold ${opts.cardThreshold}) and a global one (threshold ${opts.threshold}); alerts:`);
  try {
    const r = await runFraudJob(job);
    bar?.stop();
    const where = opts.output ?? (opts.nats === undefined ? "the embedded bus" : opts.nats);
    const rate = r.seconds > 0 ? Math.round(r.recordsThisRun / r.seconds).toLocaleString("en-US") : "∞";
    out(`fraud: ${r.records} records in, ${r.predictions} predictions out to ${where} (${truth(r)}), ${r.deadLetters} dead letters; ${fixed(r.seconds, 2)} s (${rate} records/s)`);
    return 0;
  } catch (e) {
    bar?.stop();
    return fail(e instanceof Error ? e.message : String(e));
  }
}
