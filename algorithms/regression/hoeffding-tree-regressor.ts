import type { Regressor } from "../base/estimator.js";
import { openSnapshot, SnapshotWriter, type SnapshotReader } from "../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../base/validate.js";
import { DenseInput } from "../kernels/dense-input.js";
import type { Vector } from "../base/vector.js";
import { LEAF_ADAPTIVE, LEAF_MEAN, LEAF_MODEL, LeafNode, SplitNode, type LeafSettings, type TreeNode } from "./tree/nodes.js";

/** Options of {@link HoeffdingTreeRegressor}. @public */
export interface HoeffdingTreeRegressorOptions {
  /** Records a leaf sees between split attempts; default 200. */
  gracePeriod?: number;
  /** Deepest level a leaf may reach (the root is level 0); null (default) for no limit. */
  maxDepth?: number | null;
  /** Allowed error δ of a split decision (River's `delta`); default 1e-7. */
  delta?: number;
  /** Tie threshold τ: split anyway once the Hoeffding bound falls below it; default 0.05. */
  tau?: number;
  /** What leaves answer: "mean" (target mean), "model" (linear model) or "adaptive" (default: the one with the lower faded squared error). */
  leafPrediction?: "mean" | "model" | "adaptive";
  /** Learning rate of the leaves' SGD linear models; default 0.01 (River's LinearRegression). */
  leafLr?: number;
  /** Learning rate of the leaf models' intercepts; default 0.01. */
  leafInterceptLr?: number;
  /** Fading factor of the squared errors the adaptive leaves compare, in (0, 1]; default 0.95. */
  modelSelectorDecay?: number;
  /** Fewest records each side of a candidate split must have; default 5. */
  minSamplesSplit?: number;
  /** Decimal digits feature values are rounded to before entering the E-BST (River's TEBSTSplitter); null keeps them exact; default 3. */
  splitterDigits?: number | null;
}

const DEFAULTS: Required<HoeffdingTreeRegressorOptions> = {
  gracePeriod: 200,
  maxDepth: null,
  delta: 1e-7,
  tau: 0.05,
  leafPrediction: "adaptive",
  leafLr: 0.01,
  leafInterceptLr: 0.01,
  modelSelectorDecay: 0.95,
  minSamplesSplit: 5,
  splitterDigits: 3,
};

const TAG = "HoeffdingTreeRegressor";
const VERSION = 1;
const MODES = { mean: LEAF_MEAN, model: LEAF_MODEL, adaptive: LEAF_ADAPTIVE } as const;

/** One split of a {@link HoeffdingTreeRegressor}: records with `x[feature] ≤ threshold` go left. @public */
export interface TreeSplit {
  readonly feature: number;
  readonly threshold: number;
  readonly depth: number;
}

/**
 * The Hoeffding tree regressor (FIMT-DD style, River's `tree.HoeffdingTreeRegressor`): an
 * incremental regression tree. Each leaf keeps one E-BST per feature; every `gracePeriod`
 * records it ranks the best threshold of each feature by variance reduction and splits when the
 * best beats the runner-up by the Hoeffding bound — `merit₂/merit₁ < 1 − ε` with
 * `ε = √(ln(1/δ)/2n)` (range R = 1, the ratio's range) — or when `ε < τ`. Leaves predict their
 * target mean, an SGD linear model, or adaptively whichever has the lower faded squared error.
 *
 * @remarks
 * Features are the indices of a dense vector; the dimension is fixed by the first `learnOne`.
 * Cold start: `predictOne` answers 0 before any learning (River's empty model). Differences
 * from River: the leaf model is built in (River's LinearRegression defaults: SGD, learning rate
 * 0.01, intercept rate 0.01, gradient clip 1e12) instead of any regressor; rounding uses
 * `Math.round` (half up) where River's TEBSTSplitter uses Python's `round` (half to even); the
 * E-BST's removal of bad split points after a failed attempt (FIMT-DD memory management) and
 * the size-based memory limits are not implemented; nominal features are not supported; leaves
 * at `maxDepth` are created inactive instead of deactivated on their first record (same splits).
 *
 * @example
 * ```ts
 * import { HoeffdingTreeRegressor } from "streamine/algorithms";
 * const tree = new HoeffdingTreeRegressor({ gracePeriod: 50, leafPrediction: "mean" });
 * expect(tree.predictOne([0.5])).toBe(0); // cold start
 * for (let i = 0; i < 400; i++) {
 *   const x = (i % 20) / 10 - 1; // −1, −0.9, …, 0.9
 *   tree.learnOne([x], x > 0 ? 5 : -5);
 * }
 * // one split, at the last value of the lower step
 * expect(tree.splits()).toEqual([{ feature: 0, threshold: 0, depth: 0 }]);
 * expect(tree.predictOne([-0.5])).toBe(-5);
 * expect(tree.predictOne([0.5])).toBeCloseTo(5, 9);
 * ```
 * @see E. Ikonomovska, J. Gama, S. Džeroski, "Learning model trees from evolving data streams", DMKD 23 (2011).
 * @public
 */
