// The generic estimator suite (STYLE §4, River's check_estimator): every class in the registry,
// with default options and each of its testParams, goes through the same checks.
import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError, Random, registry, type Estimator, type RegistryEntry } from "streamine/algorithms";
import { SnapshotWriter } from "../../algorithms/base/snapshot.js";

type Record_ = { readonly x: readonly number[]; readonly y: number };

/** A seeded stream the estimator's kind can learn from: a noisy linear target, with a mean shift half-way. */
function feed(entry: RegistryEntry, seed: number, n: number): Record_[] {
  const dim = entry.dim ?? 3;
  const random = new Random(seed);
  const out: Record_[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: dim }, () => random.nextGaussian());
    const shift = i >= n / 2 ? 3 : 0;
    const y = x.reduce((s, v, j) => s + (j + 1) * v, shift) + 0.1 * random.nextGaussian();
    out.push({ x: Object.freeze(x), y });
  }
  return out;
}

/** A transaction from a record (never empty): the positive features' indices, then "up" or "down" by the target's sign. */
function transaction(r: Record_): (number | string)[] {
  const items: (number | string)[] = [];
  r.x.forEach((v, j) => {
    if (v > 0) items.push(j);
  });
  items.push(r.y > 0 ? "up" : "down");
  return items;
}

