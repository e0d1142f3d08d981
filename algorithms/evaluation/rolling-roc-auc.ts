import { EstimatorConfigError, EstimatorInputError } from "../base/input-error.js";
import type { Label } from "../base/vector.js";
import { sameLabel, type Metric } from "./metric.js";
import type { ROCAUCOptions } from "./roc-auc.js";

/** Options of {@link RollingROCAUC}. @public */
export interface RollingROCAUCOptions extends ROCAUCOptions {
  /** The number of most recent samples the AUC covers; an integer ≥ 1, default 1000 (River). */
  windowSize?: number;
}

/**
 * Exact area under the ROC curve over the last `windowSize` samples (River
 * `metrics.RollingROCAUC`). Works with binary classification on the score of the positive
 * class, and with anomaly scores.
 *
 * @remarks
 * Keeps the window's positive and negative scores in two sorted arrays and the number of
 * correctly ordered (positive, negative) pairs, ties counting 1/2; a sample entering or leaving
 * the window changes that number by its pairs with the other class, found by binary search.
 * Each update costs O(log w) plus an O(w) array shift, and allocates nothing. 0 while the window
 * lacks either class (as River). Differs from River, whose tie handling uses integer division
 * (`(c + prevC) / 2` in its C++ core): here a tie is exactly 1/2. No `revert` (the window
 * already forgets).
 * @example
 * ```ts
 * import { RollingROCAUC } from "streamine/algorithms";
 * const auc = new RollingROCAUC({ windowSize: 4 });
 * const yTrue = [0, 1, 0, 1, 0, 1, 0, 0, 1, 1];
 * const yPred = [0.3, 0.5, 0.5, 0.7, 0.1, 0.3, 0.1, 0.4, 0.35, 0.8];
 * yTrue.forEach((y, i) => auc.update(y, yPred[i] ?? 0));
 * // window: negatives 0.1, 0.4; positives 0.35, 0.8 → 3 of 4 pairs ordered right
 * expect(auc.get()).toBe(0.75);
 * ```
 * @see Brzezinski, D., Stefanowski, J. (2017) "Prequential AUC: properties of the area under the
 * ROC curve for data streams with concept drift", Knowledge and Information Systems 52(2).
 * @public
 */
export class RollingROCAUC implements Metric<Label, number> {
  readonly input = "score";
  readonly biggerIsBetter = true;
  readonly posLabel: Label;
  readonly windowSize: number;
  /** The window in arrival order (a ring): scores and 1 for positive, 0 for negative. */
  private readonly scores: Float64Array;
  private readonly labels: Uint8Array;
  private head = 0;
  private count = 0;
  private readonly posSorted: Float64Array;
  private readonly negSorted: Float64Array;
  private nPos = 0;
  private nNeg = 0;
  private correct = 0;

  /** @param options - `{ windowSize, posLabel }`, default `{ windowSize: 1000, posLabel: true }`. */
  constructor(options?: RollingROCAUCOptions) {
    const w = options?.windowSize ?? 1000;
    if (!Number.isSafeInteger(w) || w < 1) {
      throw new EstimatorConfigError(`RollingROCAUC.constructor: option windowSize must be an integer ≥ 1, got ${String(w)}`);
    }
    this.windowSize = w;
    this.posLabel = options?.posLabel ?? true;
    this.scores = new Float64Array(w);
    this.labels = new Uint8Array(w);
    this.posSorted = new Float64Array(w);
    this.negSorted = new Float64Array(w);
  }

  update(yTrue: Label, score: number): void {
    if (Number.isNaN(score)) throw new EstimatorInputError("RollingROCAUC.update: score must be a number, got NaN");
    const positive = sameLabel(yTrue, this.posLabel);
    const w = this.windowSize;
    if (this.count === w) {
      this.remove(this.scores[this.head] ?? 0, this.labels[this.head] === 1);
      this.head = (this.head + 1) % w;
      this.count--;
    }
    const slot = (this.head + this.count) % w;
    this.scores[slot] = score;
    this.labels[slot] = positive ? 1 : 0;
    this.count++;
    this.add(score, positive);
  }

  get(): number {
    return this.nPos === 0 || this.nNeg === 0 ? 0 : this.correct / (this.nPos * this.nNeg);
  }

  private add(score: number, positive: boolean): void {
    this.correct += this.pairs(score, positive);
    if (positive) this.nPos = insertSorted(this.posSorted, this.nPos, score);
    else this.nNeg = insertSorted(this.negSorted, this.nNeg, score);
  }

  private remove(score: number, positive: boolean): void {
    if (positive) this.nPos = removeSorted(this.posSorted, this.nPos, score);
    else this.nNeg = removeSorted(this.negSorted, this.nNeg, score);
    this.correct -= this.pairs(score, positive);
  }

  /** Correctly ordered pairs a sample of this score and class forms with the other class. */
  private pairs(score: number, positive: boolean): number {
    if (positive) {
      const below = lowerBound(this.negSorted, this.nNeg, score);
      const upTo = upperBound(this.negSorted, this.nNeg, score);
      return below + 0.5 * (upTo - below);
    }
    const below = lowerBound(this.posSorted, this.nPos, score);
    const upTo = upperBound(this.posSorted, this.nPos, score);
    return this.nPos - upTo + 0.5 * (upTo - below);
  }
}

/** First index in a[0, n) whose value is ≥ v. */
function lowerBound(a: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] ?? 0) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in a[0, n) whose value is > v. */
function upperBound(a: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] ?? 0) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(a: Float64Array, n: number, v: number): number {
  const i = upperBound(a, n, v);
  a.copyWithin(i + 1, i, n);
  a[i] = v;
  return n + 1;
}

function removeSorted(a: Float64Array, n: number, v: number): number {
  const i = lowerBound(a, n, v);
  a.copyWithin(i, i + 1, n);
  return n - 1;
}
