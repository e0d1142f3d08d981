// Issue [nats] §1: "Keys idle longer than a TTL evict their model (bounded memory with unbounded
// keys; test it with 100k keys)". The model's TTL is keyed state TTL: 100k keys going idle leave
// the keyed state (incremental cleanup) and the checkpoints (full cleanup) with the live keys only.
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Pipeline, fromIterable, watermarks, type DataStream, type Scored } from "streamine";
import { EWZScore } from "streamine/algorithms";
import type { KeyedProcessOperator } from "../../../src/operators/keyed-process.js";
import { harness, TestClock, type Harness } from "../harness.js";

interface Rec {
  readonly k: string;
  readonly v: number;
}

const KEYS = 100_000;
const LIVE = 100;
const TTL = 60_000;

const detector = (): EWZScore => new EWZScore({ fading: 0.1 });
const build = (s: DataStream<Rec>): DataStream<Scored<string>> =>
  s.keyBy((r) => r.k).score(detector, { x: (r) => [r.v], order: "score-then-learn", ttl: { ttlMs: TTL } });

const backend = (h: Harness<Rec, Scored<string>>) => (h.operator() as KeyedProcessOperator).state;
const liveKey = (j: number): string => `k${j * 1_000}`;

/** Pushes `n` records in batches of 10k, record i being make(i). */
function push(h: Harness<Rec, Scored<string>>, n: number, make: (i: number) => Rec): void {
  for (let i = 0; i < n; i += 10_000) h.pushElements(Array.from({ length: Math.min(10_000, n - i) }, (_, j): [Rec, number] => [make(i + j), NaN]));
}

describe("idle keys lose their models (processing-time TTL)", () => {
  it("100k keys: keyed state and checkpoint shrink to the live keys; a live key keeps its model, an evicted key starts afresh", () => {
    const h = harness(build);
    const empty = h.snapshot().byteLength;
    push(h, KEYS, (i) => ({ k: `k${i}`, v: i % 7 }));
    expect(backend(h).keyCount()).toBe(KEYS);
    const full = h.snapshot().byteLength;

    // LIVE keys get a record at 30 s; the others stay idle and expire at 60 s
    h.advanceProcessingTime(30_000);
    push(h, LIVE, (j) => ({ k: liveKey(j), v: 3 }));
    h.advanceProcessingTime(TTL + 1);
    // incremental cleanup: 5 keys checked per record, so 20k records of live keys sweep all 100k
    h.takeOutput();
    push(h, 25_000, (i) => ({ k: liveKey(i % LIVE), v: i % 5 }));
    expect(backend(h).keyCount()).toBe(LIVE);
    const after = h.snapshot().byteLength;
    const perKey = (full - empty) / KEYS;
    console.log(`mining TTL: checkpoint bytes: empty ${empty}, ${KEYS} models ${full} (${perKey.toFixed(1)} B/key), ${LIVE} live models ${after}`);
    expect(after).toBeLessThan(0.01 * full);
    expect(after - empty).toBeLessThanOrEqual(2 * LIVE * perKey);

    // a live key's model continued; an evicted key's next record meets a fresh model (cold start: score 0)
    h.takeOutput();
    h.pushElements([
      [{ k: "k1", v: 1_000 }, NaN],
      [{ k: liveKey(1), v: 1_000 }, NaN],
    ]);
    const [evicted, live] = h.takeOutput();
    expect(evicted).toEqual({ key: "k1", ts: NaN, model: "EWZScore", score: 0 });
    expect(live?.score).toBeGreaterThan(10);
  }, 60_000);

  it("a key's TTL counts from its last record: one record per 50 s keeps a model alive for ever", () => {
    const h = harness(build);
    for (let t = 0; t <= 500_000; t += 50_000) {
      h.advanceProcessingTime(t);
      h.pushElement({ k: "steady", v: t === 500_000 ? 100 : 1 });
    }
    h.advanceProcessingTime(500_000 + TTL - 1);
    expect(backend(h).keyCount()).toBe(1);
    const scores = h.output().map((s) => s.score);
    expect(scores.at(-1)).toBeGreaterThan(10); // the 11-record model, not a fresh one
  });

  it("restored from a checkpoint, models keep their stamps and expire when they would have", () => {
    const h = harness(build);
    h.pushElements([
      [{ k: "a", v: 1 }, NaN],
      [{ k: "a", v: 2 }, NaN],
    ]);
    h.advanceProcessingTime(40_000);
    h.pushElements([
      [{ k: "b", v: 1 }, NaN],
      [{ k: "b", v: 2 }, NaN],
    ]);
    h.advanceProcessingTime(50_000);
    const h2 = harness(build, { restoreFrom: h.snapshot(), clock: new TestClock(50_000) });
    h2.advanceProcessingTime(TTL); // "a" (stamped 0) expires, "b" (40 s) does not
    h2.pushElements([
      [{ k: "a", v: 9 }, NaN],
      [{ k: "b", v: 9 }, NaN],
    ]);
    const [a, b] = h2.output();
    expect(a?.score).toBe(0); // a fresh model
    expect(b?.score).toBeGreaterThan(1); // the model of 1 and 2
    const kept = detector(); // had "a" kept its model, it would have scored like this
    kept.learnOne([1]);
    kept.learnOne([2]);
    expect(kept.scoreOne([9])).toBe(b?.score);
  });
});

describe("idle keys lose their models (event-time TTL) in a checkpointed pipeline", () => {
  it("the checkpoint files grow with 100k keys, then shrink to the live keys once the watermark passes their TTL", async () => {
    // phase 1: 100k keys, one record each, within the first 10 s of event time; phase 2: 100 keys, 50k records, 100 s…400 s
    const phase1 = Array.from({ length: KEYS }, (_, i) => ({ k: `k${i}`, v: i % 7, ts: Math.floor(i / 10) }));
    const phase2 = Array.from({ length: 50_000 }, (_, i) => ({ k: liveKey(i % LIVE), v: i % 5, ts: 100_000 + i * 6 }));
    const dir = join(mkdtempSync(join(tmpdir(), "mining-ttl-")), "ck");
    const p = Pipeline.create({ name: "ttl", batchSize: 1_000, checkpoint: { dir, everyRecords: 25_000, keep: 100 } });
    let n = 0;
    p.source(fromIterable([...phase1, ...phase2]))
      .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(0))
      .keyBy((r) => r.k)
      .score(detector, { x: (r) => [r.v], order: "score-then-learn", ttl: { ttlMs: TTL, timeCharacteristic: "event" } })
      .sink(() => void n++);
    await p.run();
    expect(n).toBe(phase1.length + phase2.length);
    const sizes = readdirSync(dir)
      .filter((f) => f.endsWith(".bin"))
      .sort()
      .map((f) => statSync(join(dir, f)).size);
    console.log(`mining event-time TTL: checkpoint sizes (every 25k records): ${sizes.join(", ")}`);
    expect(sizes).toHaveLength(6);
    const peak = Math.max(...sizes);
    expect(sizes.indexOf(peak)).toBe(3); // at 100k records: every key live
    // at 125k records the watermark is 100 000 + 25 000 × 6 = 250 000: every phase-1 model is 150 s idle
    expect(sizes[4]).toBeLessThan(0.01 * peak);
    expect(sizes[5]).toBeLessThan(0.01 * peak);
  }, 60_000);
});
