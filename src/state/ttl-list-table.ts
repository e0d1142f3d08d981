import type { ListState } from "./descriptors.js";
import { TtlTable } from "./ttl-table.js";

/** Stamps of a list state: an array parallel to each key's list; elements expire one by one. @internal */
export class TtlListTable<K> extends TtlTable<K, number[]> {
  handle<V>(key: () => K): ListState<V> {
    const { data, stamps } = this;
    const onRead = this.ttl.updateType === "onReadAndWrite";
    const append = (k: K, vs: readonly V[]): void => {
      const t = this.stampTime();
      const l = data.get(k) as V[] | undefined;
      if (l === undefined) {
        data.set(k, [...vs]);
        stamps.set(k, new Array<number>(vs.length).fill(t));
        return;
      }
      const st = stamps.get(k) as number[];
      for (const v of vs) {
        l.push(v);
        st.push(t);
      }
    };
    const add = (k: K, v: V): void => {
      const t = this.stampTime();
      const l = data.get(k) as V[] | undefined;
      if (l === undefined) {
        data.set(k, [v]);
        stamps.set(k, [t]);
      } else {
        l.push(v);
        (stamps.get(k) as number[]).push(t);
      }
    };
    return {
      get: () => {
        const k = key();
        if (!this.purge(k)) return [];
        if (onRead) (stamps.get(k) as number[]).fill(this.stampTime());
        return data.get(k) as V[];
      },
      add: (v) => add(key(), v),
      addAll: (vs) => (vs.length === 0 ? undefined : append(key(), vs)),
      update: (vs) => {
        const k = key();
        data.delete(k);
        stamps.delete(k);
        if (vs.length > 0) append(k, vs);
      },
      clear: () => {
        const k = key();
        data.delete(k);
        stamps.delete(k);
      },
    };
  }

  /** Compacts the list and its stamps in place, keeping the live elements in order. */
  purge(k: K): boolean {
    const st = this.stamps.get(k);
    if (st === undefined) return false;
    const l = this.data.get(k) as unknown[];
    const now = this.now();
    const ttlMs = this.ttl.ttlMs;
    let w = 0;
    for (let i = 0; i < st.length; i++) {
      const s = st[i] as number;
      if (now - s >= ttlMs) continue;
      l[w] = l[i];
      st[w] = s;
      w++;
    }
    if (w === 0) {
      this.data.delete(k);
      this.stamps.delete(k);
      return false;
    }
    l.length = w;
    st.length = w;
    return true;
  }

  appendStamps(k: K, out: number[]): void {
    for (const s of this.stamps.get(k) as number[]) out.push(s);
  }

  restoreStamps(k: K, value: unknown, next: () => number): void {
    const n = (value as unknown[]).length;
    const st = new Array<number>(n);
    for (let i = 0; i < n; i++) st[i] = next();
    this.stamps.set(k, st);
  }
}
