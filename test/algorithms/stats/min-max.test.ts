import fc from "fast-check";
import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import { Max } from "../../../algorithms/stats/max.js";
import { Min } from "../../../algorithms/stats/min.js";
import { fields } from "./reference.js";

const values = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 200 });

function of<S extends Min | Max>(make: () => S, xs: readonly number[]): S {
  const s = make();
  for (const x of xs) s.update(x);
  return s;
}

describe.each([
  { name: "Min", make: (): Min | Max => new Min(), ref: ss.min, empty: Infinity },
  { name: "Max", make: (): Min | Max => new Max(), ref: ss.max, empty: -Infinity },
])("$name", ({ make, ref, empty }) => {
  it("starts at the identity of its operation (River's cold start)", () => {
    expect(make().get()).toBe(empty);
  });

  it("one pass equals simple-statistics", () => {
    fc.assert(
      fc.property(values.filter((xs) => xs.length > 0), (xs) => {
        expect(of(make, xs).get()).toBe(ref(xs));
      }),
    );
  });

  it("merge(A, B) equals one pass over A ∪ B and leaves B unchanged", () => {
    fc.assert(
      fc.property(values, values, (as, bs) => {
        const a = of(make, as);
        const b = of(make, bs);
        const before = fields(b);
        a.merge(b as never);
        expect(fields(b)).toEqual(before);
        expect(a.get()).toBe(of(make, [...as, ...bs]).get());
      }),
    );
  });

  it("accepts and ignores a valid weight", () => {
    const s = make();
    s.update(3, 2.5);
    expect(s.get()).toBe(3);
  });
});
