import { ConfigError } from "../errors.js";

/**
 * Turns state values into bytes and back (Flink's `TypeSerializer`), so that keyed state can hold
 * live objects — a model, a class instance — and still be checkpointed. The state backend keeps
 * the live object and calls the serializer only when a checkpoint is taken (`serialize`, once per
 * value) and when one is restored (`deserialize`); reads and writes never convert.
 *
 * @remarks
 * `serialize` must return bytes that the value will not change afterwards (a copy, not a scratch
 * buffer it keeps using), and `deserialize(serialize(v))` must behave as `v`. null and undefined
 * are checkpointed as they are, without the serializer. For list state the serializer converts
 * each element, for map state each value (map keys stay plain data). A checkpoint records which
 * state was serialized: restoring it into a descriptor that differs on having a serializer fails,
 * naming the state. Serializers apply to the keyed state of `KeyedStream.process` and of the
 * mining operators; trigger state ignores them, as it ignores TTL. Give the serializer
 * to the state descriptor: `new ValueStateDescriptor("model", null, { serializer })`. See
 * {@link estimatorSerializer} for estimators of `streamine/algorithms`.
 * @example
 * ```ts
 * import { ValueStateDescriptor, type StateSerializer } from "streamine";
 * class Counter {
 *   constructor(public n = 0) {}
 * }
 * const counterSerializer: StateSerializer<Counter> = {
 *   serialize: (c) => new Uint8Array(new Float64Array([c.n]).buffer),
 *   deserialize: (bytes) => new Counter(new Float64Array(bytes.slice().buffer)[0]),
 * };
 * const d = new ValueStateDescriptor<Counter | null>("counter", null, { serializer: counterSerializer });
 * expect(d.serializer).toBe(counterSerializer);
 * expect(counterSerializer.deserialize(counterSerializer.serialize(new Counter(7))).n).toBe(7);
 * ```
 * @public
 */
export interface StateSerializer<V> {
  /** The value as bytes, for a checkpoint. */
  serialize(value: V): Uint8Array;
  /** A value equivalent to the one `bytes` were made from. */
  deserialize(bytes: Uint8Array): V;
}

/** Checks a descriptor's `serializer` option; null without one. @internal */
export function resolveSerializer<V>(where: string, options: { readonly serializer?: StateSerializer<V> }): StateSerializer<V> | null {
  const s = options.serializer;
  if (s === undefined) return null;
  if (typeof s !== "object" || s === null || typeof s.serialize !== "function" || typeof s.deserialize !== "function") {
    throw new ConfigError(`${where}: serializer must be an object with serialize(value) and deserialize(bytes), such as estimatorSerializer(HalfSpaceTrees)`);
  }
  return s;
}

type Serializer = StateSerializer<unknown>;

const describeKey = (k: unknown): string => (typeof k === "string" ? JSON.stringify(k) : String(k));

/**
 * Converts an entry with the serializer, value by value (a list's elements, a map's values), into
 * new containers. null and undefined pass as they are: a nullable state needs no nullable serializer.
 */
function convertEntry(kind: string, value: unknown, convert: (v: unknown) => unknown): unknown {
  const one = (v: unknown): unknown => (v === null || v === undefined ? v : convert(v));
  if (kind === "list") return (value as unknown[]).map(one);
  if (kind === "map") {
    const out = new Map<unknown, unknown>();
    for (const [k, v] of value as Map<unknown, unknown>) out.set(k, one(v));
    return out;
  }
  return one(value);
}

/** The checkpoint form of a live entry (value, list or map state); the error names the state and the key. @internal */
export function encodeEntry(name: string, kind: string, key: unknown, value: unknown, s: Serializer): unknown {
  try {
    return convertEntry(kind, value, (v) => {
      const bytes = s.serialize(v);
      if (!(bytes instanceof Uint8Array)) throw new TypeError(`serialize returned ${bytes === null ? "null" : typeof bytes}, not a Uint8Array`);
      return bytes;
    });
  } catch (error) {
    throw new Error(`state "${name}", key ${describeKey(key)}: its serializer failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The live form of a checkpointed entry; the error names the state and the key. @internal */
export function decodeEntry(name: string, kind: string, key: unknown, value: unknown, s: Serializer): unknown {
  try {
    return convertEntry(kind, value, (v) => {
      if (!(v instanceof Uint8Array)) throw new TypeError(`the checkpoint holds ${typeof v}, not bytes`);
      return s.deserialize(v);
    });
  } catch (error) {
    throw new Error(`state "${name}", key ${describeKey(key)}: its serializer cannot read the checkpointed bytes: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/**
 * Refuses a checkpointed form the descriptor cannot read: bytes without a serializer, or plain
 * values (`entries` > 0) for a descriptor that has one. A serializer is part of the state's type,
 * as in Flink: adding or removing one needs the old checkpoint migrated.
 * @internal
 */
export function checkSerializedForm(name: string, encoded: boolean, serializer: Serializer | null, entries: number): void {
  if (encoded && serializer === null) {
    throw new Error(`state "${name}": the checkpoint holds its values serialized, but its descriptor has no serializer; give the descriptor the serializer the state was checkpointed with`);
  }
  if (!encoded && serializer !== null && entries > 0) {
    throw new Error(`state "${name}": the checkpoint holds its values as plain data, but its descriptor has a serializer; restore it with a descriptor without one`);
  }
}
