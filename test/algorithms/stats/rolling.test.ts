import fc from "fast-check";
import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import { EstimatorInputError } from "../../../algorithms/base/input-error.js";
import { Mean } from "../../../algorithms/stats/mean.js";
import { RollingStatistic, rolling } from "../../../algorithms/stats/rolling.js";
import { Var } from "../../../algorithms/stats/variance.js";
import { expectClose, fields, magnitude, wellConditioned } from "./reference.js";

const RUNS = { numRuns: 200 };

// A rolling statistic carries the rounding of every value it has seen and reverted, so it is
// compared at the scale of the whole stream: its magnitude for the mean, its variance for Var.
describe("rolling", () => {
  it("rolling(Mean) is the mean of the last n values after every update", () => {
    fc.assert(
      fc.property(wellConditioned(2, 300), fc.integer({ min: 1, max: 40 }), (xs, n) => {
        const m = rolling(new Mean(), n);
        const scale = magnitude(xs);
        xs.forEach((x, i) => {
          m.update(x);
          const window = xs.slice(Math.max(0, i + 1 - n), i + 1);
          expect(m.n).toBe(window.length);
          expectClose(m.get(), ss.mean(window), scale);
        });
      }),
      RUNS,
    );
  });

  it("rolling(Var) is the sample variance of the last n values after every update", () => {
    fc.assert(
      fc.property(wellConditioned(2, 300), fc.integer({ min: 1, max: 40 }), (xs, n) => {
        const v = rolling(new Var(), n);
        const scale = ss.variance(xs);
        xs.forEach((x, i) => {
          v.update(x);
          const window = xs.slice(Math.max(0, i + 1 - n), i + 1);
          expectClose(v.get(), window.length > 1 ? ss.sampleVariance(window) : 0, scale);
          expectClose(v.stat.mean, ss.mean(window), magnitude(xs));
        });
      }),
      RUNS,
    );
  });

  it("passes weights on and reverts each value with its own weight", () => {
    const m = rolling(new Mean(), 2);
    m.update(1, 3);
    m.update(5, 1);
    expect(m.get()).toBe(2); // (3·1 + 5) / 4
    m.update(11, 1);
    expect(m.get()).toBe(8); // (5 + 11) / 2
  });

  it("a window of one is the last value", () => {
    const m = rolling(new Mean(), 1);
    for (const x of [3, -7, 2.5]) m.update(x);
    expect(m.get()).toBe(2.5);
  });

  it("returns a RollingStatistic that exposes the wrapped statistic without a proxy", () => {
    const inner = new Var();
    const r = rolling(inner, 3);
    expect(r).toBeInstanceOf(RollingStatistic);
    expect(r.stat).toBe(inner);
    expect(r.windowSize).toBe(3);
  });

  it("rejects a bad value before touching the window", () => {
    const r = rolling(new Mean(), 2);
    r.update(1);
    r.update(2);
    const before = { rolling: fields(r), stat: fields(r.stat) };
    expect(() => r.update(NaN)).toThrow(EstimatorInputError);
    expect(() => r.update(NaN)).toThrow(/^RollingStatistic\.update: x must be a finite number, got NaN$/);
    expect(() => r.update(1, -1)).toThrow(EstimatorInputError);
    expect(() => r.update(1, -1)).toThrow(/^RollingStatistic\.update: w must be a finite weight > 0, got -1$/);
    expect({ rolling: fields(r), stat: fields(r.stat) }).toEqual(before);
  });
});
