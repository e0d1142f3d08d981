import { BestDetector } from "../../algorithms/index.js";
import { defaultBus, Pipeline, subjectToken, toFile, toNats, watermarks, type OperatorCounters } from "../index.js";
import { CardFeatures, MerchantVelocity, type FeaturedTransaction, type FraudFeatures } from "./fraud-features.js";
import { fileTransactions, generatedTransactions, limitSource } from "./fraud-input.js";
import { ScoreWithModel, type FraudModel, type Verdict } from "./fraud-scoring.js";
import { EMPTY_TALLY, TallyFraud, type FraudTally } from "./fraud-tally.js";

/**
 * The card model: one BestDetector per card over the card's own transactions. A card makes a few
 * transactions a day, so the detector's defaults (a 50-record warm-up, 10 neighbours) would never
 * score: it starts after 5 records, with 3 neighbours, and remembers 200. With so few records
 * calibrated, a score ≥ 0.995 means a nonconformity many times the largest the card has shown
 * (1 − (max/a)/(n + 1) ≥ 0.995: a ≥ 10·max at n = 19), so it flags only what is extreme for that card.
 */
export const CARD_MODEL: FraudModel = {
  model: "fraud",
  create: () => new BestDetector({ k: 3, warmUp: 5, windowSize: 200, calibrationSize: 200 }),
  restorer: BestDetector,
  threshold: 0.995,
  protectAfter: 10,
};

/**
 * The global model: one BestDetector (its defaults: the last 1,200 transactions of every card,
 * 1,200 calibrated nonconformities) over the same card-relative features, keyed by a constant.
 * Any score ≥ 1200/1201 ≈ 0.99917 means "above every calibrated nonconformity"; at 0.999 every
 * such record is flagged and, protected, never calibrated, so the largest calibrated value can
 * only fall and false alarms grow day after day (on the default stream: 1, 1, 7, 34, 49, 96, 74;
 * precision 0.50). At 0.9993 a record must exceed that largest value by 19 %; those in between
 * are learned, so the calibration follows the stream (0, 1, 0, 10, 8, 4, 8; precision 0.88).
 */
export const GLOBAL_MODEL: FraudModel = {
  model: "fraud-global",
  create: () => new BestDetector(),
  restorer: BestDetector,
  threshold: 0.9993,
  protectAfter: 1_200,
};

/** The merchant-velocity window: a compromised merchant charges its victims within half an hour. */
export const MERCHANT_WINDOW_MS = 30 * 60_000;

/** Options of {@link runFraudJob}. */
export interface FraudJobOptions {
  /** A CSV or JSON Lines file of transactions (see `fileTransactions`); default the seeded generator. */
  readonly input?: string;
  readonly cards?: number;
  readonly days?: number;
  readonly seed?: number;
  /** Only the first `limit` transactions. */
  readonly limit?: number;
  readonly batchSize?: number;
  /** Overrides {@link CARD_MODEL}'s and {@link GLOBAL_MODEL}'s thresholds. */
  readonly cardThreshold?: number;
  readonly globalThreshold?: number;
  /** Writes each prediction as a JSON line (exactly once under checkpoints). */
  readonly output?: string;
  readonly checkpointDir?: string;
  readonly checkpointEveryMs?: number;
  /** Publishes predictions to `predictions.fraud.<card>` and dead letters to `streamine.deadletter` on this NATS server; default the embedded bus. */
  readonly nats?: string;
  /** Called with every prediction as it is made. */
  readonly onPrediction?: (p: FraudPrediction) => void;
  readonly onProgress?: (recordsRead: number) => void;
}

/** One prediction per transaction, on `predictions.fraud.<subjectToken(card)>`. */
export interface FraudPrediction {
  /** The card. */
  readonly key: string;
  readonly id: string;
  readonly ts: number;
  readonly model: "fraud";
  /** An alert: the card model or the global model flagged it. */
  readonly isAnomaly: boolean;
  /** The models that flagged it: "fraud" (the card's), "fraud-global". */
  readonly flaggedBy: readonly string[];
  /** Each model's score, in [0, 1] (higher is more anomalous), and its threshold. */
  readonly scores: Readonly<Record<string, number>>;
  readonly thresholds: Readonly<Record<string, number>>;
  readonly amount: number;
  readonly merchant: string;
  readonly country: string;
  readonly features: FraudFeatures;
}

/** What {@link runFraudJob} measured. */
export interface FraudJobResult {
  /** Records the source read (bad rows included), over the whole input even when the run resumed from a checkpoint. */
  readonly records: number;
  /** Good records this run read (less than `records` after a resume), for its throughput. */
  readonly recordsThisRun: number;
  /** Predictions written or published. */
  readonly predictions: number;
  readonly deadLetters: number;
  readonly tally: FraudTally;
  readonly seconds: number;
  readonly metrics: Record<string, OperatorCounters>;
}

