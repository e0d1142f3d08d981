import type { Estimator } from "../base/estimator.js";
import { EstimatorConfigError, EstimatorInputError } from "../base/input-error.js";
import { Random } from "../base/random.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, received, withDefaults } from "../base/validate.js";
import { fmix32 } from "../kernels/fmix32.js";
import { checkCount, checkItem, checkK, hashItem, readItem, writeItem, type ItemCount, type SketchItem } from "./item.js";

/** Options of {@link CountMinSketch}. @public */
export interface CountMinSketchOptions {
  /** Error bound ε in (0, 1); default 0.001: width ⌈e/ε⌉, and an estimate overcounts by more than εN with probability ≤ δ. */
  epsilon?: number;
  /** Failure probability δ in (0, 1); default 0.01: depth ⌈ln(1/δ)⌉. */
  delta?: number;
  /** Conservative update (Estan & Varghese 2002): raise only the counters below the new minimum; default false. */
  conservative?: boolean;
  /** Heavy-hitter candidates kept for `top(k)` (0: none, `top` is unavailable); default 0. */
  track?: number;
  /** Seed of the hash functions; default 42. Only sketches with equal seeds (and sizes) merge. */
  seed?: number;
}

type Options = Required<CountMinSketchOptions>;

const DEFAULTS: Options = { epsilon: 0.001, delta: 0.01, conservative: false, track: 0, seed: 42 };
const TAG = "CountMinSketch";
const VERSION = 1;
const MAX_CELLS = 2 ** 26;
const TWO_POW_MINUS_32 = 2 ** -32;

/**
 * Count-Min sketch (Cormode & Muthukrishnan 2005): a depth × width array of counters; an item
 * adds its count to one counter per row, chosen by that row's hash, and its estimate is the
 * minimum of those counters.
 *
 * @remarks
 * With width ⌈e/ε⌉ and depth ⌈ln(1/δ)⌉, after N total weight: f ≤ `estimate` always, and
 * `estimate` ≤ f + εN with probability ≥ 1 − δ for each item. Conservative update (Estan &
 * Varghese 2002) raises each of the item's counters only to (minimum + count): the same
 * guarantees with smaller overcounts, but then `merge` gives an upper bound of the one-pass
 * sketch rather than an equal one. Update and estimate cost O(depth); row hashes come from one
 * seeded 32-bit item hash by double hashing (Kirsch & Mitzenmacher 2006).
 *
 * Count-Min keeps no items: with option `track` = t > 0 it also keeps the t items of largest
 * estimate seen (each checked against the smallest candidate on update, an O(t) scan only when
 * a candidate is replaced) so that `top(k ≤ t)` can answer.
 *
 * `merge` adds the counters of a sketch with the same width, depth and seed: for plain updates
 * the result is identical to one sketch over both streams.
 *
 * @example
 * ```ts
 * import { CountMinSketch } from "streamine/algorithms";
 * const cms = new CountMinSketch({ epsilon: 0.01, delta: 0.01 }); // 272 × 5 counters
 * for (let i = 0; i < 1000; i++) cms.update(i % 10 === 0 ? "hot" : i);
 * expect(cms.estimate("hot")).toBeGreaterThanOrEqual(100); // never undercounts
 * expect(cms.estimate("hot")).toBeLessThanOrEqual(100 + 0.01 * 1000); // ≤ f + εN (w.p. ≥ 1 − δ)
 * ```
 * @see G. Cormode, S. Muthukrishnan, "An improved data stream summary: the count-min sketch and its applications", J. Algorithms 55(1) (2005).
 * @see C. Estan, G. Varghese, "New directions in traffic measurement and accounting", SIGCOMM 2002.
 * @public
 */
export class CountMinSketch implements Estimator<CountMinSketchOptions> {
  static readonly testParams: readonly CountMinSketchOptions[] = [
    { epsilon: 0.1, delta: 0.1 },
    { epsilon: 0.01, delta: 0.01, conservative: true, seed: 7 },
    { epsilon: 0.05, delta: 0.05, track: 5 },
  ];

