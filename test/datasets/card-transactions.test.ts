// The seeded card-transaction generator: deterministic, in event-time order, each fraud pattern
// present and shaped as documented, genuine behaviour tied to each card.
import { describe, expect, it } from "vitest";
import { cardTransactions, type CardTransaction } from "streamine/datasets";

const txs = [...cardTransactions({ seed: 3, cards: 500, days: 14, cardTestingRate: 0.01, takeoverRate: 0.005, merchantBurstRate: 0.01 })];
const byPattern = (p: CardTransaction["pattern"]): CardTransaction[] => txs.filter((t) => t.pattern === p);

/** Runs of consecutive (by time) same-pattern transactions of one card, for the per-card patterns. */
function incidents(pattern: "cardTesting" | "accountTakeover", gapMs: number): CardTransaction[][] {
  const perCard = new Map<string, CardTransaction[]>();
  for (const t of byPattern(pattern)) perCard.set(t.card, [...(perCard.get(t.card) ?? []), t]);
  const out: CardTransaction[][] = [];
  for (const list of perCard.values()) {
    let run: CardTransaction[] = [];
    for (const t of list) {
      if (run.length > 0 && t.ts - (run[run.length - 1] as CardTransaction).ts > gapMs) {
        out.push(run);
        run = [];
      }
      run.push(t);
    }
    out.push(run);
  }
  return out;
}

describe("cardTransactions", () => {
  it("replays identically for the same seed and differs for another", () => {
    const a = [...cardTransactions({ seed: 9, cards: 50, days: 2 })];
    expect([...cardTransactions({ seed: 9, cards: 50, days: 2 })]).toEqual(a);
    expect([...cardTransactions({ seed: 10, cards: 50, days: 2 })]).not.toEqual(a);
  });

  it("yields in event-time order with unique ids, positive two-decimal amounts and valid labels", () => {
    expect(txs.length).toBeGreaterThan(10_000);
    expect(new Set(txs.map((t) => t.id)).size).toBe(txs.length);
    for (let i = 1; i < txs.length; i++) expect((txs[i] as CardTransaction).ts).toBeGreaterThanOrEqual((txs[i - 1] as CardTransaction).ts);
    for (const t of txs) {
      expect(t.amount).toBeGreaterThan(0);
      expect(Math.round(t.amount * 100) / 100).toBe(t.amount);
      expect(t.fraud).toBe(t.pattern !== "none");
      expect(t.ts).toBeGreaterThanOrEqual(0);
      expect(t.ts).toBeLessThan(14 * 86_400_000);
    }
  });

  it("card testing: bursts of 5–20 online charges of 0.50–5.00 on one card, 10–60 s apart", () => {
    const runs = incidents("cardTesting", 60_000);
    expect(runs.length).toBeGreaterThan(10);
    for (const run of runs) {
      expect(run.length).toBeGreaterThanOrEqual(5);
      expect(run.length).toBeLessThanOrEqual(20);
      for (const t of run) {
        expect(t.category).toBe("online");
        expect(t.amount).toBeGreaterThanOrEqual(0.5);
        expect(t.amount).toBeLessThanOrEqual(5);
      }
      for (let i = 1; i < run.length; i++) expect((run[i] as CardTransaction).ts - (run[i - 1] as CardTransaction).ts).toBeGreaterThanOrEqual(10_000);
    }
  });

  it("account takeover: foreign, risky categories, several times the card's usual amounts", () => {
    const runs = incidents("accountTakeover", 20 * 60_000);
    expect(runs.length).toBeGreaterThan(5);
    const home = new Map(txs.filter((t) => !t.fraud).map((t) => [t.card, t.country]));
    const usual = new Map<string, number[]>();
    for (const t of txs) if (!t.fraud) usual.set(t.card, [...(usual.get(t.card) ?? []), t.amount]);
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
    let above = 0;
    let total = 0;
    for (const run of runs) {
      for (const t of run) {
        expect(["electronics", "travel", "cash"]).toContain(t.category);
        expect(t.country).not.toBe(home.get(t.card));
        total++;
        if (t.amount > 2 * median(usual.get(t.card) ?? [Infinity])) above++;
      }
    }
    expect(above / total).toBeGreaterThan(0.7);
  });

  it("merchant burst: 10–40 charges at one merchant within 30 minutes, amounts within ±5 % of one value", () => {
    const perMerchantDay = new Map<string, CardTransaction[]>();
    for (const t of byPattern("merchantBurst")) {
      const k = `${t.merchant}@${Math.floor(t.ts / 86_400_000)}`;
      perMerchantDay.set(k, [...(perMerchantDay.get(k) ?? []), t]);
    }
    expect(perMerchantDay.size).toBeGreaterThan(5);
    for (const burst of perMerchantDay.values()) {
      if (burst.length > 40) continue; // two bursts at one merchant on one day: rare, not separable here
      expect(burst.length).toBeGreaterThanOrEqual(10);
      const ts = burst.map((t) => t.ts);
      expect(Math.max(...ts) - Math.min(...ts)).toBeLessThan(30 * 60_000);
      const amounts = burst.map((t) => t.amount);
      expect(Math.max(...amounts) / Math.min(...amounts)).toBeLessThan(1.1 / 0.95 + 0.01);
    }
  });

  it("genuine spending stays at home, mostly at the card's favourite merchants", () => {
    const genuine = txs.filter((t) => !t.fraud);
    const countries = new Map<string, Set<string>>();
    const merchants = new Map<string, Map<string, number>>();
    for (const t of genuine) {
      countries.set(t.card, (countries.get(t.card) ?? new Set()).add(t.country));
      const m = merchants.get(t.card) ?? new Map<string, number>();
      m.set(t.merchant, (m.get(t.merchant) ?? 0) + 1);
      merchants.set(t.card, m);
    }
    for (const set of countries.values()) expect(set.size).toBe(1);
    // the six most used merchants of a card carry most of its genuine transactions
    let top = 0;
    for (const m of merchants.values()) top += [...m.values()].sort((a, b) => b - a).slice(0, 6).reduce((s, n) => s + n, 0);
    expect(top / genuine.length).toBeGreaterThan(0.75);
  });

  it("rejects unknown and out-of-range options, naming them", () => {
    expect(() => cardTransactions({ cards: 0 })).toThrow(/cards must be an integer ≥ 1, got 0/);
    expect(() => cardTransactions({ takeoverRate: 2 })).toThrow(/takeoverRate must be a number in \[0, 1\], got 2/);
    expect(() => cardTransactions({ cardz: 1 } as never)).toThrow(/unknown option "cardz"/);
  });
});
