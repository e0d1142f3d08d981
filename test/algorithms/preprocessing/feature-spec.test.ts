import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError, FeatureSpec } from "streamine/algorithms";

describe("FeatureSpec", () => {
  const spec = new FeatureSpec(["temp", "vibration", "rpm"]);

  it("reads the named fields in order, ignoring others", () => {
    const v = spec.toVector({ rpm: 1200, temp: 21.5, vibration: 0.02, site: "north" });
    expect(v).toBeInstanceOf(Float64Array);
    expect([...v]).toEqual([21.5, 0.02, 1200]);
    expect(spec.dim).toBe(3);
  });

  it("writes into a given vector without allocating one", () => {
    const into = new Float64Array(3);
    expect(spec.toVector({ temp: 1, vibration: 2, rpm: 3 }, into)).toBe(into);
    expect([...into]).toEqual([1, 2, 3]);
  });

  it("names a missing or non-numeric field, and leaves `into` untouched", () => {
    const into = new Float64Array([9, 9, 9]);
    expect(() => spec.toVector({ temp: 1, rpm: 3 }, into)).toThrow('FeatureSpec.toVector: field "vibration" is missing');
    expect(() => spec.toVector({ temp: 1, vibration: "high", rpm: 3 }, into)).toThrow('field "vibration" must be a finite number, got "high"');
    expect(() => spec.toVector({ temp: NaN, vibration: 1, rpm: 3 }, into)).toThrow('field "temp" must be a finite number, got NaN');
    expect(() => spec.toVector({ temp: 1, vibration: 1, rpm: null }, into)).toThrow(EstimatorInputError);
    expect(() => spec.toVector({ temp: 1, vibration: 1, rpm: 3 }, new Float64Array(2))).toThrow("into must be a Float64Array of length 3");
    expect([...into]).toEqual([9, 9, 9]);
  });

  it("does not read inherited properties as fields", () => {
    const record = Object.create({ temp: 1 }) as Record<string, unknown>;
    record["vibration"] = 1;
    record["rpm"] = 1;
    expect(() => spec.toVector(record)).toThrow('field "temp" is missing');
  });

  it("rejects empty, duplicate or non-string names", () => {
    expect(() => new FeatureSpec([])).toThrow(EstimatorConfigError);
    expect(() => new FeatureSpec(["a", "a"])).toThrow('FeatureSpec.constructor: field "a" is listed twice');
    expect(() => new FeatureSpec(["a", 3 as unknown as string])).toThrow("every name must be a non-empty string");
  });
});
