import { describe, expect, it } from "vitest";
import { Cov } from "../../../algorithms/stats/covariance.js";
import { EWMean } from "../../../algorithms/stats/ew-mean.js";
import { EWVar } from "../../../algorithms/stats/ew-variance.js";
import { Max } from "../../../algorithms/stats/max.js";
import { Mean } from "../../../algorithms/stats/mean.js";
import { Min } from "../../../algorithms/stats/min.js";
import { Quantile } from "../../../algorithms/stats/p2-quantile.js";
import { rolling } from "../../../algorithms/stats/rolling.js";
import { RollingQuantile } from "../../../algorithms/stats/rolling-quantile.js";
import { Var } from "../../../algorithms/stats/variance.js";
import { NON_FINITE, fields } from "./reference.js";

// Every check runs before any state change: a rejected call leaves the statistic as it was.

type ErrorClass = typeof RangeError | typeof TypeError;
interface BadCall {
  readonly label: string;
  readonly call: (s: never) => void;
  readonly message: RegExp;
  readonly type: ErrorClass;
}

const badX = (where: string, call: (s: never, x: number) => void, name = "x"): BadCall[] => [
  ...NON_FINITE.map((x) => ({
    label: `${where} ${name} = ${x}`,
    call: (s: never) => call(s, x),
    message: new RegExp(`^${where.replace(".", "\\.")}: ${name} must be a finite number, got ${x}`),
    type: RangeError,
  })),
  {
    label: `${where} ${name} = "3"`,
    call: (s: never) => call(s, "3" as unknown as number),
    message: new RegExp(`^${where.replace(".", "\\.")}: ${name} must be a number, got string`),
    type: TypeError,
  },
];

const badW = (where: string, call: (s: never, w: number) => void): BadCall[] =>
  [0, -1, NaN, Infinity].map((w) => ({
    label: `${where} w = ${w}`,
    call: (s: never) => call(s, w),
    message: new RegExp(`^${where.replace(".", "\\.")}: w must be a finite weight > 0, got ${w}`),
    type: RangeError,
  }));

const noW = (where: string, call: (s: never, w: number) => void): BadCall => ({
  label: `${where} w = 2`,
  call: (s: never) => call(s, 2),
  message: new RegExp(`^${where.replace(".", "\\.")}: this statistic takes no weights`),
  type: TypeError,
});

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
      { label: "revert more weight than seen", call: (s: Mean) => s.revert(1, 5), message: /^Mean\.revert: w = 5 is not less than the total weight 2/, type: RangeError },
      { label: "merge a Var", call: (s: Mean) => s.merge(new Var() as never), message: /^Mean\.merge: other must be a Mean/, type: TypeError },
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
      { label: "revert more weight than seen", call: (s: Var) => s.revert(1, 2), message: /^Var\.revert: w = 2 is not less than the total weight 2/, type: RangeError },
      { label: "merge a Mean", call: (s: Var) => s.merge(new Mean() as never), message: /^Var\.merge: other must be a Var/, type: TypeError },
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
      { label: "merge a Var", call: (s: Cov) => s.merge(new Var() as never), message: /^Cov\.merge: other must be a Cov/, type: TypeError },
    ],
  },
  {
    name: "Min",
    make: () => fed(new Min()),
    bad: [...badX("Min.update", (s: Min, x) => s.update(x)), ...badW("Min.update", (s: Min, w) => s.update(1, w)), { label: "merge a Max", call: (s: Min) => s.merge(new Max() as never), message: /^Min\.merge: other must be a Min/, type: TypeError }],
  },
  {
    name: "Max",
    make: () => fed(new Max()),
    bad: [...badX("Max.update", (s: Max, x) => s.update(x)), ...badW("Max.update", (s: Max, w) => s.update(1, w)), { label: "merge a Min", call: (s: Max) => s.merge(new Min() as never), message: /^Max\.merge: other must be a Max/, type: TypeError }],
  },
  { name: "EWMean", make: () => fed(new EWMean()), bad: [...badX("EWMean.update", (s: EWMean, x) => s.update(x)), noW("EWMean.update", (s: EWMean, w) => s.update(1, w))] },
  { name: "EWVar", make: () => fed(new EWVar()), bad: [...badX("EWVar.update", (s: EWVar, x) => s.update(x)), noW("EWVar.update", (s: EWVar, w) => s.update(1, w))] },
  { name: "Quantile", make: () => fed(new Quantile()), bad: [...badX("Quantile.update", (s: Quantile, x) => s.update(x)), noW("Quantile.update", (s: Quantile, w) => s.update(1, w))] },
  {
    name: "RollingQuantile",
    make: () => fed(new RollingQuantile(0.5, 3)),
    bad: [...badX("RollingQuantile.update", (s: RollingQuantile, x) => s.update(x)), noW("RollingQuantile.update", (s: RollingQuantile, w) => s.update(1, w))],
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
    ["Mean", () => new Mean().revert(1)],
    ["Var", () => new Var().revert(1)],
    ["Cov", () => new Cov().revert(1, 1)],
  ] as const)("%s", (name, call) => {
    expect(call).toThrow(new RegExp(`^${name}\\.revert: nothing to revert`));
  });
});