/** A transaction with both verdicts, and the models that flagged it (empty: no alert). */
type Scored = FeaturedTransaction & { readonly card: Verdict; readonly global: Verdict; readonly flaggedBy: readonly string[] };

/**
 * The fraud job: transactions → event time → keyBy(merchant): merchant velocity → keyBy(card):
 * card features → keyBy(card): the card's model → keyBy(constant): the global model → one
 * prediction per transaction with both scores, an alert when either model flags, on the bus (or
 * NATS, or a file); dead letters on `streamine.deadletter`. All state is keyed state, so a
 * checkpoint holds all of it.
 */
export async function runFraudJob(o: FraudJobOptions = {}): Promise<FraudJobResult> {
  const card = o.cardThreshold === undefined ? CARD_MODEL : { ...CARD_MODEL, threshold: o.cardThreshold };
  const global = o.globalThreshold === undefined ? GLOBAL_MODEL : { ...GLOBAL_MODEL, threshold: o.globalThreshold };
  const all = o.input === undefined ? generatedTransactions({ seed: o.seed ?? 42, cards: o.cards ?? 1_000, days: o.days ?? 7 }) : fileTransactions(o.input);
  const source = o.limit === undefined ? all : limitSource(all, o.limit);
  const p = Pipeline.create({
    name: "card-fraud",
    batchSize: o.batchSize ?? 1_024,
    ...(o.checkpointDir === undefined ? {} : { checkpoint: { dir: o.checkpointDir, everyMs: o.checkpointEveryMs ?? 1_000 } }),
  });
  const thresholds = { [card.model]: card.threshold, [global.model]: global.threshold };
  const scored = p
    .source(source)
    .uid("transactions")
    // in order from the generator; a file may be a little out of order, which the features tolerate
    .assignTimestamps((t) => t.ts, watermarks.boundedOutOfOrderness(0))
    .uid("event-time")
    .keyBy((t) => t.merchant)
    .process(new MerchantVelocity(MERCHANT_WINDOW_MS))
    .uid("merchant-features")
    .keyBy((r) => r.tx.card)
    .process(new CardFeatures())
    .uid("card-features")
    .keyBy((r) => r.tx.card)
    .process(new ScoreWithModel(card, (r: FeaturedTransaction) => r.x, (r, v) => ({ ...r, card: v })))
    .uid("card-model")
    .keyBy(() => "all")
    .process(
      new ScoreWithModel(global, (r: FeaturedTransaction & { card: Verdict }) => r.x, (r, v): Scored => {
        const by = [...(r.card.isAnomaly ? [card.model] : []), ...(v.isAnomaly ? [global.model] : [])];
        return { ...r, global: v, flaggedBy: by };
      }),
    )
    .uid("global-model");

  const predictions = scored
    .map((r): FraudPrediction => {
      const tx = r.tx;
      const prediction: FraudPrediction = {
        key: tx.card,
        id: tx.id,
        ts: tx.ts,
        model: "fraud",
        isAnomaly: r.flaggedBy.length > 0,
        flaggedBy: r.flaggedBy,
        scores: { [card.model]: r.card.score, [global.model]: r.global.score },
        thresholds,
        amount: tx.amount,
        merchant: tx.merchant,
        country: tx.country,
        features: r.features,
      };
      o.onPrediction?.(prediction);
      return prediction;
    })
    .uid("predictions");
  const on = o.nats === undefined ? { bus: defaultBus } : { servers: [o.nats] };
  if (o.output !== undefined) predictions.sink(toFile(o.output)).uid("output");
  else predictions.sink(toNats({ ...on, subject: (d: FraudPrediction) => `predictions.fraud.${subjectToken(d.key)}` })).uid("output");

  let tally = EMPTY_TALLY;
  scored
    .keyBy(() => "all")
    .process(new TallyFraud())
    .uid("tally")
    .sink((t) => {
      tally = t;
    })
    .uid("summary");
  p.deadLetters().uid("dead-letters").sink(toNats({ ...on, subject: "streamine.deadletter" })).uid("dead-letter-output");

  let recordsThisRun = 0;
  const onProgress = (n: number): void => {
    recordsThisRun = n;
    o.onProgress?.(n);
  };
  const started = performance.now();
  await p.run({ onProgress });
  const seconds = (performance.now() - started) / 1_000;
  const metrics = p.metrics();
  return {
    records: metrics["transactions"]?.in ?? 0,
    recordsThisRun,
    predictions: metrics["output"]?.out ?? 0,
    deadLetters: metrics["dead-letters"]?.in ?? 0,
    tally,
    seconds,
    metrics,
  };
}
