import type { Estimator } from "../../algorithms/base/estimator.js";
import { ConfigError } from "../errors.js";
import type { StateSerializer } from "./serializer.js";

/** What {@link estimatorSerializer} needs of an estimator class: its static `restore`. @public */
export interface EstimatorRestorer<E extends Estimator> {
  restore(bytes: Uint8Array): E;
}

/**
 * The {@link StateSerializer} of an estimator class of `streamine/algorithms`: its bytes are the
 * estimator's own `snapshot()` (options, learned state and random generator state, versioned)
 * and it restores with the class's static `restore`. With it, keyed state holds the live model,
 * which is converted only when a checkpoint is taken or restored.
 *
 * @remarks
 * A value that is not an estimator (no `snapshot()`) is refused when the checkpoint is taken,
 * naming the state and the key. `null` needs no care: the backend checkpoints null and
 * undefined as they are, so `ValueStateDescriptor<M | null>("m", null, { serializer })` works.
 * @param cls - the estimator class (or any object with a static-like `restore(bytes)`).
 * @example
 * ```ts
 * import { ValueStateDescriptor, estimatorSerializer } from "streamine";
 * import { EWZScore } from "streamine/algorithms";
 * const serializer = estimatorSerializer(EWZScore);
 * const d = new EWZScore({ fading: 0.1 });
 * for (const v of [1, 2, 3, 2]) d.learnOne([v]);
 * const back = serializer.deserialize(serializer.serialize(d));
 * expect(back.scoreOne([10])).toBe(d.scoreOne([10]));
 * // one live detector per key, checkpointed as its snapshot() bytes
 * const state = new ValueStateDescriptor<EWZScore | null>("detector", null, { serializer });
 * expect(state.serializer).not.toBeNull();
 * ```
 * @public
 */
export function estimatorSerializer<E extends Estimator>(cls: EstimatorRestorer<E>): StateSerializer<E> {
  if (typeof cls?.restore !== "function") {
    throw new ConfigError("estimatorSerializer: expected an estimator class with a static restore(bytes), such as HalfSpaceTrees");
  }
  const declared = (cls as { readonly name?: unknown }).name;
  const name = typeof declared === "string" ? declared : "the estimator class";
  return {
    serialize(value: E): Uint8Array {
      if (typeof (value as Partial<Estimator> | null)?.snapshot !== "function") {
        const what = value === null ? "null" : typeof value === "object" ? `an instance of ${(value as object).constructor?.name ?? "an unknown class"}` : typeof value;
        throw new TypeError(`estimatorSerializer(${name}): cannot serialize ${what}: it has no snapshot()`);
      }
      return value.snapshot();
    },
    deserialize(bytes: Uint8Array): E {
      return cls.restore(bytes);
    },
  };
}
