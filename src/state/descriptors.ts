/**
 * Names a piece of keyed state and its default (Flink's `StateDescriptor`). The same descriptor
 * always resolves to the same state within an operator; the value seen depends on the current key.
 * @public
 */
export class ValueStateDescriptor<V> {
  readonly kind = "value";
  constructor(
    readonly name: string,
    /** Returned by `value()` when nothing was stored for the current key. */
    readonly defaultValue: V,
  ) {}
}

/** Descriptor of a {@link ListState}. @public */
export class ListStateDescriptor<V> {
  readonly kind = "list";
  declare readonly __element?: V;
  constructor(readonly name: string) {}
}

/** Descriptor of a {@link MapState}. @public */
export class MapStateDescriptor<UK, UV> {
  readonly kind = "map";
  declare readonly __entry?: [UK, UV];
  constructor(readonly name: string) {}
}

/** One value per key. @public */
export interface ValueState<V> {
  value(): V;
  update(value: V): void;
  clear(): void;
}

/** A list of values per key. @public */
export interface ListState<V> {
  get(): readonly V[];
  add(value: V): void;
  addAll(values: readonly V[]): void;
  update(values: readonly V[]): void;
  clear(): void;
}

/** A map per key. @public */
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
