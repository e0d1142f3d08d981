/**
 * A binary min-heap of timers ordered by time, then by insertion order so equal times fire
 * in the order they were registered.
 * @internal
 */
export class TimerHeap<P> {
  private times: number[] = [];
  private seqs: number[] = [];
  private payloads: P[] = [];
  private seq = 0;

  get size(): number {
    return this.times.length;
  }

  peekTime(): number {
    return this.times.length > 0 ? (this.times[0] as number) : Infinity;
  }

  push(time: number, payload: P): void {
    this.times.push(time);
    this.seqs.push(this.seq++);
    this.payloads.push(payload);
    this.up(this.times.length - 1);
  }

  /** Removes and returns the earliest payload; call only when `size > 0`. */
  pop(): P {
    const top = this.payloads[0] as P;
    const last = this.times.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.seqs.pop();
    this.payloads.pop();
    if (last > 0) this.down(0);
    return top;
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a] as number;
    const tb = this.times[b] as number;
    return ta < tb || (ta === tb && (this.seqs[a] as number) < (this.seqs[b] as number));
  }

  private swap(a: number, b: number): void {
    const t = this.times[a] as number;
    this.times[a] = this.times[b] as number;
    this.times[b] = t;
    const s = this.seqs[a] as number;
    this.seqs[a] = this.seqs[b] as number;
    this.seqs[b] = s;
    const p = this.payloads[a] as P;
    this.payloads[a] = this.payloads[b] as P;
    this.payloads[b] = p;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.times.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}
