import { Random } from "../../algorithms/base/random.js";

/** The fraud pattern a transaction belongs to; "none" for a genuine one. @public */
export type FraudPattern = "none" | "cardTesting" | "accountTakeover" | "merchantBurst";

/** One card transaction of {@link cardTransactions}. @public */
export interface CardTransaction {
  /** `tx-<n>`, n in generation order (unique within the stream). */
  readonly id: string;
  /** Card id `card-<n>`, zero-padded to the width of the last id. */
  readonly card: string;
  /** Event time in ms. */
  readonly ts: number;
  /** Amount in the card's currency, two decimals, > 0. */
  readonly amount: number;
  /** Merchant id `m-<n>`. */
  readonly merchant: string;
  /** Merchant category: grocery, fuel, restaurant, travel, electronics, online, cash. */
  readonly category: string;
  /** ISO country code where the transaction happened. */
  readonly country: string;
  /** Ground truth: true for a fraudulent transaction. */
  readonly fraud: boolean;
  /** Ground truth: which pattern produced it. */
  readonly pattern: FraudPattern;
}

/** Options of {@link cardTransactions}. @public */
export interface CardTransactionsOptions {
  /** Seed; default 42. Equal options give identical streams. */
  seed?: number;
  /** Number of cards; default 1_000. */
  cards?: number;
  /** Number of merchants; default 200. */
  merchants?: number;
  /** Days of event time; default 7. */
  days?: number;
  /** Event time of the stream's start in ms; default 0. */
  startMs?: number;
  /** Probability per card and day of a card-testing incident (a burst of tiny online charges); default 0.002. */
  cardTestingRate?: number;
  /** Probability per card and day that the card is taken over (large foreign charges for a few hours); default 0.001. */
  takeoverRate?: number;
  /** Probability per merchant and day of a compromised-merchant burst (many cards charged there within minutes); default 0.002. */
  merchantBurstRate?: number;
}

/** A re-iterable generated stream: each iteration replays the same transactions, in event-time order. @public */
export interface CardTransactionStream extends Iterable<CardTransaction> {
  /** The options with every default filled in. */
  readonly options: Readonly<Required<CardTransactionsOptions>>;
}

