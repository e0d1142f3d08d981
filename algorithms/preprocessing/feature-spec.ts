import { EstimatorConfigError, EstimatorInputError } from "../base/input-error.js";

/**
 * Maps named numeric fields of a record to a dense `Float64Array`, in the order given: the bridge
 * from records (JSON messages, CSV rows) to the vectors estimators take.
 *
 * @remarks
 * A missing field, or one that is not a finite number, throws an {@link EstimatorInputError}
 * naming the field. Pass `into` (length {@link FeatureSpec.dim}) on hot paths to avoid allocating
 * a vector per record; it is only written once every field has been checked.
 *
 * @example
 * ```ts
 * import { FeatureSpec } from "streamine/algorithms";
 * const spec = new FeatureSpec(["temp", "vibration"]);
 * expect([...spec.toVector({ vibration: 0.5, temp: 21, id: "m-1" })]).toEqual([21, 0.5]);
 * expect(() => spec.toVector({ temp: 21 })).toThrow('field "vibration" is missing');
 * ```
 * @public
 */
export class FeatureSpec {
  /** The field names, in vector order. */
  readonly names: readonly string[];

  /** @param names - the record fields to read, in vector order: non-empty, distinct strings. */
  constructor(names: readonly string[]) {
    if (!Array.isArray(names) || names.length === 0) {
      throw new EstimatorConfigError("FeatureSpec.constructor: names must be a non-empty array of field names");
    }
    const seen = new Set<string>();
    for (const name of names) {
      if (typeof name !== "string" || name === "") {
        throw new EstimatorConfigError(`FeatureSpec.constructor: every name must be a non-empty string, got ${JSON.stringify(name)}`);
      }
      if (seen.has(name)) throw new EstimatorConfigError(`FeatureSpec.constructor: field "${name}" is listed twice`);
      seen.add(name);
    }
    this.names = Object.freeze([...names]);
  }

  /** The vector length: the number of fields. */
  get dim(): number {
    return this.names.length;
  }

  /**
   * The fields of `record` as a vector.
   * @param record - an object holding every field as a finite number.
   * @param into - where to write the vector (length `dim`); default a new `Float64Array`.
   */
  toVector(record: Readonly<Record<string, unknown>>, into?: Float64Array): Float64Array {
    const where = "FeatureSpec.toVector";
    if (record === null || typeof record !== "object") {
      throw new EstimatorInputError(`${where}: record must be an object, got ${record === null ? "null" : typeof record}`);
    }
    const names = this.names;
    if (into !== undefined && (!(into instanceof Float64Array) || into.length !== names.length)) {
      throw new EstimatorInputError(`${where}: into must be a Float64Array of length ${names.length}`);
    }
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (!Object.hasOwn(record, name)) throw new EstimatorInputError(`${where}: field "${name}" is missing`);
      const v = record[name];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new EstimatorInputError(`${where}: field "${name}" must be a finite number, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
      }
    }
    const out = into ?? new Float64Array(names.length);
    for (let i = 0; i < names.length; i++) out[i] = record[names[i] as string] as number;
    return out;
  }
}