export class HoeffdingTreeRegressor implements Regressor {
  static readonly testParams: readonly HoeffdingTreeRegressorOptions[] = [
    { gracePeriod: 20, leafPrediction: "mean" },
    { gracePeriod: 30, maxDepth: 2, leafPrediction: "model", splitterDigits: null },
    { gracePeriod: 25, tau: 0.5, minSamplesSplit: 3 },
  ];

  readonly options: Readonly<Required<HoeffdingTreeRegressorOptions>>;
  private readonly settings: LeafSettings;
  private readonly maxDepth: number;
  private readonly boundFactor: number;
  /** Input dimension, fixed by the first learnOne; −1 before. */
  /** Validates and holds the current record; its dimension is fixed by the first learnOne. */
  private readonly input = new DenseInput();
  /** Scratch copy of the current record (validated input). */
  private root: TreeNode | null = null;

  /**
   * @param options - see {@link HoeffdingTreeRegressorOptions}; defaults: gracePeriod 200,
   * maxDepth null (unlimited), delta 1e-7, tau 0.05, leafPrediction "adaptive", leafLr 0.01,
   * leafInterceptLr 0.01, modelSelectorDecay 0.95, minSamplesSplit 5, splitterDigits 3.
   */
  constructor(options?: HoeffdingTreeRegressorOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(Number.isInteger(o.gracePeriod) && o.gracePeriod >= 1, where, "gracePeriod", "an integer ≥ 1", o.gracePeriod);
    checkOption(o.maxDepth === null || (Number.isInteger(o.maxDepth) && o.maxDepth >= 0), where, "maxDepth", "null or an integer ≥ 0", o.maxDepth);
    checkOption(o.delta > 0 && o.delta < 1, where, "delta", "in (0, 1)", o.delta);
    checkOption(Number.isFinite(o.tau) && o.tau >= 0, where, "tau", "a finite number ≥ 0", o.tau);
    checkOption(o.leafPrediction in MODES, where, "leafPrediction", '"mean", "model" or "adaptive"', o.leafPrediction);
    checkOption(Number.isFinite(o.leafLr) && o.leafLr >= 0, where, "leafLr", "a finite number ≥ 0", o.leafLr);
    checkOption(Number.isFinite(o.leafInterceptLr) && o.leafInterceptLr >= 0, where, "leafInterceptLr", "a finite number ≥ 0", o.leafInterceptLr);
    checkOption(o.modelSelectorDecay > 0 && o.modelSelectorDecay <= 1, where, "modelSelectorDecay", "in (0, 1]", o.modelSelectorDecay);
    checkOption(Number.isInteger(o.minSamplesSplit) && o.minSamplesSplit >= 1, where, "minSamplesSplit", "an integer ≥ 1", o.minSamplesSplit);
    const d = o.splitterDigits;
    checkOption(d === null || (Number.isInteger(d) && d >= 0 && d <= 15), where, "splitterDigits", "null or an integer in [0, 15]", d);
    this.options = o;
    this.settings = {
      mode: MODES[o.leafPrediction],
      lr: o.leafLr,
      interceptLr: o.leafInterceptLr,
      decay: o.modelSelectorDecay,
      round: d === null ? 0 : 10 ** d,
    };
    this.maxDepth = o.maxDepth ?? Infinity;
    this.boundFactor = Math.log(1 / o.delta) / 2; // ε² · n, with R = 1
  }

  private newLeaf(depth: number, n: number, mean: number, m2: number, parent: LeafNode | null): LeafNode {
    const weights = parent === null ? new Float64Array(this.settings.mode === LEAF_MEAN ? 0 : this.input.dim) : parent.weights.slice();
    return new LeafNode(
      depth,
      n,
      mean,
      m2,
      n,
      weights,
      parent === null ? 0 : parent.intercept,
      parent === null ? 0 : parent.fmseMean,
      parent === null ? 0 : parent.fmseModel,
      this.input.dim,
      depth < this.maxDepth,
    );
  }

  learnOne(x: Vector, y: number): void {
    const where = `${TAG}.learnOne`;
    const input = this.input;
    if (!input.read(where, x)) {
      // The first record fixes the dimension: x is validated, y too, before committing anything.
      checkFinite(where, "y", y);
      input.fix(x.length);
      input.copy(x);
      this.root = this.newLeaf(0, 0, 0, 0, null);
    } else {
      checkFinite(where, "y", y);
    }
    const xs = input.x;
    let node = this.root as TreeNode;
    let parent: SplitNode | null = null;
    while (!node.leaf) {
      parent = node;
      node = (xs[node.feature] as number) <= node.threshold ? node.left : node.right;
    }
    node.learn(xs, y, this.settings);
    if (node.splitters !== null && node.n - node.lastAttempt >= this.options.gracePeriod) {
      this.attemptSplit(node, parent);
      node.lastAttempt = node.n;
    }
  }

