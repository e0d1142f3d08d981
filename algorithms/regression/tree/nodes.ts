import type { SnapshotReader, SnapshotWriter } from "../../base/snapshot.js";
import { EBST } from "./e-bst.js";

/** How a leaf answers: its target mean, its linear model, or whichever has the lower faded squared error. */
export const LEAF_MEAN = 0;
export const LEAF_MODEL = 1;
export const LEAF_ADAPTIVE = 2;

/** What a leaf needs from its tree to learn (copied from the tree's options once). @internal */
export interface LeafSettings {
  readonly mode: number;
  /** Learning rate of the leaf model's weights and of its intercept (River's SGD(0.01) defaults). */
  readonly lr: number;
  readonly interceptLr: number;
  /** Fading factor of the adaptive leaves' squared errors. */
  readonly decay: number;
  /** 10^digits for the truncated E-BST's rounding of feature values; 0 means no rounding. */
  readonly round: number;
}

// River's LinearRegression clips the loss gradient at ±1e12.
const CLIP = 1e12;

/**
 * A leaf of the Hoeffding tree: target statistics (n, mean, m2), an SGD linear model, the faded
 * squared errors of both predictors, and one E-BST per feature while it may still split.
 * @internal
 */
export class LeafNode {
  readonly leaf = true;
  /** The E-BSTs of an active leaf; null once the leaf may no longer split (max depth). */
  splitters: EBST[] | null;

  constructor(
    readonly depth: number,
    public n: number,
    public mean: number,
    public m2: number,
    /** Records seen at the last split attempt (the grace period counts from here). */
    public lastAttempt: number,
    readonly weights: Float64Array,
    public intercept: number,
    public fmseMean: number,
    public fmseModel: number,
    dim: number,
    active: boolean,
  ) {
    this.splitters = active ? Array.from({ length: dim }, () => new EBST()) : null;
  }

  private linear(x: Float64Array): number {
    const w = this.weights;
    let s = this.intercept;
    for (let i = 0; i < w.length; i++) s += (w[i] as number) * (x[i] as number);
    return s;
  }

  predict(x: Float64Array, mode: number): number {
    if (mode === LEAF_MEAN || (mode === LEAF_ADAPTIVE && this.fmseMean < this.fmseModel)) return this.mean;
    return this.linear(x);
  }

  learn(x: Float64Array, y: number, s: LeafSettings): void {
    const mode = s.mode;
    const yLinear = mode === LEAF_MEAN ? 0 : this.linear(x);
    if (mode === LEAF_ADAPTIVE) {
      // Both errors are measured before learning (test-then-train), as River's LeafAdaptive.
      const em = y - this.mean;
      const el = y - yLinear;
      this.fmseMean = s.decay * this.fmseMean + em * em;
      this.fmseModel = s.decay * this.fmseModel + el * el;
    }
    const n = this.n + 1;
    const d = y - this.mean;
    this.mean += d / n;
    this.m2 += d * (y - this.mean);
    this.n = n;
    const splitters = this.splitters;
    if (splitters !== null) {
      const round = s.round;
      for (let i = 0; i < splitters.length; i++) {
        const v = x[i] as number;
        (splitters[i] as EBST).insert(round === 0 ? v : Math.round(v * round) / round, y);
      }
    }
    if (mode !== LEAF_MEAN) {
      // Squared loss: gradient 2(ŷ − y), as River's `optim.losses.Squared`.
      let g = 2 * (yLinear - y);
      if (g > CLIP) g = CLIP;
      else if (g < -CLIP) g = -CLIP;
      const w = this.weights;
      for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - s.lr * g * (x[i] as number);
      this.intercept -= s.interceptLr * g;
    }
  }

  write(w: SnapshotWriter): void {
    w.u8(0).u32(this.depth).f64(this.n).f64(this.mean).f64(this.m2).f64(this.lastAttempt);
    w.f64s(this.weights).f64(this.intercept).f64(this.fmseMean).f64(this.fmseModel);
    w.bool(this.splitters !== null);
    if (this.splitters !== null) for (const t of this.splitters) t.write(w);
  }

  /** Reads a leaf after its kind byte. */
  static read(r: SnapshotReader, dim: number): LeafNode {
    const depth = r.u32();
    const n = r.f64();
    const mean = r.f64();
    const m2 = r.f64();
    const lastAttempt = r.f64();
    const weights = r.f64s();
    const intercept = r.f64();
    const fmseMean = r.f64();
    const fmseModel = r.f64();
    const leaf = new LeafNode(depth, n, mean, m2, lastAttempt, weights, intercept, fmseMean, fmseModel, 0, false);
    if (r.bool()) leaf.splitters = Array.from({ length: dim }, () => EBST.read(r));
    return leaf;
  }
}

/** A binary split: records with `x[feature] ≤ threshold` go left. @internal */
export class SplitNode {
  readonly leaf = false;
  constructor(
    readonly feature: number,
    readonly threshold: number,
    readonly depth: number,
    public left: TreeNode,
    public right: TreeNode,
  ) {}
}

/** @internal */
export type TreeNode = LeafNode | SplitNode;
