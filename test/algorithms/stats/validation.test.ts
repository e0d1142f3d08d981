import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError } from "../../../algorithms/base/input-error.js";
import { Cov } from "../../../algorithms/stats/covariance.js";
import { EWMean } from "../../../algorithms/stats/ew-mean.js";
import { EWVar } from "../../../algorithms/stats/ew-variance.js";
import { Max } from "../../../algorithms/stats/max.js";
import { Mean } from "../../../algorithms/stats/mean.js";
import { Min } from "../../../algorithms/stats/min.js";
import { Quantile } from "../../../algorithms/stats/p2-quantile.js";
import { RollingStatistic, rolling } from "../../../algorithms/stats/rolling.js";
import { RollingQuantile } from "../../../algorithms/stats/rolling-quantile.js";
import { Var } from "../../../algorithms/stats/variance.js";
import { NON_FINITE, fields } from "./reference.js";

// Bad values, weights and arguments of update/revert/merge throw EstimatorInputError; bad
// constructor arguments throw EstimatorConfigError (the errors of every other estimator). Every
// message names Class.method, the argument and the value received, and every check runs before
// any state change: a rejected call leaves the statistic as it was.

type ErrorClass = typeof EstimatorInputError | typeof EstimatorConfigError;
interface BadCall {
  readonly label: string;
  readonly call: (s: never) => void;
  readonly message: RegExp;
  readonly type: ErrorClass;
}

const esc = (where: string): string => where.replace(".", "\\.");

const badX = (where: string, call: (s: never, x: number) => void, name = "x"): BadCall[] => [
  ...NON_FINITE.map((x) => ({
    label: `${where} ${name} = ${x}`,
    call: (s: never) => call(s, x),
    message: new RegExp(`^${esc(where)}: ${name} must be a finite number, got ${x}$`),
    type: EstimatorInputError,
  })),
  {
    label: `${where} ${name} = "3"`,
    call: (s: never) => call(s, "3" as unknown as number),
    message: new RegExp(`^${esc(where)}: ${name} must be a finite number, got "3"$`),
    type: EstimatorInputError,
  },
  {
    label: `${where} ${name} = null`,
    call: (s: never) => call(s, null as unknown as number),
    message: new RegExp(`^${esc(where)}: ${name} must be a finite number, got null$`),
    type: EstimatorInputError,
  },
];

const badW = (where: string, call: (s: never, w: number) => void): BadCall[] =>
  [0, -1, NaN, Infinity, -Infinity, "2", null].map((w) => ({
    label: `${where} w = ${JSON.stringify(w) ?? String(w)}`,
    call: (s: never) => call(s, w as number),
    message: new RegExp(`^${esc(where)}: w must be a finite weight > 0, got ${typeof w === "string" ? `"${w}"` : String(w)}$`),
    type: EstimatorInputError,
  }));

const noW = (where: string, call: (s: never, w: number) => void): BadCall[] =>
  [2, 0, NaN, "1"].map((w) => ({
    label: `${where} w = ${JSON.stringify(w)}`,
    call: (s: never) => call(s, w as number),
    message: new RegExp(`^${esc(where)}: this statistic takes no weights \\(w must be omitted or 1\\), got w = ${typeof w === "string" ? `"${w}"` : String(w)}$`),
    type: EstimatorInputError,
  }));

/** `merge` given something of the wrong class: another statistic, null, a plain object. */
const badMerge = (name: string, call: (s: never, other: never) => void, wrong: object): BadCall[] =>
  [
    [wrong, `an instance of ${wrong.constructor.name}`],
    [null, "null"],
    [{}, "an object"],
  ].map(([other, shown]) => ({
    label: `${name}.merge(${String(shown)})`,
    call: (s: never) => call(s, other as never),
    message: new RegExp(`^${name}\\.merge: other must be a ${name}, got ${String(shown)}$`),
    type: EstimatorInputError,
  }));

/** A statistic of one of the classes below after the updates 0..6 (mod 3). */
function fed<S extends { update(x: number): void }>(s: S): S {
  for (let i = 0; i < 7; i++) s.update(i % 3);
  return s;
}

