import type { RcfPointStore } from "./rcf-point-store.js";
import { NONE, type RcfTree } from "./rcf-tree.js";

// The AWS anomaly score of a point against one tree (AnomalyScoreVisitor and
// AnomalyAttributionVisitor; CommonUtils' default functions):
//   walk down to the leaf by the cuts, at depth `depth` (the root has depth 0);
//   leaf equal to x:  s = (1 − leafMass / (2·treeMass)) / (depth + log2(leafMass + 1)), and stop;
//   else s = 1 / (depth + 1), then for each internal node n on the way back up, at depth i:
//     p = (sum of the sides by which x sticks out of n's box) / (sum of the sides of n's box grown to hold x),
//     stop when p = 0 (x inside the box, as it is in every box above), else s = p / (i + 1) + (1 − p) · s;
//   the tree's score is s · log2(treeMass + 1).

/**
 * Walks x down to its leaf, filling `path` with the internal nodes passed and then the leaf
 * reference (< 0); returns the leaf's depth, which is also the leaf's index in `path`.
 */
function descend(tree: RcfTree, x: Float64Array, path: Int32Array): number {
  const { cutDim, cutValue, left, right } = tree;
  let node = tree.root;
  let depth = 0;
  while (node >= 0) {
    path[depth++] = node;
    node = (x[cutDim[node] as number] as number) <= (cutValue[node] as number) ? (left[node] as number) : (right[node] as number);
  }
  path[depth] = node;
  return depth;
}

function equalsAt(x: Float64Array, vals: Float64Array, o: number): boolean {
  for (let q = 0; q < x.length; q++) if (x[q] !== vals[o + q]) return false;
  return true;
}

/** The tree's AWS anomaly score of x (the formula above); 0 for an empty tree. Changes nothing. */
export function scoreTree(tree: RcfTree, store: RcfPointStore, x: Float64Array, path: Int32Array): number {
  if (tree.root === NONE) return 0;
  const depth = descend(tree, x, path);
  const leaf = path[depth] as number;
  const treeMass = tree.massOf(tree.root);
  const leafMass = tree.leafMass[~leaf] as number;
  const d = x.length;
  if (equalsAt(x, store.values, (tree.leafPoint[~leaf] as number) * d)) {
    return ((1 - leafMass / (2 * treeMass)) / (depth + Math.log2(leafMass + 1))) * Math.log2(treeMass + 1);
  }
  const { boxMin, boxMax } = tree;
  let s = 1 / (depth + 1);
  for (let i = depth - 1; i >= 0; i--) {
    const bo = (path[i] as number) * d;
    let grow = 0;
    let range = 0;
    for (let q = 0; q < d; q++) {
      const v = x[q] as number;
      const lo = boxMin[bo + q] as number;
      const hi = boxMax[bo + q] as number;
      if (v < lo) {
        grow += lo - v;
        range += hi - v;
      } else if (v > hi) {
        grow += v - hi;
        range += v - lo;
      } else range += hi - lo;
    }
    if (grow <= 0) break;
    const p = grow / range;
    s = p / (i + 1) + (1 - p) * s;
  }
  return s * Math.log2(treeMass + 1);
}

/** Scratch arrays of {@link attributeTree}, `dim` long each. */
export interface AttributionScratch {
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
}

/**
 * Adds the tree's attribution of its score of x to `high`/`low` (AWS AnomalyAttributionVisitor):
 * the score's recursion run per dimension and direction, each node's term p / (i + 1) split in
 * proportion to the side by which x sticks out above (high) or below (low) the box, so that
 * Σ high + Σ low is the tree's score. When x equals its leaf, the score is first split evenly,
 * then the recursion runs on the box of the other points below each node (the leaf's "shadow"),
 * and the result is rescaled to the score.
 */
export function attributeTree(tree: RcfTree, store: RcfPointStore, x: Float64Array, path: Int32Array, high: Float64Array, low: Float64Array, s: AttributionScratch): void {
  if (tree.root === NONE) return;
  const depth = descend(tree, x, path);
  const leaf = path[depth] as number;
  const treeMass = tree.massOf(tree.root);
  const leafMass = tree.leafMass[~leaf] as number;
  const d = x.length;
  const vals = store.values;
  const lo = (tree.leafPoint[~leaf] as number) * d;
  const { min, max } = s;
  const h = s.high;
  const l = s.low;
  const duplicate = equalsAt(x, vals, lo);
  let score: number;
  if (duplicate) {
    score = (1 - leafMass / (2 * treeMass)) / (depth + Math.log2(leafMass + 1));
    h.fill(score / (2 * d));
    l.fill(score / (2 * d));
    min.fill(Infinity);
    max.fill(-Infinity);
  } else {
    score = 1 / (depth + 1);
    for (let q = 0; q < d; q++) min[q] = max[q] = vals[lo + q] as number;
    spread(x, min, max, 0, score, 0, h, l);
  }
  let below = leaf;
  for (let i = depth - 1; i >= 0; i--) {
    const n = path[i] as number;
    let boxMin = tree.boxMin;
    let boxMax = tree.boxMax;
    let bo = n * d;
    if (duplicate) {
      const sibling = tree.left[n] === below ? (tree.right[n] as number) : (tree.left[n] as number);
      below = n;
      const sMin = sibling >= 0 ? tree.boxMin : vals;
      const sMax = sibling >= 0 ? tree.boxMax : vals;
      const so = (sibling >= 0 ? sibling : (tree.leafPoint[~sibling] as number)) * d;
      for (let q = 0; q < d; q++) {
        min[q] = Math.min(min[q] as number, sMin[so + q] as number);
        max[q] = Math.max(max[q] as number, sMax[so + q] as number);
      }
      boxMin = min;
      boxMax = max;
      bo = 0;
    }
    if (!spread(x, boxMin, boxMax, bo, 1 / (i + 1), 1, h, l)) break;
  }
  const norm = Math.log2(treeMass + 1);
  let total = 0;
  if (duplicate) for (let q = 0; q < d; q++) total += (h[q] as number) + (l[q] as number);
  const scale = duplicate && total > 0 ? (score / total) * norm : norm;
  for (let q = 0; q < d; q++) {
    high[q] = (high[q] as number) + (h[q] as number) * scale;
    low[q] = (low[q] as number) + (l[q] as number) * scale;
  }
}

/**
 * One step of the attribution recursion at a box: with p = grow / range,
 * h[q] = (side x sticks out above on q) / range · term + keep · (1 − p) · h[q], likewise l below
 * (`keep` 0 at the leaf, which starts the recursion). False when x is inside the box (p = 0).
 */
function spread(x: Float64Array, min: Float64Array, max: Float64Array, o: number, term: number, keep: number, h: Float64Array, l: Float64Array): boolean {
  const d = x.length;
  let grow = 0;
  let range = 0;
  for (let q = 0; q < d; q++) {
    const v = x[q] as number;
    const a = min[o + q] as number;
    const b = max[o + q] as number;
    grow += Math.max(a - v, 0) + Math.max(v - b, 0);
    range += Math.max(b, v) - Math.min(a, v);
  }
  if (grow <= 0) return false;
  const rest = keep * (1 - grow / range);
  for (let q = 0; q < d; q++) {
    const v = x[q] as number;
    h[q] = (Math.max(v - (max[o + q] as number), 0) / range) * term + rest * (h[q] as number);
    l[q] = (Math.max((min[o + q] as number) - v, 0) / range) * term + rest * (l[q] as number);
  }
  return true;
}
