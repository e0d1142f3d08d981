import { EstimatorInputError } from "../base/input-error.js";
import type { Label } from "../base/vector.js";
import { sameLabel, type RevertibleMetric } from "./metric.js";
import { ScoreTree } from "./score-tree.js";

/** Options of {@link ROCAUC} and {@link RollingROCAUC}. @public */
export interface ROCAUCOptions {
  /** The label counted as positive; default `true` (River's `pos_val`), which also matches 1. */
  posLabel?: Label;
}

/**
 * Exact area under the ROC curve over everything seen so far, updated incrementally. Works
 * with binary classification on the score (probability) of the positive class, and with
 * anomaly scores (any real scale: only the order matters).
 *
 * @remarks
 * The AUC is the share of (positive, negative) pairs that the scores order correctly, a tie
 * counting one half (the Mann–Whitney U statistic over P·N). Each update adds the new sample's
 * pairs with everything seen before, found by one O(log d) walk down a tree of the d distinct
 * scores with per-class counts, so the value is exact at every step.
 *
 * Differs from River: River's `metrics.ROCAUC` is an approximation over `n_thresholds` (10)
 * fixed thresholds in [0, 1]; this one is exact, has no parameter, and takes unbounded scores.
 * 0 while either class is missing (as River). Memory grows with the number of distinct scores;
 * `revert` decrements counts and keeps the score's node. A NaN score throws.
 * @example
 * ```ts
 * import { ROCAUC } from "streamine/algorithms";
 * const auc = new ROCAUC();
 * auc.update(false, 0.1);
 * auc.update(true, 0.8);
 * auc.update(false, 0.4);
 * auc.update(true, 0.35);
 * // pairs (pos, neg): (0.8, 0.1) (0.8, 0.4) (0.35, 0.1) right, (0.35, 0.4) wrong
 * expect(auc.get()).toBe(0.75);
 * auc.update(false, 0.35); // a tie with a positive counts 1/2: (3 + 1 + 0.5) / 6
 * expect(auc.get()).toBe(0.75);
 * ```
 * @see Hanley, J.A., McNeil, B.J. (1982) "The meaning and use of the area under a ROC curve", Radiology 143(1).
 * @public
 */
export class ROCAUC implements RevertibleMetric<Label, number> {
  readonly input = "score";
  readonly biggerIsBetter = true;
  readonly posLabel: Label;
  private readonly tree = new ScoreTree();
  private nPos = 0;
  private nNeg = 0;
  /** Correctly ordered (positive, negative) pairs, ties counting 1/2. */
  private correct = 0;

  /** @param options - `{ posLabel }`, default `{ posLabel: true }`. */
  constructor(options?: ROCAUCOptions) {
    this.posLabel = options?.posLabel ?? true;
  }

  update(yTrue: Label, score: number): void {
    if (Number.isNaN(score)) throw new EstimatorInputError("ROCAUC.update: score must be a number, got NaN");
    const positive = sameLabel(yTrue, this.posLabel);
    this.correct += this.pairs(score, positive);
    this.tree.add(score, positive, 1);
    if (positive) this.nPos++;
    else this.nNeg++;
  }

  revert(yTrue: Label, score: number): void {
    if (Number.isNaN(score)) throw new EstimatorInputError("ROCAUC.revert: score must be a number, got NaN");
    const positive = sameLabel(yTrue, this.posLabel);
    this.tree.add(score, positive, -1);
    if (positive) this.nPos--;
    else this.nNeg--;
    this.correct -= this.pairs(score, positive);
  }

  get(): number {
    return this.nPos === 0 || this.nNeg === 0 ? 0 : this.correct / (this.nPos * this.nNeg);
  }

  /** Correctly ordered pairs that a sample with this score and class forms with the others. */
  private pairs(score: number, positive: boolean): number {
    const t = this.tree;
    t.query(score);
    if (positive) return t.negLess + 0.5 * t.negEqual;
    return this.nPos - t.posLess - t.posEqual + 0.5 * t.posEqual;
  }
}