  predictOne(x: Vector): number {
    if (!this.input.read(`${TAG}.predictOne`, x) || this.root === null) return 0; // cold start, as River's empty tree
    const xs = this.input.x;
    let node = this.root;
    while (!node.leaf) node = (xs[node.feature] as number) <= node.threshold ? node.left : node.right;
    return node.predict(xs, this.settings.mode);
  }

  /**
   * Ranks the null split (merit 0, River's `merit_preprune`) and each feature's best threshold by
   * merit, in a stable ascending order as River's sort (a later candidate wins a tie), and splits
   * when the Hoeffding test passes.
   */
  private attemptSplit(leaf: LeafNode, parent: SplitNode | null): void {
    const splitters = leaf.splitters;
    if (splitters === null) return;
    let best = -1; // −1 is the null split
    let bestMerit = 0;
    let second = -2;
    let secondMerit = -Infinity;
    for (let f = 0; f < splitters.length; f++) {
      const t = splitters[f];
      if (t === undefined) continue;
      t.bestSplit(leaf.n, leaf.mean, leaf.m2, this.options.minSamplesSplit);
      const m = t.bestMerit;
      if (m >= bestMerit) {
        second = best;
        secondMerit = bestMerit;
        best = f;
        bestMerit = m;
      } else if (m >= secondMerit) {
        second = f;
        secondMerit = m;
      }
    }
    if (second === -2 || !(bestMerit > 0)) return;
    const epsilon = Math.sqrt(this.boundFactor / leaf.n);
    if (!(secondMerit / bestMerit < 1 - epsilon || epsilon < this.options.tau)) return;
    if (best === -1) return; // unreachable: the null split has merit 0
    const t = splitters[best];
    if (t === undefined) return;
    const nL = t.bestN;
    const nR = leaf.n - nL;
    const meanR = (leaf.n * leaf.mean - nL * t.bestMean) / nR;
    const dm = t.bestMean - meanR;
    const m2R = Math.max(0, leaf.m2 - t.bestM2 - (dm * dm * nL * nR) / leaf.n);
    const depth = leaf.depth + 1;
    const split = new SplitNode(
      best,
      t.bestThreshold,
      leaf.depth,
      this.newLeaf(depth, nL, t.bestMean, t.bestM2, leaf),
      this.newLeaf(depth, nR, meanR, m2R, leaf),
    );
    if (parent === null) this.root = split;
    else if (parent.left === leaf) parent.left = split;
    else parent.right = split;
  }

  /** The splits in pre-order (root first, left before right). */
  splits(): TreeSplit[] {
    const out: TreeSplit[] = [];
    const walk = (node: TreeNode | null): void => {
      if (node === null || node.leaf) return;
      out.push({ feature: node.feature, threshold: node.threshold, depth: node.depth });
      walk(node.left);
      walk(node.right);
    };
    walk(this.root);
    return out;
  }

  /** Levels below the root: 0 for a single leaf (or before learning). */
  get height(): number {
    const h = (node: TreeNode | null): number => (node === null || node.leaf ? 0 : 1 + Math.max(h(node.left), h(node.right)));
    return h(this.root);
  }

  /** Number of leaves (0 before learning). */
  get nLeaves(): number {
    const c = (node: TreeNode | null): number => (node === null ? 0 : node.leaf ? 1 : c(node.left) + c(node.right));
    return c(this.root);
  }

  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    w.u32(this.input.dim === 0 ? 0 : this.input.dim + 1); // 0 = no record yet, else dim + 1 (format v1)
    const write = (node: TreeNode): void => {
      if (node.leaf) {
        node.write(w);
        return;
      }
      w.u8(1).u32(node.feature).f64(node.threshold).u32(node.depth);
      write(node.left);
      write(node.right);
    };
    if (this.root !== null) write(this.root);
    return w.finish();
  }

  static restore(bytes: Uint8Array): HoeffdingTreeRegressor {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const t = new HoeffdingTreeRegressor(options as HoeffdingTreeRegressorOptions);
    const dim = reader.u32() - 1; // format v1 stores dim + 1, 0 before the first record
    if (dim > 0) {
      t.input.fix(dim);
      t.root = readNode(reader, dim);
    }
    reader.end();
    return t;
  }
}

function readNode(r: SnapshotReader, dim: number): TreeNode {
  if (r.u8() === 0) return LeafNode.read(r, dim);
  const feature = r.u32();
  const threshold = r.f64();
  const depth = r.u32();
  const left = readNode(r, dim);
  return new SplitNode(feature, threshold, depth, left, readNode(r, dim));
}
