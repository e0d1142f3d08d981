import type { MapState } from "./descriptors.js";
import { TtlTable } from "./ttl-table.js";

/** Stamps of a map state: a map parallel to each key's map; entries expire one by one. @internal */
export class TtlMapTable<K> extends TtlTable<K, Map<unknown, number>> {
  handle<UK, UV>(key: () => K): MapState<UK, UV> {
    const { data, stamps } = this;
    const onRead = this.ttl.updateType === "onReadAndWrite";
    const empty = new Map<UK, UV>();
    /** The current key's map if it holds a live entry `uk` (refreshed with onReadAndWrite); drops it if expired. */
    const find = (uk: UK): Map<UK, UV> | undefined => {
      const k = key();
      const st = stamps.get(k) as Map<UK, number> | undefined;
      const s = st?.get(uk);
      if (st === undefined || s === undefined) return undefined;
      const m = data.get(k) as Map<UK, UV>;
      if (this.expired(s)) {
        this.remove(k, m, st, uk);
        return undefined;
      }
      if (onRead) st.set(uk, this.stampTime());
      return m;
    };
    /** The current key's map without its expired entries, every entry refreshed with onReadAndWrite. */
    const live = (): Map<UK, UV> => {
      const k = key();
      if (!this.purge(k)) return empty;
      if (onRead) {
        const t = this.stampTime();
        const st = stamps.get(k) as Map<UK, number>;
        for (const uk of st.keys()) st.set(uk, t);
      }
      return data.get(k) as Map<UK, UV>;
    };
    return {
      get: (uk) => find(uk)?.get(uk),
      put: (uk, uv) => {
        const k = key();
        let m = data.get(k) as Map<UK, UV> | undefined;
        let st = stamps.get(k) as Map<UK, number> | undefined;
        if (m === undefined || st === undefined) {
          data.set(k, (m = new Map()));
          stamps.set(k, (st = new Map()));
        }
        m.set(uk, uv);
        st.set(uk, this.stampTime());
      },
      contains: (uk) => find(uk) !== undefined,
      remove: (uk) => {
        const k = key();
        const st = stamps.get(k) as Map<UK, number> | undefined;
        if (st !== undefined) this.remove(k, data.get(k) as Map<UK, UV>, st, uk);
      },
      entries: () => live().entries(),
      keys: () => live().keys(),
      values: () => live().values(),
      isEmpty: () => !this.purge(key()),
      clear: () => {
        const k = key();
        data.delete(k);
        stamps.delete(k);
      },
    };
  }

  private remove<UK>(k: K, m: Map<UK, unknown>, st: Map<UK, number>, uk: UK): void {
    m.delete(uk);
    st.delete(uk);
    if (st.size === 0) {
      this.data.delete(k);
      this.stamps.delete(k);
    }
  }

  purge(k: K): boolean {
    const st = this.stamps.get(k);
    if (st === undefined) return false;
    const m = this.data.get(k) as Map<unknown, unknown>;
    const now = this.now();
    const ttlMs = this.ttl.ttlMs;
    for (const [uk, s] of st) {
      if (now - s < ttlMs) continue;
      m.delete(uk);
      st.delete(uk);
    }
    if (st.size > 0) return true;
    this.data.delete(k);
    this.stamps.delete(k);
    return false;
  }

  appendStamps(k: K, out: number[]): void {
    const st = this.stamps.get(k) as Map<unknown, number>;
    for (const uk of (this.data.get(k) as Map<unknown, unknown>).keys()) out.push(st.get(uk) as number);
  }

  restoreStamps(k: K, value: unknown, next: () => number): void {
    const st = new Map<unknown, number>();
    for (const uk of (value as Map<unknown, unknown>).keys()) st.set(uk, next());
    this.stamps.set(k, st);
  }
}