const cases: ReadonlyArray<{ name: string; make: () => object; bad: BadCall[] }> = [
  {
    name: "Mean",
    make: () => {
      const m = new Mean();
      m.update(1);
      m.update(2);
      return m;
    },
    bad: [
      ...badX("Mean.update", (s: Mean, x) => s.update(x)),
      ...badW("Mean.update", (s: Mean, w) => s.update(1, w)),
      ...badX("Mean.revert", (s: Mean, x) => s.revert(x)),
      ...badW("Mean.revert", (s: Mean, w) => s.revert(1, w)),
      { label: "revert more weight than seen", call: (s: Mean) => s.revert(1, 5), message: /^Mean\.revert: w = 5 is not less than the total weight 2$/, type: EstimatorInputError },
      ...badMerge("Mean", (s: Mean, other) => s.merge(other), new Var()),
    ],
  },
  {
    name: "Var",
    make: () => {
      const v = new Var();
      v.update(1);
      v.update(2);
      return v;
    },
    bad: [
      ...badX("Var.update", (s: Var, x) => s.update(x)),
      ...badW("Var.update", (s: Var, w) => s.update(1, w)),
      ...badX("Var.revert", (s: Var, x) => s.revert(x)),
      ...badW("Var.revert", (s: Var, w) => s.revert(1, w)),
      { label: "revert more weight than seen", call: (s: Var) => s.revert(1, 2), message: /^Var\.revert: w = 2 is not less than the total weight 2$/, type: EstimatorInputError },
      ...badMerge("Var", (s: Var, other) => s.merge(other), new Mean()),
    ],
  },
  {
    name: "Cov",
    make: () => {
      const c = new Cov();
      c.update(1, 2);
      c.update(2, 1);
      return c;
    },
    bad: [
      ...badX("Cov.update", (s: Cov, x) => s.update(x, 1)),
      ...badX("Cov.update", (s: Cov, y) => s.update(1, y), "y"),
      ...badW("Cov.update", (s: Cov, w) => s.update(1, 1, w)),
      ...badX("Cov.revert", (s: Cov, x) => s.revert(x, 1)),
      ...badX("Cov.revert", (s: Cov, y) => s.revert(1, y), "y"),
      ...badW("Cov.revert", (s: Cov, w) => s.revert(1, 1, w)),
      { label: "revert more weight than seen", call: (s: Cov) => s.revert(1, 2, 3), message: /^Cov\.revert: w = 3 is not less than the total weight 2$/, type: EstimatorInputError },
      ...badMerge("Cov", (s: Cov, other) => s.merge(other), new Var()),
    ],
  },
  {
    name: "Min",
    make: () => fed(new Min()),
    bad: [...badX("Min.update", (s: Min, x) => s.update(x)), ...badW("Min.update", (s: Min, w) => s.update(1, w)), ...badMerge("Min", (s: Min, other) => s.merge(other), new Max())],
  },
  {
    name: "Max",
    make: () => fed(new Max()),
    bad: [...badX("Max.update", (s: Max, x) => s.update(x)), ...badW("Max.update", (s: Max, w) => s.update(1, w)), ...badMerge("Max", (s: Max, other) => s.merge(other), new Min())],
  },
  { name: "EWMean", make: () => fed(new EWMean()), bad: [...badX("EWMean.update", (s: EWMean, x) => s.update(x)), ...noW("EWMean.update", (s: EWMean, w) => s.update(1, w))] },
  { name: "EWVar", make: () => fed(new EWVar()), bad: [...badX("EWVar.update", (s: EWVar, x) => s.update(x)), ...noW("EWVar.update", (s: EWVar, w) => s.update(1, w))] },
  { name: "Quantile", make: () => fed(new Quantile()), bad: [...badX("Quantile.update", (s: Quantile, x) => s.update(x)), ...noW("Quantile.update", (s: Quantile, w) => s.update(1, w))] },
  {
    name: "RollingQuantile",
    make: () => fed(new RollingQuantile(0.5, 3)),
    bad: [...badX("RollingQuantile.update", (s: RollingQuantile, x) => s.update(x)), ...noW("RollingQuantile.update", (s: RollingQuantile, w) => s.update(1, w))],
  },
  {
    name: "RollingStatistic",
    make: () => fed(rolling(new Var(), 3)),
    bad: [...badX("RollingStatistic.update", (s: RollingStatistic<Var>, x) => s.update(x)), ...badW("RollingStatistic.update", (s: RollingStatistic<Var>, w) => s.update(1, w))],
  },
];