interface Driver {
  /** What the estimator answers for a record before learning it (must not change state). */
  answer(e: Estimator, r: Record_): number | boolean;
  learn(e: Estimator, r: Record_): void;
  /** Bad inputs for learning, each with the method the error must name. */
  bad(dim: number): { method: string; call: (e: Estimator) => void }[];
  readOnly?: (e: Estimator, r: Record_) => void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the suite calls each kind's methods
type Any = any;
const good = (dim: number): number[] => Array.from({ length: dim }, (_, i) => i + 1);
const withBad = (dim: number, v: number): number[] => good(dim).map((g, i) => (i === dim - 1 ? v : g));

const drivers: Partial<Record<RegistryEntry["kind"], Driver>> = {
  anomaly: {
    answer: (e, r) => (e as Any).scoreOne(r.x) as number,
    learn: (e, r) => (e as Any).learnOne(r.x),
    bad: (dim) => [
      ...[NaN, Infinity, -Infinity].map((v) => ({ method: "learnOne", call: (e: Estimator) => (e as Any).learnOne(withBad(dim, v)) })),
      { method: "learnOne", call: (e: Estimator) => (e as Any).learnOne(good(dim + 1)) },
      { method: "scoreOne", call: (e: Estimator) => (e as Any).scoreOne(withBad(dim, NaN)) },
      { method: "scoreOne", call: (e: Estimator) => (e as Any).scoreOne(good(dim + 1)) },
    ],
  },
  clusterer: {
    answer: (e, r) => (e as Any).predictOne(r.x) as number,
    learn: (e, r) => (e as Any).learnOne(r.x),
    bad: (dim) => [
      ...[NaN, Infinity, -Infinity].map((v) => ({ method: "learnOne", call: (e: Estimator) => (e as Any).learnOne(withBad(dim, v)) })),
      { method: "learnOne", call: (e: Estimator) => (e as Any).learnOne(good(dim + 1)) },
      { method: "predictOne", call: (e: Estimator) => (e as Any).predictOne(withBad(dim, NaN)) },
      { method: "predictOne", call: (e: Estimator) => (e as Any).predictOne(good(dim + 1)) },
    ],
  },
  sketch: {
    answer: (e, r) => (e as Any).estimate(Math.round(3 * (r.x[0] as number))) as number,
    learn: (e, r) => (e as Any).update(Math.round(3 * (r.x[0] as number))),
    bad: () => [NaN, Infinity, -Infinity].map((v) => ({ method: "update", call: (e: Estimator) => (e as Any).update(v) })),
  },
  itemsets: {
    // A digest of frequent(0.2): each itemset's count and items, folded into one number.
    answer: (e) =>
      ((e as Any).frequent(0.2) as { items: (number | string)[]; count: number }[]).reduce(
        (h, { items, count }) => (h * 31 + count + items.map(String).join(",").length) % 1e9,
        0,
      ),
    learn: (e, r) => (e as Any).learnOne(transaction(r)),
    bad: () => [
      ...[NaN, Infinity, -Infinity, null, {}].map((v) => ({ method: "learnOne", call: (e: Estimator) => (e as Any).learnOne([1, v]) })),
      { method: "learnOne", call: (e: Estimator) => (e as Any).learnOne("1 2") },
      { method: "learnOne", call: (e: Estimator) => (e as Any).learnOne([]) },
      ...[0, -0.1, 1.5, NaN].map((s) => ({ method: "frequent", call: (e: Estimator) => (e as Any).frequent(s) })),
    ],
  },
  drift: {
    answer: (e) => (e as Any).drift as boolean,
    learn: (e, r) => (e as Any).update(r.y),
    bad: () => [NaN, Infinity, -Infinity].map((v) => ({ method: "update", call: (e: Estimator) => (e as Any).update(v) })),
  },
  regressor: {
    answer: (e, r) => (e as Any).predictOne(r.x) as number,
    learn: (e, r) => (e as Any).learnOne(r.x, r.y),
    bad: (dim) => [
      ...[NaN, Infinity, -Infinity].map((v) => ({ method: "learnOne", call: (e: Estimator) => (e as Any).learnOne(withBad(dim, v), 1) })),
      ...[NaN, Infinity].map((v) => ({ method: "learnOne", call: (e: Estimator) => (e as Any).learnOne(good(dim), v) })),
      { method: "learnOne", call: (e: Estimator) => (e as Any).learnOne(good(dim + 1), 1) },
      { method: "predictOne", call: (e: Estimator) => (e as Any).predictOne(withBad(dim, NaN)) },
    ],
  },
  transformer: {
    answer: (e, r) => Array.from((e as Any).transformOne(r.x) as Float64Array).reduce((s: number, v: number) => s * 31 + v, 0),
    learn: (e, r) => (e as Any).learnOne(r.x),
    bad: (dim) => [
      ...[NaN, Infinity, -Infinity].map((v) => ({ method: "learnOne", call: (e: Estimator) => (e as Any).learnOne(withBad(dim, v)) })),
      { method: "learnOne", call: (e: Estimator) => (e as Any).learnOne(good(dim + 1)) },
    ],
  },
};

function run(e: Estimator, d: Driver, records: readonly Record_[]): (number | boolean)[] {
  const out: (number | boolean)[] = [];
  for (const r of records) {
    out.push(d.answer(e, r));
    d.learn(e, r);
  }
  return out;
}

const cases = registry.flatMap((entry) =>
  [undefined, ...entry.cls.testParams].map((params, i) => [`${entry.name} ${i === 0 ? "defaults" : JSON.stringify(params)}`, entry, params] as const),
);

describe("the registry", () => {
  it("lists estimators, each of a kind the suite can drive", () => {
    expect(registry.length).toBeGreaterThan(0);
    for (const entry of registry) expect(drivers[entry.kind], entry.name).toBeDefined();
  });
});

describe.each(cases)("%s", (_name, entry, params) => {
  const driver = drivers[entry.kind] as Driver;
  const dim = entry.dim ?? 3;
  const make = (): Estimator => new entry.cls(params);
  const skip = (check: keyof NonNullable<RegistryEntry["exemptions"]>): boolean => entry.exemptions?.[check] !== undefined;

  it("constructs, and its options (defaults filled in) build an equal estimator", () => {
    const e = make();
    expect(Object.isFrozen(e.options)).toBe(true);
    if (params !== undefined) for (const [k, v] of Object.entries(params)) expect((e.options as Record<string, unknown>)[k]).toEqual(v);
    expect(new entry.cls(e.options).options).toEqual(e.options);
    expect(new entry.cls(e.options).snapshot()).toEqual(e.snapshot());
  });

  it("learns from frozen input without changing it", () => {
    if (skip("frozen-input")) return;
    const e = make();
    const records = feed(entry, 1, 20);
    const copies = records.map((r) => [...r.x]);
    expect(() => run(e, driver, records)).not.toThrow();
    expect(records.map((r) => [...r.x])).toEqual(copies);
  });

  it("gives identical outputs for identical settings over 500 records", () => {
    if (skip("seeded")) return;
    const records = feed(entry, 2, 500);
    const a = run(make(), driver, records);
    const b = run(make(), driver, records);
    expect(a.every((v, i) => Object.is(v, b[i]))).toBe(true);
  });

  it("restores from a mid-stream snapshot: the next 500 outputs and the bytes are identical", () => {
    if (skip("snapshot")) return;
    const records = feed(entry, 3, 750);
    const original = make();
    run(original, driver, records.slice(0, 250));
    const bytes = original.snapshot();
    const restored = entry.cls.restore(bytes);
    expect(restored.snapshot()).toEqual(bytes);
    const a = run(original, driver, records.slice(250));
    const b = run(restored, driver, records.slice(250));
    expect(a.every((v, i) => Object.is(v, b[i]))).toBe(true);
    expect(restored.snapshot()).toEqual(original.snapshot());
  });

  it("answers without changing its state", () => {
    if (skip("read-only-predict")) return;
    const records = feed(entry, 4, 300);
    const e = make();
    const before = e.snapshot();
    driver.answer(e, records[0] as Record_);
    expect(e.snapshot()).toEqual(before);
    run(e, driver, records);
    const after = e.snapshot();
    driver.answer(e, records[1] as Record_);
    expect(e.snapshot()).toEqual(after);
  });

  it("rejects NaN, ±Infinity and a wrong dimension naming Class.method, and keeps its state", () => {
    if (skip("bad-input")) return;
    const e = make();
    run(e, driver, feed(entry, 5, 50));
    const before = e.snapshot();
    for (const { method, call } of driver.bad(dim)) {
      expect(() => call(e), method).toThrow(EstimatorInputError);
      expect(() => call(e), method).toThrow(`${entry.name}.${method}`);
      expect(e.snapshot()).toEqual(before);
    }
  });

  it("refuses the bytes of another class or an unknown version, naming both", () => {
    const other = new SnapshotWriter("SomeOtherModel", 1, {}).finish();
    expect(() => entry.cls.restore(other)).toThrow(EstimatorConfigError);
    expect(() => entry.cls.restore(other)).toThrow(/SomeOtherModel.*not a .*snapshot/);
    const bytes = make().snapshot();
    const future = bytes.slice();
    const versionAt = 4 + 1 + entry.name.length;
    future[versionAt] = 250;
    expect(() => entry.cls.restore(future)).toThrow(new RegExp(`${entry.name} snapshot version \\d+ is not supported`));
  });
});
