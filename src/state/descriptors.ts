import { resolveSerializer, type StateSerializer } from "./serializer.js";
import { resolveTtl, type StateTtlConfig } from "./ttl-config.js";

/**
 * Options of every state descriptor. `V` is what the serializer converts: the value of a
 * value state, each element of a list state, each value of a map state.
 * @public
 */
export interface StateDescriptorOptions<V = unknown> {
  /** Time to live of the state's entries (see {@link StateTtlConfig}); default none: entries live until cleared. */
  readonly ttl?: StateTtlConfig;
  /**
   * Converts values to bytes at a checkpoint and back at a restore (see {@link StateSerializer}),
   * so the state can hold live objects (models, class instances); default none: values are
   * stored as they are and must be plain data.
   */
  readonly serializer?: StateSerializer<V>;
}

/**
 * Names a piece of keyed state and its default (Flink's `StateDescriptor`). The same descriptor
 * always resolves to the same state within an operator; the value seen depends on the current key.
 * Descriptors of one name must agree on kind, TTL and on having a serializer.
 * @example
 * ```ts
 * import { ValueStateDescriptor } from "streamine";
 * // a per-key count that is forgotten 10 minutes (processing time) after its last update
 * const count = new ValueStateDescriptor("count", 0, { ttl: { ttlMs: 600_000 } });
 * expect(count.ttl?.updateType).toBe("onCreateAndWrite");
 * ```
 * @public
 */
export class ValueStateDescriptor<V> {
  readonly kind = "value";
  /** The TTL with its defaults filled in, or null when entries live until cleared. */
  readonly ttl: Readonly<Required<StateTtlConfig>> | null;
  /** Converts values at checkpoints, or null: values are checkpointed as they are. */
  readonly serializer: StateSerializer<V> | null;
  constructor(
    readonly name: string,
    /** Returned by `value()` when nothing (or only an expired value) is stored for the current key. */
    readonly defaultValue: V,
    options: StateDescriptorOptions<V> = {},
  ) {
    this.ttl = resolveTtl(`ValueStateDescriptor("${name}")`, options);
    this.serializer = resolveSerializer(`ValueStateDescriptor("${name}")`, options);
  }
}

/** Descriptor of a {@link ListState}; with a TTL, each element expires on its own (as in Flink). @public */
export class ListStateDescriptor<V> {
  readonly kind = "list";
  declare readonly __element?: V;
  /** The TTL with its defaults filled in, or null when elements live until cleared. */
  readonly ttl: Readonly<Required<StateTtlConfig>> | null;
  /** Converts each element at checkpoints, or null: elements are checkpointed as they are. */
  readonly serializer: StateSerializer<V> | null;
  constructor(
    readonly name: string,
    options: StateDescriptorOptions<V> = {},
  ) {
    this.ttl = resolveTtl(`ListStateDescriptor("${name}")`, options);
    this.serializer = resolveSerializer(`ListStateDescriptor("${name}")`, options);
  }
}

/** Descriptor of a {@link MapState}; with a TTL, each map entry expires on its own (as in Flink). @public */
export class MapStateDescriptor<UK, UV> {
  readonly kind = "map";
  declare readonly __entry?: [UK, UV];
  /** The TTL with its defaults filled in, or null when entries live until cleared. */
  readonly ttl: Readonly<Required<StateTtlConfig>> | null;
  /** Converts each map value (not the map keys) at checkpoints, or null: entries are checkpointed as they are. */
  readonly serializer: StateSerializer<UV> | null;
  constructor(
    readonly name: string,
    options: StateDescriptorOptions<UV> = {},
  ) {
    this.ttl = resolveTtl(`MapStateDescriptor("${name}")`, options);
    this.serializer = resolveSerializer(`MapStateDescriptor("${name}")`, options);
  }
}

/** One value per key; an expired value (with a TTL) reads as the descriptor's default. @public */
export interface ValueState<V> {
  value(): V;
  update(value: V): void;
  clear(): void;
}

/**
 * A list of values per key. With a TTL, `get()` leaves out expired elements; `add` and `addAll`
 * stamp only the elements they add, `update` stamps them all, and with `"onReadAndWrite"` `get`
 * refreshes every element.
 * @public
 */
export interface ListState<V> {
  get(): readonly V[];
  add(value: V): void;
  addAll(values: readonly V[]): void;
  update(values: readonly V[]): void;
  clear(): void;
}

/**
 * A map per key. With a TTL, expired entries are absent from every method; with
 * `"onReadAndWrite"`, `get` and `contains` refresh the entry they find, and `entries`, `keys` and
 * `values` refresh every entry of the current key.
 * @public
 */
export interface MapState<UK, UV> {
  get(key: UK): UV | undefined;
  put(key: UK, value: UV): void;
  contains(key: UK): boolean;
  remove(key: UK): void;
  entries(): IterableIterator<[UK, UV]>;
  keys(): IterableIterator<UK>;
  values(): IterableIterator<UV>;
  isEmpty(): boolean;
  clear(): void;
}