  readonly options: Readonly<Options>;
  /** Counters per row. */
  readonly width: number;
  /** Rows. */
  readonly depth: number;
  private readonly cells: Float64Array;
  /** Row indices of the current item (conservative update reads them twice). */
  private readonly at: Int32Array;
  private readonly seed0: number;
  private readonly seed1: number;
  // Copies of options read on every update (a frozen object's fields are slower to reach).
  private readonly conservative: boolean;
  private readonly track: number;
  private readonly candidates = new Map<SketchItem, number>();
  /** A lower bound of the smallest candidate estimate (candidates only grow). */
  private candidateFloor = 0;
  private n = 0;

  /** @param options - see {@link CountMinSketchOptions}; defaults ε 0.001, δ 0.01, plain update, no tracking, seed 42. */
  constructor(options?: CountMinSketchOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(typeof o.epsilon === "number" && o.epsilon > 0 && o.epsilon < 1, where, "epsilon", "a number in (0, 1)", o.epsilon);
    checkOption(typeof o.delta === "number" && o.delta > 0 && o.delta < 1, where, "delta", "a number in (0, 1)", o.delta);
    checkOption(typeof o.conservative === "boolean", where, "conservative", "a boolean", o.conservative);
    checkOption(Number.isSafeInteger(o.track) && o.track >= 0 && o.track <= 2 ** 20, where, "track", "an integer in [0, 2^20]", o.track);
    checkOption(Number.isSafeInteger(o.seed), where, "seed", "an integer", o.seed);
    this.width = Math.ceil(Math.E / o.epsilon);
    this.depth = Math.max(1, Math.ceil(Math.log(1 / o.delta)));
    if (this.width * this.depth > MAX_CELLS) {
      throw new EstimatorConfigError(`${where}: epsilon ${o.epsilon} and delta ${o.delta} need ${this.width}×${this.depth} counters, more than ${MAX_CELLS}; raise epsilon or delta`);
    }
    this.options = o;
    this.cells = new Float64Array(this.width * this.depth);
    this.at = new Int32Array(this.depth);
    const random = new Random(o.seed);
    this.seed0 = Math.floor(random.next() * 2 ** 32) >>> 0;
    this.seed1 = Math.floor(random.next() * 2 ** 32) >>> 0;
    this.conservative = o.conservative;
    this.track = o.track;
  }

  /** Total weight seen (N). */
  get total(): number {
    return this.n;
  }

  /** Counts `count` (default 1, any finite weight > 0) occurrences of `item`. */
  update(item: SketchItem, count = 1): void {
    checkItem(`${TAG}.update`, item);
    checkCount(`${TAG}.update`, count);
    this.n += count;
    this.locate(item);
    const { cells, at, depth } = this;
    let est = Infinity;
    if (this.conservative) {
      for (let i = 0; i < depth; i++) est = Math.min(est, cells[at[i] as number] as number);
      est += count;
      for (let i = 0; i < depth; i++) {
        const j = at[i] as number;
        if ((cells[j] as number) < est) cells[j] = est;
      }
    } else {
      for (let i = 0; i < depth; i++) {
        const j = at[i] as number;
        const c = (cells[j] as number) + count;
        cells[j] = c;
        if (c < est) est = c;
      }
    }
    if (this.track > 0) this.offer(item, est);
  }

  /** The estimated count of `item`: never below its true count; above it by ≤ εN with probability ≥ 1 − δ. */
  estimate(item: SketchItem): number {
    checkItem(`${TAG}.estimate`, item);
    this.locate(item);
    let min = Infinity;
    for (let i = 0; i < this.depth; i++) min = Math.min(min, this.cells[this.at[i] as number] as number);
    return min;
  }

