import type {
  ListState,
  ListStateDescriptor,
  MapState,
  MapStateDescriptor,
  ValueState,
  ValueStateDescriptor,
} from "./descriptors.js";
import { checkSerializedForm, decodeEntry, encodeEntry, type StateSerializer } from "./serializer.js";
import { sameTtl, type StateTtlConfig } from "./ttl-config.js";
import { TtlListTable } from "./ttl-list-table.js";
import { TtlMapTable } from "./ttl-map-table.js";
import { TtlTime, type TtlTable } from "./ttl-table.js";
import { TtlValueTable } from "./ttl-value-table.js";

type Kind = "value" | "list" | "map";
type Ttl = Readonly<Required<StateTtlConfig>>;
type Serializer = StateSerializer<unknown>;

/** The table of last-access times for state of `kind`. */
function ttlTable<K>(kind: Kind, data: Map<K, unknown>, ttl: Ttl, time: TtlTime): TtlTable<K, unknown> {
  if (kind === "value") return new TtlValueTable(data, ttl, time);
  if (kind === "list") return new TtlListTable(data, ttl, time);
  return new TtlMapTable(data, ttl, time);
}

/**
 * The content of a {@link KeyedStateBackend} for a checkpoint: per state name its kind and, per
 * key, the value (value state), a copy of the list (list state) or of the map (map state). The
 * values themselves are the user's, stored as they are. State with a TTL adds `stamps`: the
 * last-access time of every value, list element or map entry, in the order of `data` (a flat
 * array keeps the checkpoint small); expired entries are left out. State whose descriptor has a
 * serializer is `serialized`: each value (list element, map value) is the serializer's bytes.
 * @internal
 */
export interface KeyedStateSnapshot<K> {
  readonly tables: readonly {
    readonly name: string;
    readonly kind: string;
    readonly data: Map<K, unknown>;
    readonly stamps?: Float64Array;
    readonly serialized?: boolean;
  }[];
}

/** One state name's entries. */
interface Table<K> {
  readonly kind: Kind;
  readonly data: Map<K, unknown>;
  /** False until a descriptor asks for the table: a restore creates the tables it finds. */
  registered: boolean;
  /** The last-access times when the descriptor has a TTL. */
  ttl: TtlTable<K, unknown> | null;
  /** Stamps restored into a table no descriptor has asked for yet, kept as the checkpoint held them. */
  pendingStamps: Float64Array | null;
  /** The descriptor's serializer: values stay live objects and are converted at checkpoints only. */
  serializer: Serializer | null;
  /** The entries are still the checkpoint's bytes: restored before a descriptor asked for the table. */
  encoded: boolean;
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
 * grow with keys that are gone. State with a TTL keeps its last-access times in a parallel map
 * (see {@link TtlTable}); the operator sets {@link time} and calls {@link cleanupIncrementally}.
 * @internal
 */
export class KeyedStateBackend<K> {
  currentKey: K | undefined = undefined;
  /** The times TTL state is checked against and stamped with; the operator keeps them current. */
  readonly time = new TtlTime();
  /** Whether some registered state has a TTL (the operator skips the TTL bookkeeping otherwise). */
  hasTtl = false;
  private readonly tables = new Map<string, Table<K>>();
  private readonly ttlTables: TtlTable<K, unknown>[] = [];

  private table(name: string, kind: Kind): Table<K> {
    let t = this.tables.get(name);
    if (t === undefined) {
      t = { kind, data: new Map(), registered: false, ttl: null, pendingStamps: null, serializer: null, encoded: false };
      this.tables.set(name, t);
    } else if (t.kind !== kind) {
      throw new TypeError(`state "${name}" is already registered as ${t.kind} state, not ${kind} state`);
    }
    return t;
  }

  /**
   * The table of a descriptor; the first descriptor of a name fixes its TTL and serializer. Entries
   * restored before it (still bytes) are deserialized now.
   */
  private register(name: string, kind: Kind, ttl: Ttl | null, serializer: Serializer | null): Table<K> {
    const t = this.table(name, kind);
    if (t.registered) {
      if (!sameTtl(t.ttl?.ttl ?? null, ttl)) throw new TypeError(`state "${name}" is already registered with another ttl`);
      if ((t.serializer === null) !== (serializer === null)) {
        throw new TypeError(`state "${name}" is already registered ${t.serializer === null ? "without" : "with"} a serializer`);
      }
      return t;
    }
    checkSerializedForm(name, t.encoded, serializer, t.data.size);
    t.registered = true;
    t.serializer = serializer;
    if (t.encoded && serializer !== null) for (const [k, v] of t.data) t.data.set(k, decodeEntry(name, kind, k, v, serializer));
    t.encoded = false;
    if (ttl !== null) {
      t.ttl = ttlTable(kind, t.data, ttl, this.time);
      this.ttlTables.push(t.ttl);
      this.hasTtl = true;
      this.fillStamps(name, t, t.pendingStamps);
    }
    t.pendingStamps = null;
    return t;
  }