const DEFAULTS: Required<CardTransactionsOptions> = {
  seed: 42,
  cards: 1_000,
  merchants: 200,
  days: 7,
  startMs: 0,
  cardTestingRate: 0.002,
  takeoverRate: 0.001,
  merchantBurstRate: 0.002,
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const CATEGORIES = ["grocery", "fuel", "restaurant", "travel", "electronics", "online", "cash"] as const;
/** Typical amount scale per category (the median of its log-normal, before the card's own factor). */
const CATEGORY_SCALE = [45, 50, 30, 300, 250, 40, 100];
const HOME_COUNTRIES = ["DE", "FR", "NL", "ES", "IT"] as const;
const FOREIGN_COUNTRIES = ["US", "BR", "NG", "RU", "CN", "TH"] as const;

/**
 * A seeded stream of card transactions with labelled fraud, in event-time order: the synthetic
 * input of `streamine run fraud`, for fraud models with ground truth.
 *
 * @remarks
 * Genuine behaviour: each card has a home country, a spending factor (log-normal), 3–6
 * favourite merchants and 0.5–5 transactions a day, more by day than by night (a sine over the
 * day). Amounts are log-normal around the merchant category's scale times the card's factor.
 * Three fraud patterns, each labelled on every transaction it produces:
 * - `cardTesting`: 5–20 online charges of 0.50–5.00 on one card, 10–60 s apart.
 * - `accountTakeover`: for 1–4 hours the card spends 3–10× its usual amounts in a foreign country
 *   at electronics, travel or cash merchants, every 5–20 minutes.
 * - `merchantBurst`: a compromised merchant charges 10–40 random cards within 30 minutes, with
 *   similar amounts (±5 % around one value).
 * Generation is lazy, one day at a time: memory stays proportional to one day's transactions.
 * @param options - see {@link CardTransactionsOptions}; every option has a default.
 * @example
 * ```ts
 * import { cardTransactions } from "streamine/datasets";
 * const stream = cardTransactions({ seed: 1, cards: 200, days: 3 });
 * const txs = [...stream];
 * expect([...stream]).toEqual(txs); // the same seed replays the same stream
 * expect(txs.every((t, i) => i === 0 || t.ts >= (txs[i - 1]?.ts ?? 0))).toBe(true); // event-time order
 * const fraud = txs.filter((t) => t.fraud);
 * expect(fraud.length).toBeGreaterThan(0);
 * expect(fraud.every((t) => t.pattern !== "none")).toBe(true);
 * ```
 * @public
 */
export function cardTransactions(options: CardTransactionsOptions = {}): CardTransactionStream {
  const o = resolveOptions(options);
  return { options: o, [Symbol.iterator]: () => generate(o) };
}

function resolveOptions(options: CardTransactionsOptions): Readonly<Required<CardTransactionsOptions>> {
  const where = "cardTransactions";
  if (typeof options !== "object" || options === null) throw new TypeError(`${where}: options must be an object`);
  for (const key of Object.keys(options)) {
    if (!(key in DEFAULTS)) throw new TypeError(`${where}: unknown option "${key}" (allowed: ${Object.keys(DEFAULTS).join(", ")})`);
  }
  const o = { ...DEFAULTS };
  for (const [key, value] of Object.entries(options) as [keyof CardTransactionsOptions, number | undefined][]) {
    if (value !== undefined) o[key] = value;
  }
  const integer = (name: keyof CardTransactionsOptions, min: number): void => {
    const v = o[name];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) throw new RangeError(`${where}: ${name} must be an integer ≥ ${min}, got ${String(v)}`);
  };
  integer("seed", -(2 ** 31));
  integer("cards", 1);
  integer("merchants", 1);
  integer("days", 0);
  integer("startMs", Number.MIN_SAFE_INTEGER);
  for (const name of ["cardTestingRate", "takeoverRate", "merchantBurstRate"] as const) {
    const v = o[name];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new RangeError(`${where}: ${name} must be a number in [0, 1], got ${String(v)}`);
  }
  return Object.freeze(o);
}

interface Card {
  readonly id: string;
  readonly home: string;
  readonly spend: number;
  readonly perDay: number;
  readonly favourites: readonly number[];
}

interface Merchant {
  readonly id: string;
  readonly category: number;
  readonly online: boolean;
}

type Draft = Omit<CardTransaction, "id">;

