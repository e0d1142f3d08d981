import { EstimatorConfigError } from "../base/input-error.js";
import type { Random } from "../base/random.js";
import type { SnapshotReader, SnapshotWriter } from "../base/snapshot.js";
import type { RcfPointStore } from "./rcf-point-store.js";

/** No node: the parent of the root, the root of an empty tree. @internal */
export const NONE = 0x7fffffff;

/**
 * One random cut tree over the points of a {@link RcfPointStore} (Guha et al. 2016, §3), on flat
 * typed arrays. A child reference `c` is an internal node when `c ≥ 0` and the leaf `~c` when
 * `c < 0`. Internal node n cuts dimension `cutDim[n]` at `cutValue[n]`: `x[dim] ≤ value` goes
 * left (AWS). Each internal node keeps the bounding box of the points below it (`boxMin`/`boxMax`,
 * `dim` values per node) and its mass; a leaf keeps a point-store slot and its mass (how many
 * copies of that point the tree's sample holds). Both pools have free lists (stacks).
 * @internal
 */
export class RcfTree {
  root = NONE;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly parent: Int32Array;
  readonly cutDim: Int32Array;
  readonly cutValue: Float64Array;
  readonly mass: Int32Array;
  readonly boxMin: Float64Array;
  readonly boxMax: Float64Array;
  readonly leafPoint: Int32Array;
  readonly leafMass: Int32Array;
  readonly leafParent: Int32Array;
  private readonly freeNodes: Int32Array;
  private freeNodeCount: number;
  private readonly freeLeaves: Int32Array;
  private freeLeafCount: number;
  /** The last cut drawn by {@link RcfTree.drawCut}. */
  private cutD = 0;
  private cutV = 0;

  constructor(
    readonly dim: number,
    sampleSize: number,
  ) {
    const nodes = Math.max(1, sampleSize - 1);
    this.left = new Int32Array(nodes);
    this.right = new Int32Array(nodes);
    this.parent = new Int32Array(nodes);
    this.cutDim = new Int32Array(nodes);
    this.cutValue = new Float64Array(nodes);
    this.mass = new Int32Array(nodes);
    this.boxMin = new Float64Array(nodes * dim);
    this.boxMax = new Float64Array(nodes * dim);
    this.leafPoint = new Int32Array(sampleSize);
    this.leafMass = new Int32Array(sampleSize);
    this.leafParent = new Int32Array(sampleSize);
    this.freeNodes = new Int32Array(nodes);
    this.freeLeaves = new Int32Array(sampleSize);
    // Stacks that hand out 0, 1, 2… first.
    for (let i = 0; i < nodes; i++) this.freeNodes[i] = nodes - 1 - i;
    for (let i = 0; i < sampleSize; i++) this.freeLeaves[i] = sampleSize - 1 - i;
    this.freeNodeCount = nodes;
    this.freeLeafCount = sampleSize;
  }

  /** Mass of child reference `c`. */
  massOf(c: number): number {
    return (c >= 0 ? this.mass[c] : this.leafMass[~c]) as number;
  }

  /**
   * Inserts the point in slot `p` (Guha et al. Algorithm "InsertPoint"): from the root, draw a
   * cut of the node's box grown to hold the point; if it separates the point from the box, a new
   * internal node with that cut takes the node's place, the point a new leaf beside it; else grow
   * the box, count the point and descend. A point equal to the leaf reached adds to its mass.
   * Returns the slot the tree now refers to: `p`, or the equal leaf's slot (as AWS, so one tree's
   * copies of a point share one slot).
   */
  insert(p: number, store: RcfPointStore, rng: Random): number {
    const vals = store.values;
    const d = this.dim;
    const po = p * d;
    const { boxMin, boxMax, mass, cutDim, cutValue, left, right } = this;
    if (this.root === NONE) {
      const k = this.newLeaf(p);
      this.leafParent[k] = NONE;
      this.root = ~k;
      return p;
    }
    let node = this.root;
    while (node >= 0) {
      const bo = node * d;
      let grow = 0;
      let range = 0;
      for (let q = 0; q < d; q++) {
        const x = vals[po + q] as number;
        const lo = boxMin[bo + q] as number;
        const hi = boxMax[bo + q] as number;
        if (x < lo) {
          grow += lo - x;
          range += hi - x;
        } else if (x > hi) {
          grow += x - hi;
          range += x - lo;
        } else range += hi - lo;
      }
      if (grow > 0 && this.drawCut(boxMin, boxMax, bo, vals, po, range, rng)) {
        this.insertAbove(node, p, vals);
        return p;
      }
      for (let q = 0; q < d; q++) {
        const x = vals[po + q] as number;
        if (x < (boxMin[bo + q] as number)) boxMin[bo + q] = x;
        if (x > (boxMax[bo + q] as number)) boxMax[bo + q] = x;
      }
      mass[node] = (mass[node] as number) + 1;
      node = (vals[po + (cutDim[node] as number)] as number) <= (cutValue[node] as number) ? (left[node] as number) : (right[node] as number);
    }
    const k = ~node;
    const lo = (this.leafPoint[k] as number) * d;
    let range = 0;
    for (let q = 0; q < d; q++) range += Math.abs((vals[po + q] as number) - (vals[lo + q] as number));
    if (range === 0) {
      this.leafMass[k] = (this.leafMass[k] as number) + 1;
      return this.leafPoint[k] as number;
    }
    if (!this.drawCut(vals, vals, lo, vals, po, range, rng)) {
      // Rounding put the cut on the far end of its side (probability ~1e-16): cut at the near end.
      this.cutV = Math.min(vals[po + this.cutD] as number, vals[lo + this.cutD] as number);
    }
    this.insertAbove(node, p, vals);
    return p;
  }

