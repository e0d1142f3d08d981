import type {
  ListState,
  ListStateDescriptor,
  MapState,
  MapStateDescriptor,
  ValueState,
  ValueStateDescriptor,
} from "./descriptors.js";

/**
 * The content of a {@link KeyedStateBackend} for a checkpoint: per state name its kind and, per
 * key, the value (value state), a copy of the list (list state) or of the map (map state). The
 * values themselves are the user's, stored as they are.
 * @internal
 */
export interface KeyedStateSnapshot<K> {
  readonly tables: readonly { readonly name: string; readonly kind: string; readonly data: Map<K, unknown> }[];
}

/** Copies the backend's own containers (lists and maps are updated in place), not the values in them. */
function copyEntry(kind: string, value: unknown): unknown {
  if (kind === "list") return [...(value as unknown[])];
  if (kind === "map") return new Map(value as Map<unknown, unknown>);
  return value;
}

/**
 * Heap keyed state: one `Map<key, value>` per state name, scoped to the current key set by the
 * operator before it calls user code. Clearing a key's state deletes its entry, so state does not
 * grow with keys that are gone.
 * @internal
 */
export class KeyedStateBackend<K> {
  currentKey: K | undefined = undefined;
  private readonly tables = new Map<string, { kind: string; data: Map<K, unknown> }>();

  private table(name: string, kind: string): Map<K, unknown> {
    let t = this.tables.get(name);
    if (t === undefined) {
      t = { kind, data: new Map() };
      this.tables.set(name, t);
    } else if (t.kind !== kind) {
      throw new TypeError(`state "${name}" is already registered as ${t.kind} state, not ${kind} state`);
    }
    return t.data;
  }

  private key(): K {
    if (this.currentKey === undefined) throw new Error("keyed state accessed outside a keyed context");
    return this.currentKey;
  }

  getValueState<V>(d: ValueStateDescriptor<V>): ValueState<V> {
    const data = this.table(d.name, "value");
    return {
      value: () => {
        const k = this.key();
        return data.has(k) ? (data.get(k) as V) : d.defaultValue;
      },
      update: (v) => void data.set(this.key(), v),
      clear: () => void data.delete(this.key()),
    };
  }

  getListState<V>(d: ListStateDescriptor<V>): ListState<V> {
    const data = this.table(d.name, "list");
    const list = (create: boolean): V[] | undefined => {
      const k = this.key();
      let l = data.get(k) as V[] | undefined;
      if (l === undefined && create) {
        l = [];
        data.set(k, l);
      }
      return l;
    };
    return {
      get: () => list(false) ?? [],
      add: (v) => void list(true)!.push(v),
      addAll: (vs) => void list(true)!.push(...vs),
      update: (vs) => (vs.length === 0 ? void data.delete(this.key()) : void data.set(this.key(), [...vs])),
      clear: () => void data.delete(this.key()),
    };
  }

  getMapState<UK, UV>(d: MapStateDescriptor<UK, UV>): MapState<UK, UV> {
    const data = this.table(d.name, "map");
    const map = (create: boolean): Map<UK, UV> | undefined => {
      const k = this.key();
      let m = data.get(k) as Map<UK, UV> | undefined;
      if (m === undefined && create) {
        m = new Map();
        data.set(k, m);
      }
      return m;
    };
    const empty = new Map<UK, UV>();
    return {
      get: (uk) => map(false)?.get(uk),
      put: (uk, uv) => void map(true)!.set(uk, uv),
      contains: (uk) => map(false)?.has(uk) ?? false,
      remove: (uk) => {
        const m = map(false);
        if (m === undefined) return;
        m.delete(uk);
        if (m.size === 0) data.delete(this.key());
      },
      entries: () => (map(false) ?? empty).entries(),
      keys: () => (map(false) ?? empty).keys(),
      values: () => (map(false) ?? empty).values(),
      isEmpty: () => (map(false)?.size ?? 0) === 0,
      clear: () => void data.delete(this.key()),
    };
  }

  /** Every table's content, in registration and key order; shares no container with the backend. */
  snapshot(): KeyedStateSnapshot<K> {
    const tables: { name: string; kind: string; data: Map<K, unknown> }[] = [];
    for (const [name, t] of this.tables) {
      const data = new Map<K, unknown>();
      for (const [k, v] of t.data) data.set(k, copyEntry(t.kind, v));
      tables.push({ name, kind: t.kind, data });
    }
    return { tables };
  }

  /**
   * Puts back a {@link snapshot}. Tables are filled in place, because state handles obtained in
   * `open` hold on to them; a name registered here with another kind fails, naming it.
   */
  restore(state: KeyedStateSnapshot<K>): void {
    for (const t of this.tables.values()) t.data.clear();
    for (const { name, kind, data } of state.tables) {
      if (kind !== "value" && kind !== "list" && kind !== "map") throw new Error(`state "${name}" has unknown kind ${String(kind)}`);
      const table = this.table(name, kind);
      for (const [k, v] of data) table.set(k, copyEntry(kind, v));
    }
  }

  /** Number of keys holding any state (for tests that check state does not leak). */
  keyCount(): number {
    const keys = new Set<K>();
    for (const t of this.tables.values()) for (const k of t.data.keys()) keys.add(k);
    return keys.size;
  }
}
