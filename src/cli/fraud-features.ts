import type { Collector, KeyedProcessContext, KeyedProcessFunction, KeyedRuntimeContext, ValueState } from "../index.js";
import { ValueStateDescriptor } from "../index.js";
import type { FraudTransaction } from "./fraud-input.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The gap a card's first transaction gets: one day, an ordinary gap between two purchases. */
const FIRST_GAP_S = 86_400;

/** The features both fraud models score, in vector order. */
export const FRAUD_FEATURES = ["merchantCount", "logAmount", "amountVsCard", "logGapS", "foreign", "cardCount1h"] as const;

/** What the two keyed feature functions know about a transaction. */
export interface FraudFeatures {
  /** Transactions at this merchant in the `merchantWindowMs` before this one (all cards). */
  readonly merchantCount: number;
  /** ln(1 + amount). */
  readonly logAmount: number;
  /** logAmount minus the mean logAmount of the card's transactions older than an hour; 0 without any. */
  readonly amountVsCard: number;
  /** ln(1 + seconds since the card's previous transaction); one day for its first. */
  readonly logGapS: number;
  /** 1 when the country is not the card's usual country (the one it was used in on the most days), else 0. */
  readonly foreign: number;
  /** The card's transactions in the hour before this one. */
  readonly cardCount1h: number;
}

/** A transaction on its way through the job: the merchant stage sets `merchantCount`, the card stage `features` and `x`. */
export interface FeaturedTransaction {
  readonly tx: FraudTransaction;
  readonly features: FraudFeatures;
  /** {@link FRAUD_FEATURES} as a vector, read by both models. */
  readonly x: Float64Array;
}

/**
 * keyBy(merchant): counts the merchant's transactions in the last `windowMs` of event time, the
 * signal of a compromised merchant charging many cards at once. State: the merchant's recent
 * timestamps, which expire with event-time TTL so that quiet merchants cost nothing.
 */
export class MerchantVelocity implements KeyedProcessFunction<string, FraudTransaction, { tx: FraudTransaction; merchantCount: number }> {
  private recent!: ValueState<readonly number[]>;

  constructor(private readonly windowMs: number) {}

  open(ctx: KeyedRuntimeContext): void {
    this.recent = ctx.getState(new ValueStateDescriptor<readonly number[]>("recent", [], { ttl: { ttlMs: this.windowMs, timeCharacteristic: "event" } }));
  }

  processElement(tx: FraudTransaction, _ctx: KeyedProcessContext<string>, out: Collector<{ tx: FraudTransaction; merchantCount: number }>): void {
    const since = tx.ts - this.windowMs;
    const recent = this.recent.value().filter((ts) => ts > since);
    const merchantCount = recent.length;
    recent.push(tx.ts);
    this.recent.update(recent);
    out.collect({ tx, merchantCount });
  }
}

/** What the card stage keeps per card (plain data, checkpointed as it is). */
interface CardProfile {
  /** Transactions older than an hour, folded into the amount profile: count and Σ logAmount. */
  readonly settled: number;
  readonly settledLogSum: number;
  /** The last hour's transactions as [ts, logAmount], oldest first. */
  readonly lastHour: readonly (readonly [number, number])[];
  readonly lastTs: number | null;
  /** Per country: the number of distinct UTC days the card was used there, and the last of them. */
  readonly countries: Readonly<Record<string, readonly [number, number]>>;
  readonly usual: string | null;
}

const EMPTY_PROFILE: CardProfile = { settled: 0, settledLogSum: 0, lastHour: [], lastTs: null, countries: {}, usual: null };

/**
 * keyBy(card): the card's features, each measured against the card's own past.
 *
 * The amount profile lags an hour (a transaction joins it once it is an hour old), so a burst of
 * charges is compared with the card as it was before the burst rather than with itself. The
 * usual country is the one the card was used in on the most days (ties keep the earlier), not
 * the most transactions: a takeover's dozen foreign charges in an afternoon do not make the
 * foreign country usual, while a card that moves abroad for good gets a new usual country in a
 * few days.
 */
export class CardFeatures implements KeyedProcessFunction<string, { tx: FraudTransaction; merchantCount: number }, FeaturedTransaction> {
  private profile!: ValueState<CardProfile>;

  open(ctx: KeyedRuntimeContext): void {
    this.profile = ctx.getState(new ValueStateDescriptor<CardProfile>("profile", EMPTY_PROFILE));
  }

  processElement(r: { tx: FraudTransaction; merchantCount: number }, _ctx: KeyedProcessContext<string>, out: Collector<FeaturedTransaction>): void {
    const { tx, merchantCount } = r;
    const p = this.profile.value();
    const logAmount = Math.log1p(tx.amount);

    let settled = p.settled;
    let settledLogSum = p.settledLogSum;
    const lastHour: (readonly [number, number])[] = [];
    for (const entry of p.lastHour) {
      if (entry[0] <= tx.ts - HOUR_MS) {
        settled++;
        settledLogSum += entry[1];
      } else lastHour.push(entry);
    }
    const cardCount1h = lastHour.length;
    lastHour.push([tx.ts, logAmount]);

    const day = Math.floor(tx.ts / DAY_MS);
    const seen = p.countries[tx.country];
    const days = seen === undefined ? 1 : seen[1] === day ? seen[0] : seen[0] + 1;
    const countries = seen !== undefined && seen[1] === day ? p.countries : { ...p.countries, [tx.country]: [days, day] as const };
    const usualDays = p.usual === null ? 0 : (countries[p.usual]?.[0] ?? 0);
    const usual = p.usual === null || days > usualDays ? tx.country : p.usual;
    this.profile.update({ settled, settledLogSum, lastHour, lastTs: tx.ts, countries, usual });

    const features: FraudFeatures = {
      merchantCount,
      logAmount,
      amountVsCard: settled === 0 ? 0 : logAmount - settledLogSum / settled,
      // a file may hold a transaction older than the card's previous one: no negative gaps
      logGapS: Math.log1p(p.lastTs === null ? FIRST_GAP_S : Math.max(0, tx.ts - p.lastTs) / 1_000),
      foreign: p.usual !== null && tx.country !== p.usual ? 1 : 0,
      cardCount1h,
    };
    const x = new Float64Array(FRAUD_FEATURES.length);
    for (let i = 0; i < FRAUD_FEATURES.length; i++) x[i] = features[FRAUD_FEATURES[i] as keyof FraudFeatures];
    out.collect({ tx, features, x });
  }
}
