import type { ValueState } from "./descriptors.js";
import { TtlTable } from "./ttl-table.js";

/** Stamps of a value state: one per key. @internal */
export class TtlValueTable<K> extends TtlTable<K, number> {
  handle<V>(defaultValue: V, key: () => K): ValueState<V> {
    const { data, stamps } = this;
    const onRead = this.ttl.updateType === "onReadAndWrite";
    return {
      value: () => {
        const k = key();
        const s = stamps.get(k);
        if (s === undefined) return defaultValue;
        if (this.expired(s)) {
          data.delete(k);
          stamps.delete(k);
          return defaultValue;
        }
        if (onRead) stamps.set(k, this.stampTime());
        return data.get(k) as V;
      },
      update: (v) => {
        const k = key();
        data.set(k, v);
        stamps.set(k, this.stampTime());
      },
      clear: () => {
        const k = key();
        data.delete(k);
        stamps.delete(k);
      },
    };
  }

  purge(k: K): boolean {
    const s = this.stamps.get(k);
    if (s === undefined) return false;
    if (!this.expired(s)) return true;
    this.data.delete(k);
    this.stamps.delete(k);
    return false;
  }

  appendStamps(k: K, out: number[]): void {
    out.push(this.stamps.get(k) as number);
  }

  restoreStamps(k: K, _value: unknown, next: () => number): void {
    this.stamps.set(k, next());
  }
}