describe.each(cases)("$name rejects bad input, naming Class.method, and keeps its state", ({ make, bad }) => {
  it.each(bad.map((b) => [b.label, b] as const))("%s", (_label, b) => {
    const s = make();
    const before = fields(s);
    let thrown: unknown;
    try {
      b.call(s as never);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(b.type);
    expect((thrown as Error).message).toMatch(b.message);
    expect(fields(s)).toEqual(before);
  });
});

describe("reverting an empty statistic throws", () => {
  it.each([
    ["Mean", "mean", () => new Mean().revert(1), "x = 1"],
    ["Var", "variance", () => new Var().revert(1), "x = 1"],
    ["Cov", "covariance", () => new Cov().revert(1, 2), "x = 1, y = 2"],
  ] as const)("%s", (name, noun, call, got) => {
    expect(call).toThrow(EstimatorInputError);
    expect(call).toThrow(new RegExp(`^${name}\\.revert: nothing to revert, the ${noun} holds no observation \\(got ${got}\\)$`));
  });
});

describe("constructors validate their options, naming Class.constructor and the option", () => {
  /** A received value as the messages show it: strings quoted. */
  const shown = (v: unknown): string => (typeof v === "string" ? `"${v}"` : String(v));
  /** The message of a bad option value, with the regex specials of `allowed` escaped. */
  const option = (where: string, name: string, allowed: string, got: unknown): RegExp =>
    new RegExp(`^${esc(where)}: option ${name} must be ${allowed.replace(/[()[\]]/g, "\\$&")}, got ${shown(got)}$`);
  const ddof = "a non-negative integer (0: population, 1: sample)";
  const fading = "a number in [0, 1] (the weight of the newest value)";

  const cases: ReadonlyArray<readonly [string, () => unknown, RegExp, ErrorClass]> = [
    ["Var options 0", () => new Var(0 as never), /^Var\.constructor: options must be an object \(allowed keys: ddof\), got 0$/, EstimatorConfigError],
    ...[-1, 1.5, NaN, Infinity, "1"].map((d) => [`Var ddof ${shown(d)}`, () => new Var({ ddof: d as number }), option("Var.constructor", "ddof", ddof, d), EstimatorConfigError] as const),
    ["Var unknown option", () => new Var({ ddf: 0 } as never), /^Var\.constructor: unknown option "ddf" \(allowed: ddof\)$/, EstimatorConfigError],
    ["Var option named like an Object method", () => new Var({ toString: 0 } as never), /^Var\.constructor: unknown option "toString" \(allowed: ddof\)$/, EstimatorConfigError],
    ["Cov unknown option", () => new Cov({ ddof: 1, bias: true } as never), /^Cov\.constructor: unknown option "bias" \(allowed: ddof\)$/, EstimatorConfigError],
    ["EWVar unknown option", () => new EWVar({ alpha: 0.3 } as never), /^EWVar\.constructor: unknown option "alpha" \(allowed: fading\)$/, EstimatorConfigError],
    ["Cov options null", () => new Cov(null as never), /^Cov\.constructor: options must be an object \(allowed keys: ddof\), got null$/, EstimatorConfigError],
    ...[-1, 0.5, NaN, "0"].map((d) => [`Cov ddof ${shown(d)}`, () => new Cov({ ddof: d as number }), option("Cov.constructor", "ddof", ddof, d), EstimatorConfigError] as const),
    ["EWMean options 0.5", () => new EWMean(0.5 as never), /^EWMean\.constructor: options must be an object \(allowed keys: fading\), got 0\.5$/, EstimatorConfigError],
    ["EWVar options null", () => new EWVar(null as never), /^EWVar\.constructor: options must be an object \(allowed keys: fading\), got null$/, EstimatorConfigError],
    ...[-0.1, 1.5, NaN, "0.5"].map((f) => [`EWMean fading ${shown(f)}`, () => new EWMean({ fading: f as number }), option("EWMean.constructor", "fading", fading, f), EstimatorConfigError] as const),
    ...[-0.1, 2].map((f) => [`EWVar fading ${f}`, () => new EWVar({ fading: f }), option("EWVar.constructor", "fading", fading, f), EstimatorConfigError] as const),
    ...[0, 1, -0.5, 1.5, NaN, "0.5"].map((q) => [`Quantile q ${shown(q)}`, () => new Quantile(q as number), option("Quantile.constructor", "q", "a number in (0, 1), exclusive", q), EstimatorConfigError] as const),
    ...[-0.1, 1.1, NaN, "0.5"].map((q) => [`RollingQuantile q ${shown(q)}`, () => new RollingQuantile(q as number, 3), option("RollingQuantile.constructor", "q", "a number in [0, 1]", q), EstimatorConfigError] as const),
    ...[0, -1, 1.5, NaN, Infinity, "3"].map(
      (n) => [`RollingQuantile windowSize ${shown(n)}`, () => new RollingQuantile(0.5, n as number), option("RollingQuantile.constructor", "windowSize", "a positive integer", n), EstimatorConfigError] as const,
    ),
    ["rolling(Min)", () => rolling(new Min() as never, 3), /^RollingStatistic\.constructor: stat must have update, get and revert methods \(e\.g\. a Mean or a Var\), got an instance of Min$/, EstimatorConfigError],
    ["rolling(null)", () => rolling(null as never, 3), /^RollingStatistic\.constructor: stat must have update, get and revert methods \(e\.g\. a Mean or a Var\), got null$/, EstimatorConfigError],
    ...[0, 2.5, NaN, Infinity, "2"].map(
      (n) => [`rolling windowSize ${shown(n)}`, () => rolling(new Mean(), n as number), option("RollingStatistic.constructor", "windowSize", "a positive integer", n), EstimatorConfigError] as const,
    ),
  ];
  it.each(cases)("%s", (_label, make, message, type) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });

  it("defaults fill in", () => {
    expect(new Var().ddof).toBe(1);
    expect(new Var({}).ddof).toBe(1);
    expect(new Var({ ddof: undefined } as never).ddof).toBe(1);
    expect(new Cov({ ddof: 0 }).ddof).toBe(0);
    expect(new EWMean({}).fading).toBe(0.5);
    expect(new EWVar().fading).toBe(0.5);
    expect(new Quantile().q).toBe(0.5);
    expect(new RollingQuantile(0.9, 4).windowSize).toBe(4);
  });
});