function* generate(o: Readonly<Required<CardTransactionsOptions>>): Generator<CardTransaction, void, undefined> {
  const rng = new Random(o.seed);
  const merchants: Merchant[] = [];
  const merchantWidth = String(o.merchants - 1).length;
  for (let m = 0; m < o.merchants; m++) {
    const category = rng.nextInt(CATEGORIES.length);
    merchants.push({ id: `m-${String(m).padStart(merchantWidth, "0")}`, category, online: CATEGORIES[category] === "online" });
  }
  const online = merchants.filter((m) => m.online);
  const risky = merchants.filter((m) => ["electronics", "travel", "cash"].includes(CATEGORIES[m.category] as string));
  const cardWidth = String(o.cards - 1).length;
  const cards: Card[] = [];
  for (let c = 0; c < o.cards; c++) {
    const favourites = Array.from({ length: 3 + rng.nextInt(4) }, () => rng.nextInt(o.merchants));
    cards.push({
      id: `card-${String(c).padStart(cardWidth, "0")}`,
      home: HOME_COUNTRIES[rng.nextInt(HOME_COUNTRIES.length)] as string,
      spend: Math.exp(0.4 * rng.nextGaussian()),
      perDay: 0.5 + 4.5 * rng.next(),
      favourites,
    });
  }
  const amountAt = (m: Merchant, factor: number): number => round2(Math.max(0.01, (CATEGORY_SCALE[m.category] as number) * factor * Math.exp(0.5 * rng.nextGaussian())));
  let serial = 0;
  for (let day = 0; day < o.days; day++) {
    const dayStart = o.startMs + day * DAY_MS;
    const drafts: Draft[] = [];
    for (const card of cards) {
      const n = poisson(rng, card.perDay);
      for (let i = 0; i < n; i++) {
        const merchant = merchants[rng.next() < 0.8 ? (card.favourites[rng.nextInt(card.favourites.length)] as number) : rng.nextInt(o.merchants)] as Merchant;
        drafts.push({ card: card.id, ts: dayStart + daytimeOffset(rng), amount: amountAt(merchant, card.spend), merchant: merchant.id, category: CATEGORIES[merchant.category] as string, country: card.home, fraud: false, pattern: "none" });
      }
      if (online.length > 0 && rng.next() < o.cardTestingRate) {
        let ts = dayStart + rng.nextInt(DAY_MS - HOUR_MS);
        const charges = 5 + rng.nextInt(16);
        for (let i = 0; i < charges; i++) {
          const merchant = online[rng.nextInt(online.length)] as Merchant;
          drafts.push({ card: card.id, ts, amount: round2(0.5 + 4.5 * rng.next()), merchant: merchant.id, category: "online", country: card.home, fraud: true, pattern: "cardTesting" });
          ts += 10_000 + rng.nextInt(50_001);
        }
      }
      if (risky.length > 0 && rng.next() < o.takeoverRate) {
        const country = FOREIGN_COUNTRIES[rng.nextInt(FOREIGN_COUNTRIES.length)] as string;
        let ts = dayStart + rng.nextInt(DAY_MS - 4 * HOUR_MS);
        const end = ts + HOUR_MS + rng.nextInt(3 * HOUR_MS);
        while (ts < end) {
          const merchant = risky[rng.nextInt(risky.length)] as Merchant;
          drafts.push({ card: card.id, ts, amount: amountAt(merchant, card.spend * (3 + 7 * rng.next())), merchant: merchant.id, category: CATEGORIES[merchant.category] as string, country, fraud: true, pattern: "accountTakeover" });
          ts += 5 * MINUTE_MS + rng.nextInt(15 * MINUTE_MS);
        }
      }
    }
    for (const merchant of merchants) {
      if (rng.next() >= o.merchantBurstRate) continue;
      const start = dayStart + rng.nextInt(DAY_MS - 30 * MINUTE_MS);
      const value = amountAt(merchant, 1);
      const victims = 10 + rng.nextInt(31);
      for (let i = 0; i < victims; i++) {
        const card = cards[rng.nextInt(cards.length)] as Card;
        drafts.push({ card: card.id, ts: start + rng.nextInt(30 * MINUTE_MS), amount: round2(Math.max(0.01, value * (0.95 + 0.1 * rng.next()))), merchant: merchant.id, category: CATEGORIES[merchant.category] as string, country: card.home, fraud: true, pattern: "merchantBurst" });
      }
    }
    // stable: equal timestamps keep generation order
    drafts.sort((a, b) => a.ts - b.ts);
    for (const d of drafts) yield { id: `tx-${serial++}`, ...d };
  }
}

/** An offset into the day, denser by day: rejection sampling against 0.2 + 0.8·(1 − cos(2π·t/day))/2. */
function daytimeOffset(rng: Random): number {
  for (;;) {
    const t = rng.nextInt(DAY_MS);
    const density = 0.2 + 0.4 * (1 - Math.cos((2 * Math.PI * t) / DAY_MS));
    if (rng.next() < density) return t;
  }
}

/** Knuth's Poisson sampler (λ is at most 5 here). */
function poisson(rng: Random, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