  /**
   * Draws a cut of the box [min, max] at offset `bo`, grown to hold the point at `po`: a dimension
   * with probability proportional to its side, a value uniform on it (the paper's random cut).
   * Keeps it in cutD/cutV; true when it separates the point from the box.
   */
  private drawCut(min: Float64Array, max: Float64Array, bo: number, vals: Float64Array, po: number, range: number, rng: Random): boolean {
    let r = rng.next() * range;
    let dim = -1;
    let value = 0;
    for (let q = 0; q < this.dim; q++) {
      const x = vals[po + q] as number;
      const lo = Math.min(min[bo + q] as number, x);
      const side = Math.max(max[bo + q] as number, x) - lo;
      if (side <= 0) continue;
      dim = q;
      value = lo + r;
      if (r < side) break;
      r -= side;
    }
    this.cutD = dim;
    this.cutV = value;
    const x = vals[po + dim] as number;
    return (x <= value && value < (min[bo + dim] as number)) || ((max[bo + dim] as number) <= value && value < x);
  }

  /** Puts a new internal node with the last cut drawn in place of child `c`, the point `p` in a new leaf beside it. */
  private insertAbove(c: number, p: number, vals: Float64Array): void {
    const d = this.dim;
    const m = this.freeNodes[--this.freeNodeCount] as number;
    const k = this.newLeaf(p);
    const above = this.parentOf(c);
    const po = p * d;
    this.cutDim[m] = this.cutD;
    this.cutValue[m] = this.cutV;
    if ((vals[po + this.cutD] as number) <= this.cutV) {
      this.left[m] = ~k;
      this.right[m] = c;
    } else {
      this.left[m] = c;
      this.right[m] = ~k;
    }
    this.parent[m] = above;
    this.leafParent[k] = m;
    this.setParent(c, m);
    this.mass[m] = this.massOf(c) + 1;
    this.fitBox(m, vals);
    this.replaceChild(above, c, m);
  }

  /**
   * Removes one copy of the point in slot `p` (Guha et al. "DeletePoint"): finds its leaf by the
   * cuts, lowers its mass, and at 0 replaces the leaf's parent by the leaf's sibling; the masses
   * above drop by one and the boxes above are refitted until one is unchanged.
   */
  delete(p: number, store: RcfPointStore): void {
    const vals = store.values;
    const po = p * this.dim;
    const { cutDim, cutValue, left, right, parent, mass } = this;
    let node = this.root;
    while (node >= 0) node = (vals[po + (cutDim[node] as number)] as number) <= (cutValue[node] as number) ? (left[node] as number) : (right[node] as number);
    const k = ~node;
    if (node === NONE || this.leafPoint[k] !== p) throw new Error(`RandomCutForest: internal error, point ${p} is not in the tree it is deleted from`);
    const leafMass = (this.leafMass[k] as number) - 1;
    this.leafMass[k] = leafMass;
    let up = this.leafParent[k] as number;
    let refit = false;
    if (leafMass === 0) {
      this.freeLeaves[this.freeLeafCount++] = k;
      if (up === NONE) {
        this.root = NONE;
        return;
      }
      const sibling = left[up] === node ? (right[up] as number) : (left[up] as number);
      const above = parent[up] as number;
      this.setParent(sibling, above);
      this.replaceChild(above, up, sibling);
      this.freeNodes[this.freeNodeCount++] = up;
      up = above;
      refit = true;
    }
    for (; up !== NONE; up = parent[up] as number) {
      mass[up] = (mass[up] as number) - 1;
      if (refit) refit = this.fitBox(up, vals);
    }
  }

