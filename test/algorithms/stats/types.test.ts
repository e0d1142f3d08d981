import { describe, expectTypeOf, it } from "vitest";
import {
  type Bivariate,
  Cov,
  type EWOptions,
  EWMean,
  EWVar,
  Max,
  Mean,
  Min,
  Quantile,
  type Revertible,
  RollingStatistic,
  RollingQuantile,
  type Statistic,
  type Univariate,
  Var,
  type VarOptions,
  rolling,
} from "../../../algorithms/stats/index.js";

// Which statistic fits where is decided by the compiler (checked by `tsc --noEmit`).
describe("statistic types", () => {
  it("the mergeable statistics are Univariate, the others only Statistic", () => {
    expectTypeOf<Mean>().toExtend<Univariate>();
    expectTypeOf<Var>().toExtend<Univariate>();
    expectTypeOf<Min>().toExtend<Univariate>();
    expectTypeOf<Max>().toExtend<Univariate>();
    expectTypeOf<Cov>().toExtend<Bivariate>();
    for (const s of [new EWMean(), new EWVar(), new Quantile(), new RollingQuantile(0.5, 3), rolling(new Mean(), 3)]) {
      expectTypeOf(s).toExtend<Statistic>();
      expectTypeOf(s).not.toExtend<Univariate>();
    }
  });

  it("rolling accepts exactly the statistics with revert", () => {
    expectTypeOf<Mean>().toExtend<Revertible>();
    expectTypeOf<Var>().toExtend<Revertible>();
    expectTypeOf<Min>().not.toExtend<Revertible>();
    expectTypeOf<Quantile>().not.toExtend<Revertible>();
    expectTypeOf(rolling(new Var(), 4)).toEqualTypeOf<RollingStatistic<Var>>();
    expectTypeOf(rolling(new Var(), 4).stat.mean).toBeNumber();
    // @ts-expect-error Min has no revert
    expectTypeOf(() => rolling(new Min(), 4)).toBeFunction();
  });

  it("merge takes only the same class", () => {
    // @ts-expect-error a Var is not a Mean
    expectTypeOf(() => new Mean().merge(new Var())).toBeFunction();
    expectTypeOf<Mean["merge"]>().parameter(0).toEqualTypeOf<Mean>();
  });

  it("options are optional objects; Quantile and RollingQuantile take numbers", () => {
    expectTypeOf(Var).constructorParameters.toEqualTypeOf<[options?: VarOptions | undefined]>();
    expectTypeOf(EWMean).constructorParameters.toEqualTypeOf<[options?: EWOptions | undefined]>();
    expectTypeOf<VarOptions>().toEqualTypeOf<{ ddof?: number }>();
    expectTypeOf<EWOptions>().toEqualTypeOf<{ fading?: number }>();
    expectTypeOf(Quantile).constructorParameters.toEqualTypeOf<[q?: number | undefined]>();
    expectTypeOf(RollingQuantile).constructorParameters.toEqualTypeOf<[q: number, windowSize: number]>();
  });
});