describe("constructors validate their options, naming Class.constructor and the option", () => {
  const cases: ReadonlyArray<readonly [string, () => unknown, RegExp, ErrorClass]> = [
    ["Var options 0", () => new Var(0 as never), /^Var\.constructor: options must be an object such as \{ ddof: 1 \}/, TypeError],
    ...[-1, 1.5, NaN, Infinity, "1"].map((d) => [`Var ddof ${String(d)}`, () => new Var({ ddof: d as number }), /^Var\.constructor: ddof must be a non-negative integer/, RangeError] as const),
    ["Var unknown option", () => new Var({ ddf: 0 } as never), /^Var\.constructor: unknown option "ddf" \(allowed: ddof\)/, TypeError],
    ["Cov unknown option", () => new Cov({ ddof: 1, bias: true } as never), /^Cov\.constructor: unknown option "bias" \(allowed: ddof\)/, TypeError],
    ["EWVar unknown option", () => new EWVar({ alpha: 0.3 } as never), /^EWVar\.constructor: unknown option "alpha" \(allowed: fading\)/, TypeError],
    ["Cov options null", () => new Cov(null as never), /^Cov\.constructor: options must be an object/, TypeError],
    ...[-1, 0.5, NaN].map((d) => [`Cov ddof ${d}`, () => new Cov({ ddof: d }), /^Cov\.constructor: ddof must be a non-negative integer/, RangeError] as const),
    ["EWMean options 0.5", () => new EWMean(0.5 as never), /^EWMean\.constructor: options must be an object such as \{ fading: 0\.5 \}/, TypeError],
    ...[-0.1, 1.5, NaN, "0.5"].map((f) => [`EWMean fading ${String(f)}`, () => new EWMean({ fading: f as number }), /^EWMean\.constructor: fading must be a number in \[0, 1\]/, RangeError] as const),
    ...[-0.1, 2].map((f) => [`EWVar fading ${f}`, () => new EWVar({ fading: f }), /^EWVar\.constructor: fading must be a number in \[0, 1\]/, RangeError] as const),
    ...[0, 1, -0.5, 1.5, NaN, "0.5"].map((q) => [`Quantile q ${String(q)}`, () => new Quantile(q as number), /^Quantile\.constructor: q must be a number in \(0, 1\), exclusive/, RangeError] as const),
    ...[-0.1, 1.1, NaN].map((q) => [`RollingQuantile q ${q}`, () => new RollingQuantile(q, 3), /^RollingQuantile\.constructor: q must be a number in \[0, 1\]/, RangeError] as const),
    ...[0, -1, 1.5, NaN, Infinity].map((n) => [`RollingQuantile windowSize ${n}`, () => new RollingQuantile(0.5, n), /^RollingQuantile\.constructor: windowSize must be a positive integer/, RangeError] as const),
    ["rolling(Min)", () => rolling(new Min() as never, 3), /^RollingStatistic\.constructor: stat must have update, get and revert methods/, TypeError],
    ["rolling(null)", () => rolling(null as never, 3), /^RollingStatistic\.constructor: stat must have update, get and revert methods/, TypeError],
    ...[0, 2.5, NaN].map((n) => [`rolling windowSize ${n}`, () => rolling(new Mean(), n), /^RollingStatistic\.constructor: windowSize must be a positive integer/, RangeError] as const),
  ];
  it.each(cases)("%s", (_label, make, message, type) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });

  it("defaults fill in", () => {
    expect(new Var().ddof).toBe(1);
    expect(new Var({}).ddof).toBe(1);
    expect(new Cov({ ddof: 0 }).ddof).toBe(0);
    expect(new EWMean({}).fading).toBe(0.5);
    expect(new EWVar().fading).toBe(0.5);
    expect(new Quantile().q).toBe(0.5);
    expect(new RollingQuantile(0.9, 4).windowSize).toBe(4);
  });
});
