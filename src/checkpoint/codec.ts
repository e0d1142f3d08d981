import { createHash } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import type { SourcePosition } from "../connectors/sources/source.js";
import { CheckpointError } from "../errors.js";
import type { OperatorSnapshot } from "../runtime/runtime.js";

/** Everything one checkpoint holds. @internal */
export interface CheckpointData {
  readonly pipeline: string;
  readonly id: number;
  readonly createdAtMs: number;
  /** Each source's reader position, by the source operator's uid. */
  readonly sources: readonly { readonly uid: string; readonly position: SourcePosition | null }[];
  readonly operators: readonly OperatorSnapshot[];
}

const MAGIC = "STRMCKPT";
/** Version of the checkpoint file layout; bump it when CheckpointData changes shape. */
export const CHECKPOINT_FORMAT = 1;
const HEADER = MAGIC.length + 4 + 32;

/**
 * Checkpoint bytes: "STRMCKPT", format version (u32 LE), SHA-256 of the payload, then the payload
 * written by node:v8's structured serializer. The digest makes a torn or corrupted file fail loudly.
 * @internal
 */
export function encodeCheckpoint(data: CheckpointData): Uint8Array {
  checkPlainData(data.operators);
  const payload = serialize(data);
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out.write(MAGIC, 0, "latin1");
  out.writeUInt32LE(CHECKPOINT_FORMAT, MAGIC.length);
  createHash("sha256").update(payload).digest().copy(out, MAGIC.length + 4);
  payload.copy(out, HEADER);
  return out;
}

/** Reads checkpoint bytes; `file` names where they came from in every error. @internal */
export function decodeCheckpoint(bytes: Uint8Array, file: string): CheckpointData {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < HEADER || buf.toString("latin1", 0, MAGIC.length) !== MAGIC) {
    throw new CheckpointError(`checkpoint "${file}" is not a streamine checkpoint (no "${MAGIC}" header)`);
  }
  const version = buf.readUInt32LE(MAGIC.length);
  if (version !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`checkpoint "${file}" has format version ${version}; this streamine reads version ${CHECKPOINT_FORMAT}`);
  }
  const payload = buf.subarray(HEADER);
  const digest = createHash("sha256").update(payload).digest();
  if (!digest.equals(buf.subarray(MAGIC.length + 4, HEADER))) {
    throw new CheckpointError(`checkpoint "${file}" is corrupt: its checksum does not match its content`);
  }
  try {
    return deserialize(payload) as CheckpointData;
  } catch (error) {
    throw new CheckpointError(`checkpoint "${file}" cannot be decoded: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

const PLAIN_PROTOTYPES = new Set<unknown>([Object.prototype, Array.prototype, Map.prototype, Set.prototype, Date.prototype, null]);

/** Whether `value` is something the structured serializer stores wrongly or not at all. */
const isForbidden = (value: unknown): boolean =>
  typeof value === "function" || (typeof value === "object" && value !== null && !ArrayBuffer.isView(value) && !PLAIN_PROTOTYPES.has(Object.getPrototypeOf(value)));

/**
 * Calls `found(value, path)` for the first forbidden value under `root`, or returns false. Paths
 * are only built when `withPaths`: the fast pass runs on every checkpoint, the slow one only to
 * name a value the fast pass found.
 */
function walk(root: unknown, withPaths: boolean, found: (value: unknown, path: string) => void): boolean {
  const seen = new Set<object>();
  const visit = (value: unknown, path: () => string): boolean => {
    if (isForbidden(value)) {
      found(value, withPaths ? path() : "");
      return true;
    }
    if (typeof value !== "object" || value === null || seen.has(value)) return false;
    seen.add(value);
    if (ArrayBuffer.isView(value)) return false;
    const here = withPaths ? path() : "";
    if (value instanceof Map) {
      for (const [k, v] of value) {
        if (visit(k, () => `${here} key`)) return true;
        if (visit(v, () => `${here}.get(${typeof k === "string" ? JSON.stringify(k) : String(k)})`)) return true;
      }
    } else if (value instanceof Set) {
      for (const v of value) if (visit(v, () => `${here} element`)) return true;
    } else {
      for (const k of Object.keys(value)) if (visit((value as Record<string, unknown>)[k], () => `${here}.${k}`)) return true;
    }
    return false;
  };
  return visit(root, () => "state");
}

/**
 * Rejects state the structured serializer would store wrongly without a word: instances of
 * classes (they come back as plain objects, without their methods), and functions. The error
 * names the operator and the path to the value.
 */
function checkPlainData(operators: readonly OperatorSnapshot[]): void {
  for (const op of operators) {
    if (!walk(op.state, false, () => undefined)) continue;
    walk(op.state, true, (value, path) => {
      if (typeof value === "function") throw new CheckpointError(`operator "${op.uid}": its state holds a function at ${path}, which a checkpoint cannot store`);
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? "an unknown class";
      throw new CheckpointError(
        `operator "${op.uid}": its state holds an instance of ${name} at ${path}; checkpoints store plain data (objects, arrays, Map, Set, typed arrays): give its state descriptor a serializer (estimatorSerializer(Class) for a model), or keep plain data such as the model's snapshot() bytes`,
      );
    });
  }
}
