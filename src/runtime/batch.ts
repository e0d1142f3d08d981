/**
 * A batch of records moving between chained operators: values and their event timestamps in
 * parallel arrays. Batches are owned by the operator that fills them and are only valid for the
 * duration of the synchronous call that delivers them; a receiver must not keep a reference.
 * A timestamp of `NaN` means "no timestamp assigned yet".
 * @internal
 */
export class Batch {
  values: unknown[];
  timestamps: Float64Array;
  length = 0;

  constructor(capacity = 64) {
    this.values = new Array<unknown>(capacity);
    this.timestamps = new Float64Array(capacity);
  }

  push(value: unknown, timestamp: number): void {
    const n = this.length;
    if (n === this.timestamps.length) this.grow(n * 2);
    this.values[n] = value;
    this.timestamps[n] = timestamp;
    this.length = n + 1;
  }

  clear(): void {
    // Drop references so emitted records can be collected once downstream is done with them.
    this.values.fill(undefined, 0, this.length);
    this.length = 0;
  }

  private grow(capacity: number): void {
    const ts = new Float64Array(capacity);
    ts.set(this.timestamps);
    this.timestamps = ts;
    this.values.length = capacity;
  }
}
