/**
 * Itemsets as a search finds them, in growing typed arrays rather than one object each: itemset
 * k holds `codes[start[k] .. start[k + 1])` and occurs in `count[k]` transactions.
 * @internal
 */
export class ItemsetBuffer {
  private startBuf: Int32Array = new Int32Array(256);
  private codeBuf: Int32Array = new Int32Array(1024);
  private countBuf: Int32Array = new Int32Array(256);
  private n = 0;

  /** Number of itemsets. */
  get size(): number {
    return this.n;
  }

  get start(): Int32Array {
    return this.startBuf.subarray(0, this.n + 1);
  }

  get codes(): Int32Array {
    return this.codeBuf.subarray(0, this.startBuf[this.n] as number);
  }

  get count(): Int32Array {
    return this.countBuf.subarray(0, this.n);
  }

  /** Adds the itemset `codes[0 .. length)` with support `count`. */
  push(codes: Int32Array, length: number, count: number): void {
    const end = this.startBuf[this.n] as number;
    if (this.n + 2 > this.startBuf.length) {
      this.startBuf = grow(this.startBuf, this.n + 2);
      this.countBuf = grow(this.countBuf, this.n + 2);
    }
    if (end + length > this.codeBuf.length) this.codeBuf = grow(this.codeBuf, end + length);
    for (let i = 0; i < length; i++) this.codeBuf[end + i] = codes[i] as number;
    this.countBuf[this.n] = count;
    this.n++;
    this.startBuf[this.n] = end + length;
  }
}

function grow(a: Int32Array, atLeast: number): Int32Array {
  const out = new Int32Array(Math.max(2 * a.length, atLeast));
  out.set(a);
  return out;
}
