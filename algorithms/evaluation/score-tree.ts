import { fmix32 } from "../kernels/fmix32.js";

/**
 * Counts of positive and negative scores, ordered by score: a treap over the distinct scores
 * in flat typed arrays, each node holding its own counts and its subtree's sums, so that "how
 * many positives / negatives score below s" is one O(log n) walk. Priorities are a hash of the
 * node index (deterministic, no random generator to snapshot). Nodes are never removed: a count
 * that drops to 0 leaves its node in place.
 * @internal
 */
export class ScoreTree {
  /** After {@link ScoreTree.query}: positives strictly below, and equal to, the score. */
  posLess = 0;
  posEqual = 0;
  /** After {@link ScoreTree.query}: negatives strictly below, and equal to, the score. */
  negLess = 0;
  negEqual = 0;
  private key = new Float64Array(16);
  private pos = new Float64Array(16);
  private neg = new Float64Array(16);
  private sumPos = new Float64Array(16);
  private sumNeg = new Float64Array(16);
  private left = new Int32Array(16);
  private right = new Int32Array(16);
  private prio = new Uint32Array(16);
  private size = 0;
  private root = -1;

  /** Adds `delta` (±1) to the count of `score` in the positive or negative class. */
  add(score: number, positive: boolean, delta: number): void {
    this.root = this.insert(this.root, score, positive, delta);
  }

  /** Fills posLess, posEqual, negLess, negEqual for `score`. */
  query(score: number): void {
    let posLess = 0;
    let negLess = 0;
    let posEqual = 0;
    let negEqual = 0;
    let t = this.root;
    while (t >= 0) {
      const k = this.key[t] ?? 0;
      if (score < k) {
        t = this.left[t] ?? -1;
        continue;
      }
      const l = this.left[t] ?? -1;
      if (l >= 0) {
        posLess += this.sumPos[l] ?? 0;
        negLess += this.sumNeg[l] ?? 0;
      }
      if (score === k) {
        posEqual = this.pos[t] ?? 0;
        negEqual = this.neg[t] ?? 0;
        break;
      }
      posLess += this.pos[t] ?? 0;
      negLess += this.neg[t] ?? 0;
      t = this.right[t] ?? -1;
    }
    this.posLess = posLess;
    this.negLess = negLess;
    this.posEqual = posEqual;
    this.negEqual = negEqual;
  }

  private insert(t: number, score: number, positive: boolean, delta: number): number {
    if (t < 0) return this.node(score, positive, delta);
    const k = this.key[t] ?? 0;
    if (score === k) {
      if (positive) this.pos[t] = (this.pos[t] ?? 0) + delta;
      else this.neg[t] = (this.neg[t] ?? 0) + delta;
    } else if (score < k) {
      const l = this.insert(this.left[t] ?? -1, score, positive, delta);
      this.left[t] = l;
      if ((this.prio[l] ?? 0) > (this.prio[t] ?? 0)) return this.rotateRight(t);
    } else {
      const r = this.insert(this.right[t] ?? -1, score, positive, delta);
      this.right[t] = r;
      if ((this.prio[r] ?? 0) > (this.prio[t] ?? 0)) return this.rotateLeft(t);
    }
    this.pull(t);
    return t;
  }

  private rotateRight(t: number): number {
    const l = this.left[t] ?? -1;
    this.left[t] = this.right[l] ?? -1;
    this.right[l] = t;
    this.pull(t);
    this.pull(l);
    return l;
  }

  private rotateLeft(t: number): number {
    const r = this.right[t] ?? -1;
    this.right[t] = this.left[r] ?? -1;
    this.left[r] = t;
    this.pull(t);
    this.pull(r);
    return r;
  }

  private pull(t: number): void {
    const l = this.left[t] ?? -1;
    const r = this.right[t] ?? -1;
    let p = this.pos[t] ?? 0;
    let n = this.neg[t] ?? 0;
    if (l >= 0) {
      p += this.sumPos[l] ?? 0;
      n += this.sumNeg[l] ?? 0;
    }
    if (r >= 0) {
      p += this.sumPos[r] ?? 0;
      n += this.sumNeg[r] ?? 0;
    }
    this.sumPos[t] = p;
    this.sumNeg[t] = n;
  }

  private node(score: number, positive: boolean, delta: number): number {
    if (this.size === this.key.length) this.grow();
    const t = this.size++;
    this.key[t] = score;
    this.pos[t] = positive ? delta : 0;
    this.neg[t] = positive ? 0 : delta;
    this.sumPos[t] = this.pos[t] ?? 0;
    this.sumNeg[t] = this.neg[t] ?? 0;
    this.left[t] = -1;
    this.right[t] = -1;
    // murmur3's finalizer spreads consecutive indices into well-mixed priorities.
    this.prio[t] = fmix32(t + 1);
    return t;
  }

  private grow(): void {
    const n = this.key.length * 2;
    this.key = resizeF(this.key, n);
    this.pos = resizeF(this.pos, n);
    this.neg = resizeF(this.neg, n);
    this.sumPos = resizeF(this.sumPos, n);
    this.sumNeg = resizeF(this.sumNeg, n);
    const left = new Int32Array(n);
    left.set(this.left);
    this.left = left;
    const right = new Int32Array(n);
    right.set(this.right);
    this.right = right;
    const prio = new Uint32Array(n);
    prio.set(this.prio);
    this.prio = prio;
  }
}

function resizeF(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
