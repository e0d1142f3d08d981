import type { SnapshotReader, SnapshotWriter } from "../../base/snapshot.js";
import { varianceReduction } from "./variance.js";

const NONE = -1;

// Traversal scratch shared by every E-BST: split searches run synchronously, one at a time.
let stackNode = new Int32Array(64);
let stackN = new Float64Array(64);
let stackMean = new Float64Array(64);
let stackM2 = new Float64Array(64);

function growStack(size: number): void {
  if (stackNode.length >= size) return;
  const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
    const b = make(size * 2);
    b.set(a);
    return b;
  };
  stackNode = grow(stackNode, (n) => new Int32Array(n));
  stackN = grow(stackN, (n) => new Float64Array(n));
  stackMean = grow(stackMean, (n) => new Float64Array(n));
  stackM2 = grow(stackM2, (n) => new Float64Array(n));
}

/**
 * The Extended Binary Search Tree of one feature in one leaf (Ikonomovska et al.'s E-BST, in the
 * variant River's `EBSTSplitter` uses): a BST keyed by the feature's values, where each node holds
 * the target statistics (n, mean, m2) of the records whose value is ≤ its key within its subtree,
 * i.e. itself and its left subtree. An in-order walk then yields, for every key, the statistics of
 * all records ≤ key, so every threshold is evaluated exactly. Nodes live in flat typed arrays
 * (struct of arrays) that double when full: inserting allocates nothing per record.
 * @internal
 */
export class EBST {
  size = 0;
  keys: Float64Array;
  left: Int32Array;
  right: Int32Array;
  n: Float64Array;
  mean: Float64Array;
  m2: Float64Array;

  /** Outputs of {@link EBST.bestSplit}. */
  bestMerit = -Infinity;
  bestThreshold = NaN;
  bestN = 0;
  bestMean = 0;
  bestM2 = 0;

  constructor(capacity = 16) {
    this.keys = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.n = new Float64Array(capacity);
    this.mean = new Float64Array(capacity);
    this.m2 = new Float64Array(capacity);
  }

  private grow(): void {
    const cap = this.keys.length * 2;
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.keys = f(this.keys);
    this.left = i(this.left);
    this.right = i(this.right);
    this.n = f(this.n);
    this.mean = f(this.mean);
    this.m2 = f(this.m2);
  }

  private addNode(key: number, y: number): number {
    if (this.size === this.keys.length) this.grow();
    const v = this.size++;
    this.keys[v] = key;
    this.left[v] = NONE;
    this.right[v] = NONE;
    this.n[v] = 1;
    this.mean[v] = y;
    this.m2[v] = 0;
    return v;
  }

  private observe(v: number, y: number): void {
    const n = (this.n[v] as number) + 1;
    const mean = this.mean[v] as number;
    const d = y - mean;
    const m = mean + d / n;
    this.n[v] = n;
    this.mean[v] = m;
    this.m2[v] = (this.m2[v] as number) + d * (y - m);
  }

  /** Records target `y` at feature value `key`. */
  insert(key: number, y: number): void {
    if (this.size === 0) {
      this.addNode(key, y);
      return;
    }
    let v = 0;
    for (;;) {
      const k = this.keys[v] as number;
      if (key === k) {
        this.observe(v, y);
        return;
      }
      if (key < k) {
        this.observe(v, y);
        const l = this.left[v] as number;
        if (l === NONE) {
          const u = this.addNode(key, y); // may grow the arrays: read this.left after it
          this.left[v] = u;
          return;
        }
        v = l;
      } else {
        const r = this.right[v] as number;
        if (r === NONE) {
          const u = this.addNode(key, y);
          this.right[v] = u;
          return;
        }
        v = r;
      }
    }
  }

  /**
   * Finds the threshold `x ≤ t` with the largest variance reduction of the leaf's statistics
   * (n, mean, m2); the earliest key in sorted order wins ties (River's in-order `>`). Leaves the
   * result in `bestMerit` (−∞ when empty), `bestThreshold` and the left side's `bestN/Mean/M2`.
   */
  bestSplit(n: number, mean: number, m2: number, minSamples: number): void {
    this.bestMerit = -Infinity;
    this.bestThreshold = NaN;
    if (this.size === 0) return;
    growStack(this.size + 1);
    // Iterative in-order walk (a sorted feature makes the BST as deep as it is long). Each stack
    // entry is a node still to visit, with the statistics of the records left of its subtree that
    // its ancestors hold (River's auxiliary estimator), kept per entry so nothing is subtracted.
    let sp = this.pushSpine(0, 0, 0, 0, 0);
    while (sp > 0) {
      sp--;
      const v = stackNode[sp] as number;
      const an = stackN[sp] as number;
      const am = stackMean[sp] as number;
      const a2 = stackM2[sp] as number;
      const vn = this.n[v] as number;
      const vm = this.mean[v] as number;
      const v2 = this.m2[v] as number;
      // Statistics of every record ≤ keys[v]: the ancestors' part plus v's own (v and its left subtree).
      const ln = an + vn;
      const dm = vm - am;
      const lm = an === 0 ? vm : am + (dm * vn) / ln;
      const l2 = an === 0 ? v2 : a2 + v2 + (dm * dm * an * vn) / ln;
      const merit = varianceReduction(n, mean, m2, ln, lm, l2, minSamples);
      if (merit > this.bestMerit) {
        this.bestMerit = merit;
        this.bestThreshold = this.keys[v] as number;
        this.bestN = ln;
        this.bestMean = lm;
        this.bestM2 = l2;
      }
      const r = this.right[v] as number;
      if (r !== NONE) sp = this.pushSpine(sp, r, ln, lm, l2);
    }
  }

  /** Pushes `v` and its chain of left children, all with the same auxiliary statistics. */
  private pushSpine(sp: number, v: number, an: number, am: number, a2: number): number {
    let u = v;
    while (u !== NONE) {
      stackNode[sp] = u;
      stackN[sp] = an;
      stackMean[sp] = am;
      stackM2[sp] = a2;
      sp++;
      u = this.left[u] as number;
    }
    return sp;
  }

  write(w: SnapshotWriter): void {
    const s = this.size;
    w.u32(s);
    w.f64s(this.keys.subarray(0, s)).f64s(this.n.subarray(0, s)).f64s(this.mean.subarray(0, s)).f64s(this.m2.subarray(0, s));
    for (let i = 0; i < s; i++) w.u32((this.left[i] as number) + 1).u32((this.right[i] as number) + 1);
  }

  static read(r: SnapshotReader): EBST {
    const s = r.u32();
    const t = new EBST(Math.max(16, s));
    t.size = s;
    t.keys.set(r.f64s());
    t.n.set(r.f64s());
    t.mean.set(r.f64s());
    t.m2.set(r.f64s());
    for (let i = 0; i < s; i++) {
      t.left[i] = r.u32() - 1;
      t.right[i] = r.u32() - 1;
    }
    return t;
  }
}
