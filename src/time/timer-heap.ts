/**
 * The timers of a {@link TimerHeap} in firing order (by time, then registration), with the
 * registration number of each and the next one to hand out, so a restored heap breaks ties
 * exactly as the original would have. Payloads are whatever the owner maps them to.
 * @internal
 */
export interface TimerHeapState<Q> {
  readonly times: readonly number[];
  readonly seqs: readonly number[];
  readonly payloads: readonly Q[];
  readonly nextSeq: number;
}

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

  /**
   * The timers for a checkpoint, in firing order; `map` turns each payload into plain data, or
   * into undefined to leave that timer out (one the owner knows can never fire).
   */
  snapshot<Q>(map: (payload: P) => Q | undefined): TimerHeapState<Q> {
    const order = Array.from(this.times.keys()).sort((a, b) => (this.less(a, b) ? -1 : 1));
    const times: number[] = [];
    const seqs: number[] = [];
    const payloads: Q[] = [];
    for (const i of order) {
      const q = map(this.payloads[i] as P);
      if (q === undefined) continue;
      times.push(this.times[i] as number);
      seqs.push(this.seqs[i] as number);
      payloads.push(q);
    }
    return { times, seqs, payloads, nextSeq: this.seq };
  }

  /** Replaces the content with a {@link snapshot} (a sorted array is a valid heap). */
  restore<Q>(state: TimerHeapState<Q>, map: (q: Q) => P): void {
    const { times, seqs, payloads } = state;
    if (seqs.length !== times.length || payloads.length !== times.length) throw new Error("timer state is corrupt (column lengths differ)");
    this.times = [...times];
    this.seqs = [...seqs];
    this.payloads = payloads.map(map);
    this.seq = state.nextSeq;
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