  /** The `k` ≤ `track` tracked items of largest current estimate, largest first; `error` is εN. */
  top(k: number): ItemCount[] {
    checkK(`${TAG}.top`, k);
    if (k > this.options.track) {
      throw new EstimatorInputError(`${TAG}.top: k = ${k} exceeds option track = ${this.options.track}; construct with track ≥ k to keep candidates`);
    }
    const error = this.options.epsilon * this.n;
    const out: ItemCount[] = [];
    for (const item of this.candidates.keys()) out.push({ item, count: this.estimate(item), error });
    return out.sort((a, b) => b.count - a.count).slice(0, k);
  }

  /** Adds the counters of `other` (same epsilon, delta and seed) into this sketch. */
  merge(other: CountMinSketch): void {
    const where = `${TAG}.merge`;
    if (!(other instanceof CountMinSketch)) throw new EstimatorInputError(`${where}: other must be a CountMinSketch, got ${received(other)}`);
    if (other.width !== this.width || other.depth !== this.depth || other.options.seed !== this.options.seed) {
      throw new EstimatorInputError(
        `${where}: sketches differ (${this.width}×${this.depth} seed ${this.options.seed} vs ${other.width}×${other.depth} seed ${other.options.seed}); merge sketches built with equal epsilon, delta and seed`,
      );
    }
    const cells = this.cells;
    for (let j = 0; j < cells.length; j++) cells[j] = (cells[j] as number) + (other.cells[j] as number);
    this.n += other.n;
    if (this.track > 0) for (const item of other.candidates.keys()) this.offer(item, this.estimate(item));
  }

  /** Layout (version 1): options; N (f64); counters (f64s); candidates (u32 count, then item and recorded estimate each). */
  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    w.f64(this.n).f64(this.candidateFloor).f64s(this.cells).u32(this.candidates.size);
    for (const [item, est] of this.candidates) {
      writeItem(w, item);
      w.f64(est);
    }
    return w.finish();
  }

  static restore(bytes: Uint8Array): CountMinSketch {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const cms = new CountMinSketch(options as CountMinSketchOptions);
    cms.n = reader.f64();
    cms.candidateFloor = reader.f64();
    const cells = reader.f64s();
    if (cells.length !== cms.cells.length) throw new EstimatorConfigError(`${TAG}.restore: snapshot holds ${cells.length} counters, expected ${cms.cells.length}`);
    cms.cells.set(cells);
    const size = reader.u32();
    for (let i = 0; i < size; i++) cms.candidates.set(readItem(reader), reader.f64());
    reader.end();
    return cms;
  }

  /**
   * Fills `at` with the item's counter index in each row: double hashing (h + i·step) of the
   * seeded item hash, reduced to [0, width) by multiply-shift (Lemire's fastrange) rather than `%`
   * (test/bench/sketches.bench.ts; plain version: `i * width + (h % width)`).
   */
  private locate(item: SketchItem): void {
    let h = hashItem(item, this.seed0);
    const step = fmix32((h ^ this.seed1) >>> 0) | 1;
    const { at, width } = this;
    for (let i = 0, base = 0; i < at.length; i++, base += width) {
      at[i] = base + ((h * width * TWO_POW_MINUS_32) | 0);
      h = (h + step) >>> 0;
    }
  }

  /** Keeps `item` among the candidates if its estimate beats the smallest one. */
  private offer(item: SketchItem, est: number): void {
    const c = this.candidates;
    if (c.has(item) || c.size < this.track) {
      c.set(item, est);
      return;
    }
    if (est <= this.candidateFloor) return;
    let minItem: SketchItem | null = null;
    let min = Infinity;
    for (const [other, recorded] of c) {
      if (recorded < min) {
        min = recorded;
        minItem = other;
      }
    }
    if (minItem !== null && est > min) {
      c.delete(minItem);
      c.set(item, est);
      min = est;
      for (const recorded of c.values()) if (recorded < min) min = recorded;
    }
    this.candidateFloor = min;
  }
}
