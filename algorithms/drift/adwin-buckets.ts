/**
 * ADWIN's exponential histogram (Bifet & Gavaldà's ADWIN2): row `r` holds up to `maxBuckets`
 * buckets of `2^r` values each, oldest first within a row; row 0 holds the newest values and the
 * last row the oldest. Each bucket keeps the sum of its values and their sum of squared
 * deviations from the bucket mean. Rows are preallocated in flat Float64Arrays, so inserting,
 * merging and dropping buckets allocate nothing.
 * @internal
 */
export class AdwinBuckets {
  /** Rows ever needed: a window of 2^53 values (the last exact integer) fits in 54 rows. */
  static readonly MAX_ROWS = 64;

  /** Slots per row: one more than `maxBuckets`, the overflow that triggers a merge. */
  readonly stride: number;
  /** Buckets in each row. */
  readonly counts = new Int32Array(AdwinBuckets.MAX_ROWS);
  /** Sum of the values of bucket `k` of row `r` at `r * stride + k`. */
  readonly totals: Float64Array;
  /** Sum of squared deviations from the bucket mean, same layout as `totals`. */
  readonly variances: Float64Array;
  /** Rows in use (the oldest row is `nRows − 1`). */
  nRows = 1;

  constructor(readonly maxBuckets: number) {
    this.stride = maxBuckets + 1;
    this.totals = new Float64Array(AdwinBuckets.MAX_ROWS * this.stride);
    this.variances = new Float64Array(AdwinBuckets.MAX_ROWS * this.stride);
  }

  /** Adds a bucket of one value to row 0, then merges overflowing rows upwards. */
  insert(value: number): void {
    this.push(0, value, 0);
    this.compress();
  }

  private push(row: number, total: number, variance: number): void {
    const at = row * this.stride + (this.counts[row] ?? 0);
    this.totals[at] = total;
    this.variances[at] = variance;
    this.counts[row] = (this.counts[row] ?? 0) + 1;
  }

  /** Drops the first `n` buckets of `row` by shifting the rest left. */
  private shift(row: number, n: number): void {
    const start = row * this.stride;
    const count = this.counts[row] ?? 0;
    // Rows hold at most maxBuckets + 1 entries: plain loops beat copyWithin/fill calls here (estimators.bench.ts, ADWIN).
    const { totals, variances } = this;
    for (let i = start; i < start + count - n; i++) {
      totals[i] = totals[i + n] ?? 0;
      variances[i] = variances[i + n] ?? 0;
    }
    for (let i = start + count - n; i < start + count; i++) {
      totals[i] = 0;
      variances[i] = 0;
    }
    this.counts[row] = count - n;
  }

  /** Merges the two oldest buckets of each row that holds `maxBuckets + 1` into the next row. */
  private compress(): void {
    const m = this.maxBuckets;
    for (let row = 0; row < AdwinBuckets.MAX_ROWS - 1; row++) {
      if (this.counts[row] !== m + 1) return;
      if (row + 1 === this.nRows) this.nRows++;
      const size = 2 ** row;
      const at = row * this.stride;
      const t1 = this.totals[at] ?? 0;
      const t2 = this.totals[at + 1] ?? 0;
      const d = t1 / size - t2 / size;
      // Chan et al.: merging two equal-size buckets adds n1·n2/(n1+n2)·(μ1 − μ2)² = size/2·(μ1 − μ2)².
      const v = (this.variances[at] ?? 0) + (this.variances[at + 1] ?? 0) + size * 0.5 * d * d;
      this.push(row + 1, t1 + t2, v);
      this.shift(row, 2);
    }
  }

  /** Removes the oldest bucket; returns its `[size, total, variance]` through `out`. */
  removeOldest(out: Float64Array): void {
    const row = this.nRows - 1;
    const at = row * this.stride;
    out[0] = 2 ** row;
    out[1] = this.totals[at] ?? 0;
    out[2] = this.variances[at] ?? 0;
    this.shift(row, 1);
    // With maxBuckets = 1 a merge empties its row, so rows below the oldest can be empty too.
    while (this.nRows > 1 && this.counts[this.nRows - 1] === 0) this.nRows--;
  }

  clear(): void {
    this.counts.fill(0);
    this.totals.fill(0);
    this.variances.fill(0);
    this.nRows = 1;
  }
}