  /**
   * Gives every entry of a TTL table restored stamps, or, when the checkpoint has none (the
   * state had no TTL then), the current time: the TTL of old entries starts at the restore.
   */
  private fillStamps(name: string, t: Table<K>, stamps: Float64Array | null): void {
    const ttl = t.ttl;
    if (ttl === null || t.data.size === 0) return;
    let i = 0;
    const now = ttl.stampTime();
    const next = stamps === null ? () => now : () => stamps[i++] as number;
    for (const [k, v] of t.data) ttl.restoreStamps(k, v, next);
    if (stamps !== null && i !== stamps.length) {
      throw new Error(`state "${name}": the checkpoint holds ${stamps.length} TTL timestamps for ${i} entries`);
    }
  }

  /** Checks `steps` × `incrementalCleanupSize` keys of every TTL state for expired entries. */
  cleanupIncrementally(steps: number): void {
    for (const t of this.ttlTables) t.cleanup(steps * t.ttl.incrementalCleanupSize);
  }

  private key(): K {
    if (this.currentKey === undefined) throw new Error("keyed state accessed outside a keyed context");
    return this.currentKey;
  }

  getValueState<V>(d: ValueStateDescriptor<V>): ValueState<V> {
    const { data, ttl } = this.register(d.name, "value", d.ttl ?? null, (d.serializer ?? null) as Serializer | null);
    if (ttl !== null) return (ttl as TtlValueTable<K>).handle(d.defaultValue, () => this.key());
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
    const { data, ttl } = this.register(d.name, "list", d.ttl ?? null, (d.serializer ?? null) as Serializer | null);
    if (ttl !== null) return (ttl as TtlListTable<K>).handle(() => this.key());
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
    const { data, ttl } = this.register(d.name, "map", d.ttl ?? null, (d.serializer ?? null) as Serializer | null);
    if (ttl !== null) return (ttl as TtlMapTable<K>).handle(() => this.key());
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

  /**
   * Every table's content, in registration and key order; shares no container with the backend.
   * Expired TTL entries are dropped on the way (Flink's `cleanupFullSnapshot`), so a checkpoint
   * holds live state only: set {@link time} first. Values of state with a serializer are
   * serialized here, and only here.
   */
  snapshot(): KeyedStateSnapshot<K> {
    const tables: { name: string; kind: string; data: Map<K, unknown>; stamps?: Float64Array; serialized?: boolean }[] = [];
    for (const [name, t] of this.tables) {
      const data = new Map<K, unknown>();
      const s = t.serializer;
      const entry = (k: K, v: unknown): unknown => (s === null ? copyEntry(t.kind, v) : encodeEntry(name, t.kind, k, v, s));
      const form = s !== null || t.encoded ? { serialized: true } : {};
      const ttl = t.ttl;
      if (ttl === null) {
        for (const [k, v] of t.data) data.set(k, entry(k, v));
        tables.push(t.pendingStamps === null ? { name, kind: t.kind, data, ...form } : { name, kind: t.kind, data, stamps: t.pendingStamps.slice(), ...form });
        continue;
      }
      const stamps: number[] = [];
      for (const [k, v] of t.data) {
        if (!ttl.purge(k)) continue;
        data.set(k, entry(k, v));
        ttl.appendStamps(k, stamps);
      }
      tables.push({ name, kind: t.kind, data, stamps: Float64Array.from(stamps), ...form });
    }
    return { tables };
  }

  /**
   * Puts back a {@link snapshot}. Tables are filled in place, because state handles obtained in
   * `open` hold on to them; a name registered here with another kind fails, naming it. TTL stamps
   * come back with their entries (set {@link time} first: state that gained a TTL since the
   * checkpoint is stamped with the current time); they are dropped for state that lost its TTL.
   * Serialized values are deserialized with the descriptor's serializer, or, for a name no
   * descriptor has asked for yet, kept as bytes until one does.
   */
  restore(state: KeyedStateSnapshot<K>): void {
    for (const t of this.tables.values()) {
      t.data.clear();
      t.ttl?.clear();
      t.pendingStamps = null;
      t.encoded = false;
    }
    for (const { name, kind, data, stamps, serialized } of state.tables) {
      if (kind !== "value" && kind !== "list" && kind !== "map") throw new Error(`state "${name}" has unknown kind ${String(kind)}`);
      const table = this.table(name, kind);
      const encoded = serialized === true;
      const s = table.serializer;
      if (table.registered) checkSerializedForm(name, encoded, s, data.size);
      for (const [k, v] of data) table.data.set(k, encoded && s !== null ? decodeEntry(name, kind, k, v, s) : copyEntry(kind, v));
      table.encoded = encoded && !table.registered;
      if (table.ttl !== null) this.fillStamps(name, table, stamps ?? null);
      else if (!table.registered && stamps !== undefined) table.pendingStamps = stamps;
    }
  }

  /**
   * Number of keys holding any state (for tests that check state does not leak); expired TTL
   * entries count until the cleanup reaches them.
   */
  keyCount(): number {
    const keys = new Set<K>();
    for (const t of this.tables.values()) for (const k of t.data.keys()) keys.add(k);
    return keys.size;
  }
}
