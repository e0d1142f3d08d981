const INITIAL_CAPACITY = 8;

/**
 * A set of cluster-feature (CF) vectors (Zhang et al. 1996, BIRCH): per micro-cluster its
 * weight n, the linear sum LS and the squared sum SS of its points in each dimension, stored
 * row-major in flat arrays, with the centres LS/n kept beside them for the nearest-centre search.
 *
 * @remarks
 * CFs are additive: absorbing points one by one, or merging two CFs, gives the CF of the union.
 * Absorbing with a decay f (DenStream's fading) first multiplies the row by f. The radius is the
 * RMS deviation of the points from their centre, √(Σᵢ SSᵢ/n − (LSᵢ/n)²), clamped at 0 because
 * the difference cancels when the points lie far from the origin compared with their spread.
 * A row's centre is always recomputed as LS/n, so it is a function of the CF alone (a restored
 * set has bit-identical centres). Removing a row moves the last row into its place. Rows are
 * never empty: every row is made from a point of weight > 0.
 * @internal
 */
export class ClusterFeatures {
  /** Rows in use. */
  size = 0;
  /** Per row: the weight n. */
  n: Float64Array;
  /** Row-major size×d: the linear sums, the squared sums, the centres LS/n. */
  ls: Float64Array;
  ss: Float64Array;
  centers: Float64Array;

  constructor(
    readonly d: number,
    capacity = INITIAL_CAPACITY,
  ) {
    const c = Math.max(1, capacity);
    this.n = new Float64Array(c);
    this.ls = new Float64Array(c * d);
    this.ss = new Float64Array(c * d);
    this.centers = new Float64Array(c * d);
  }

  /** Rows that fit before the arrays grow. */
  get capacity(): number {
    return this.n.length;
  }

  /** Appends the CF of the single point x with weight w; returns its row. */
  push(x: Float64Array, w = 1): number {
    if (this.size === this.n.length) this.grow(2 * this.size);
    const j = this.size++;
    this.reset(j, x, w);
    return j;
  }

  /** Appends a copy of row j of `other` (of the same d); returns its row. */
  pushRow(other: ClusterFeatures, j: number): number {
    if (this.size === this.n.length) this.grow(2 * this.size);
    const to = this.size++;
    const d = this.d;
    this.n[to] = other.n[j] as number;
    this.ls.set(other.ls.subarray(j * d, j * d + d), to * d);
    this.ss.set(other.ss.subarray(j * d, j * d + d), to * d);
    this.refresh(to);
    return to;
  }

  /** Makes row j the CF of the single point x with weight w. */
  reset(j: number, x: Float64Array, w = 1): void {
    const { d, ls, ss } = this;
    this.n[j] = w;
    const row = j * d;
    for (let i = 0; i < d; i++) {
      const v = x[i] as number;
      ls[row + i] = w * v;
      ss[row + i] = w * v * v;
    }
    this.refresh(j);
  }

  /** Row j ← decay·row j + CF of x with weight w (decay 1: plain absorption). */
  absorb(j: number, x: Float64Array, w = 1, decay = 1): void {
    const { d, ls, ss } = this;
    this.n[j] = decay * (this.n[j] as number) + w;
    const row = j * d;
    for (let i = 0; i < d; i++) {
      const v = x[i] as number;
      ls[row + i] = decay * (ls[row + i] as number) + w * v;
      ss[row + i] = decay * (ss[row + i] as number) + w * v * v;
    }
    this.refresh(j);
  }

  /** Row `into` ← row `into` + row `from` (from ≠ into; row `from` is left as it was). */
  merge(into: number, from: number): void {
    const { d, ls, ss } = this;
    this.n[into] = (this.n[into] as number) + (this.n[from] as number);
    const a = into * d;
    const b = from * d;
    for (let i = 0; i < d; i++) {
      ls[a + i] = (ls[a + i] as number) + (ls[b + i] as number);
      ss[a + i] = (ss[a + i] as number) + (ss[b + i] as number);
    }
    this.refresh(into);
  }

  /** Deletes row j by moving the last row into it. */
  remove(j: number): void {
    const last = --this.size;
    if (j === last) return;
    const d = this.d;
    this.n[j] = this.n[last] as number;
    this.ls.copyWithin(j * d, last * d, last * d + d);
    this.ss.copyWithin(j * d, last * d, last * d + d);
    this.centers.copyWithin(j * d, last * d, last * d + d);
  }

  /** RMS deviation of row j's points from its centre. */
  radius(j: number): number {
    const { d, ls, ss } = this;
    const n = this.n[j] as number;
    const row = j * d;
    let s = 0;
    for (let i = 0; i < d; i++) {
      const m = (ls[row + i] as number) / n;
      s += (ss[row + i] as number) / n - m * m;
    }
    return Math.sqrt(Math.max(0, s));
  }

  /** The radius row j would have after `absorb(j, x, w, decay)`, without changing it. */
  radiusAfter(j: number, x: Float64Array, w = 1, decay = 1): number {
    const { d, ls, ss } = this;
    const n = decay * (this.n[j] as number) + w;
    const row = j * d;
    let s = 0;
    for (let i = 0; i < d; i++) {
      const v = x[i] as number;
      const m = (decay * (ls[row + i] as number) + w * v) / n;
      s += (decay * (ss[row + i] as number) + w * v * v) / n - m * m;
    }
    return Math.sqrt(Math.max(0, s));
  }

  /** Replaces the contents by `size` rows read from a snapshot (n, LS, SS); centres are recomputed. */
  load(n: Float64Array, ls: Float64Array, ss: Float64Array): void {
    this.size = 0;
    if (n.length > this.n.length) this.grow(n.length);
    this.n.set(n);
    this.ls.set(ls);
    this.ss.set(ss);
    this.size = n.length;
    for (let j = 0; j < n.length; j++) this.refresh(j);
  }

  private refresh(j: number): void {
    const { d, ls, centers } = this;
    const n = this.n[j] as number;
    const row = j * d;
    for (let i = 0; i < d; i++) centers[row + i] = (ls[row + i] as number) / n;
  }

  private grow(capacity: number): void {
    const d = this.d;
    const copy = (a: Float64Array, width: number): Float64Array => {
      const b = new Float64Array(capacity * width);
      b.set(a.subarray(0, this.size * width));
      return b;
    };
    this.n = copy(this.n, 1);
    this.ls = copy(this.ls, d);
    this.ss = copy(this.ss, d);
    this.centers = copy(this.centers, d);
  }
}
