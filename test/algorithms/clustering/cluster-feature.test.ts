import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClusterFeatures } from "../../../algorithms/clustering/cluster-feature.js";
import { sqDist } from "./reference.js";

const coord = fc.double({ min: -1e3, max: 1e3, noNaN: true });
const points = (d: number, min = 1) => fc.array(fc.array(coord, { minLength: d, maxLength: d }), { minLength: min, maxLength: 40 });
// Small integers: every sum below is exact, so different orders of summation must agree exactly.
const intPoints = (d: number, min = 1) => fc.array(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: d, maxLength: d }), { minLength: min, maxLength: 40 });

/** `v` with −0 read as 0: a CF that starts from a point keeps its −0, a sum from 0 does not, and both are the same sum. */
const plusZero = (v: number): number => v + 0;

/** Row j of a set as plain numbers. */
function row(cf: ClusterFeatures, j: number): { n: number; ls: number[]; ss: number[] } {
  const d = cf.d;
  return { n: cf.n[j] as number, ls: Array.from(cf.ls.subarray(j * d, j * d + d), plusZero), ss: Array.from(cf.ss.subarray(j * d, j * d + d), plusZero) };
}

/** The CF of `xs` computed directly, summing in the given order. */
function directCf(xs: readonly number[][], d: number): { n: number; ls: number[]; ss: number[] } {
  const ls = new Array<number>(d).fill(0);
  const ss = new Array<number>(d).fill(0);
  for (const x of xs) {
    for (let i = 0; i < d; i++) {
      ls[i] = (ls[i] as number) + (x[i] as number);
      ss[i] = (ss[i] as number) + (x[i] as number) * (x[i] as number);
    }
  }
  return { n: xs.length, ls, ss };
}

function cfOf(xs: readonly number[][], d: number): ClusterFeatures {
  const cf = new ClusterFeatures(d, 1);
  cf.push(Float64Array.from(xs[0] as number[]));
  for (const x of xs.slice(1)) cf.absorb(0, Float64Array.from(x));
  return cf;
}

describe("ClusterFeatures", () => {
  it("absorbing points one by one gives exactly the CF (n, LS, SS) of all of them", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((d) => fc.tuple(fc.constant(d), points(d))), ([d, xs]) => {
        expect(row(cfOf(xs, d), 0)).toEqual(directCf(xs, d));
      }),
      { numRuns: 300 },
    );
  });

  it("merging two CFs gives exactly the CF of the union", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((d) => fc.tuple(fc.constant(d), intPoints(d), intPoints(d))), ([d, a, b]) => {
        const cf = new ClusterFeatures(d, 1); // grows on the second push
        cf.push(Float64Array.from(a[0] as number[]));
        for (const x of a.slice(1)) cf.absorb(0, Float64Array.from(x));
        cf.push(Float64Array.from(b[0] as number[]));
        for (const x of b.slice(1)) cf.absorb(1, Float64Array.from(x));
        const before = row(cf, 1);
        cf.merge(0, 1);
        expect(row(cf, 0)).toEqual(directCf([...a, ...b], d));
        expect(row(cf, 1)).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it("the centre is the mean and the radius the RMS distance to it (two-pass direct computation)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((d) => fc.tuple(fc.constant(d), points(d))), ([d, xs]) => {
        const cf = cfOf(xs, d);
        const mean = Array.from({ length: d }, (_, i) => xs.reduce((s, x) => s + (x[i] as number), 0) / xs.length);
        expect(Array.from(cf.centers.subarray(0, d), plusZero)).toEqual(mean);
        const ms = xs.reduce((s, x) => s + sqDist(x, mean), 0) / xs.length;
        const scale = xs.reduce((s, x) => s + sqDist(x, new Array<number>(d).fill(0)), 0) / xs.length;
        // SS/n − mean² cancels: its error grows with the points' distance from the origin
        expect(Math.abs(cf.radius(0) ** 2 - ms)).toBeLessThanOrEqual(1e-12 * (1 + scale));
      }),
      { numRuns: 300 },
    );
  });

  it("a single point has radius 0, and identical points too", () => {
    const cf = new ClusterFeatures(2);
    cf.push(Float64Array.from([0.1, -7.3]));
    expect(cf.radius(0)).toBe(0);
    for (let i = 0; i < 5; i++) cf.absorb(0, Float64Array.from([3, 3]));
    cf.push(Float64Array.from([3, 3]));
    for (let i = 0; i < 9; i++) cf.absorb(1, Float64Array.from([3, 3]));
    expect(cf.radius(1)).toBe(0);
  });

  it("absorbing with weight w and decay f is f·CF + w·CF(x); radiusAfter predicts the radius without changing the row", () => {
    fc.assert(
      fc.property(
        points(2, 2),
        fc.array(coord, { minLength: 2, maxLength: 2 }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (xs, x, w, f) => {
          const cf = cfOf(xs, 2);
          const before = row(cf, 0);
          const predicted = cf.radiusAfter(0, Float64Array.from(x), w, f);
          expect(row(cf, 0)).toEqual(before);
          cf.absorb(0, Float64Array.from(x), w, f);
          expect(cf.radius(0)).toBe(predicted);
          const after = row(cf, 0);
          expect(after.n).toBe(f * before.n + w);
          after.ls.forEach((v, i) => expect(v).toBe(f * (before.ls[i] as number) + w * (x[i] as number)));
          after.ss.forEach((v, i) => expect(v).toBe(f * (before.ss[i] as number) + w * (x[i] as number) * (x[i] as number)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("remove moves the last row into the gap; load restores rows with their centres", () => {
    const cf = new ClusterFeatures(1, 2);
    for (const v of [1, 2, 3, 4]) cf.push(Float64Array.from([v]), v);
    cf.remove(1);
    expect(cf.size).toBe(3);
    expect(Array.from(cf.centers.subarray(0, 3))).toEqual([1, 4, 3]);
    expect(Array.from(cf.n.subarray(0, 3))).toEqual([1, 4, 3]);
    cf.remove(2);
    expect(Array.from(cf.n.subarray(0, cf.size))).toEqual([1, 4]);
    const copy = new ClusterFeatures(1);
    copy.load(cf.n.slice(0, 2), cf.ls.slice(0, 2), cf.ss.slice(0, 2));
    expect(copy.size).toBe(2);
    expect(Array.from(copy.centers.subarray(0, 2))).toEqual([1, 4]);
  });
});