  /** Sets node n's box to the union of its children's; true when it changed. */
  private fitBox(n: number, vals: Float64Array): boolean {
    const d = this.dim;
    const { boxMin, boxMax } = this;
    const a = this.left[n] as number;
    const b = this.right[n] as number;
    const aMin = a >= 0 ? boxMin : vals;
    const aMax = a >= 0 ? boxMax : vals;
    const ao = (a >= 0 ? a : (this.leafPoint[~a] as number)) * d;
    const bMin = b >= 0 ? boxMin : vals;
    const bMax = b >= 0 ? boxMax : vals;
    const bo = (b >= 0 ? b : (this.leafPoint[~b] as number)) * d;
    const no = n * d;
    let changed = false;
    for (let q = 0; q < d; q++) {
      const lo = Math.min(aMin[ao + q] as number, bMin[bo + q] as number);
      const hi = Math.max(aMax[ao + q] as number, bMax[bo + q] as number);
      if (lo !== boxMin[no + q] || hi !== boxMax[no + q]) changed = true;
      boxMin[no + q] = lo;
      boxMax[no + q] = hi;
    }
    return changed;
  }

  private newLeaf(p: number): number {
    const k = this.freeLeaves[--this.freeLeafCount] as number;
    this.leafPoint[k] = p;
    this.leafMass[k] = 1;
    return k;
  }

  private parentOf(c: number): number {
    return (c >= 0 ? this.parent[c] : this.leafParent[~c]) as number;
  }

  private setParent(c: number, to: number): void {
    if (c >= 0) this.parent[c] = to;
    else this.leafParent[~c] = to;
  }

  private replaceChild(n: number, from: number, to: number): void {
    if (n === NONE) this.root = to;
    else if (this.left[n] === from) this.left[n] = to;
    else this.right[n] = to;
  }

  /**
   * Layout: the tree in pre-order, each node a tag (u8: 0 none, 1 internal, 2 leaf) then an
   * internal node's cut (dim u32, value f64) or a leaf's `ids[slot]` and mass (u32). Parents,
   * masses and boxes follow from these, and slot numbers are left out, so equal trees write
   * equal bytes however their pools are laid out.
   */
  write(w: SnapshotWriter, ids: Int32Array): void {
    if (this.root === NONE) {
      w.u8(0);
      return;
    }
    const stack = [this.root];
    for (let c = stack.pop(); c !== undefined; c = stack.pop()) {
      if (c < 0) w.u8(2).u32(ids[this.leafPoint[~c] as number] as number).u32(this.leafMass[~c] as number);
      else {
        w.u8(1).u32(this.cutDim[c] as number).f64(this.cutValue[c] as number);
        stack.push(this.right[c] as number, this.left[c] as number);
      }
    }
  }

  /** Rebuilds a tree written by {@link RcfTree.write} into this empty tree; the ids are the store's slots. */
  read(r: SnapshotReader, store: RcfPointStore, points: number, where: string): void {
    const bad = (what: string): EstimatorConfigError => new EstimatorConfigError(`${where}: snapshot holds a malformed tree (${what})`);
    // Pending children: (parent, 0 left / 1 right), the root's parent being NONE.
    const pending = [NONE, 0];
    const internal: number[] = [];
    while (pending.length > 0) {
      const side = pending.pop() as number;
      const above = pending.pop() as number;
      const tag = r.u8();
      let c: number;
      if (tag === 0 && above === NONE) return;
      if (tag === 2) {
        const slot = r.u32();
        const mass = r.u32();
        if (slot >= points || mass < 1 || this.freeLeafCount === 0) throw bad(`leaf of point ${slot}, mass ${mass}`);
        const k = this.newLeaf(slot);
        this.leafMass[k] = mass;
        this.leafParent[k] = above;
        c = ~k;
      } else if (tag === 1) {
        const dim = r.u32();
        if (dim >= this.dim || this.freeNodeCount === 0) throw bad(`cut of dimension ${dim}`);
        const m = this.freeNodes[--this.freeNodeCount] as number;
        this.cutDim[m] = dim;
        this.cutValue[m] = r.f64();
        this.parent[m] = above;
        internal.push(m);
        pending.push(m, 1, m, 0);
        c = m;
      } else throw bad(`tag ${tag}`);
      if (above === NONE) this.root = c;
      else if (side === 0) this.left[above] = c;
      else this.right[above] = c;
    }
    // Children come after their parent in pre-order: fit from the last node back.
    const vals = store.values;
    for (let i = internal.length - 1; i >= 0; i--) {
      const m = internal[i] as number;
      this.mass[m] = this.massOf(this.left[m] as number) + this.massOf(this.right[m] as number);
      this.fitBox(m, vals);
    }
  }
}
