import type { Label } from "./vector.js";

/**
 * The most probable label of a classifier's distribution (the first of equal maxima, in the
 * map's order), or null for an empty one (a model that has learnt nothing): what evaluation and
 * the `predict` operator take as a classifier's answer.
 * @internal
 */
export function mostProbable(proba: ReadonlyMap<Label, number>): Label | null {
  let best: Label | null = null;
  let bestP = -Infinity;
  for (const [label, p] of proba) {
    if (p > bestP) {
      best = label;
      bestP = p;
    }
  }
  return best;
}
