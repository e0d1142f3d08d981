import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EstimatorConfigError,
  EstimatorInputError,
  HalfSpaceTrees,
  paperHalfSpaceTrees,
  Random,
  riverHalfSpaceTrees,
  ROCAUC,
  type HalfSpaceTree,
  type HalfSpaceTreesOptions,
} from "streamine/algorithms";

type Point = readonly number[];

/** Points mostly in [0, 1]^dim, some outside (limits do not clip), some on a coarse grid (ties). */
function points(seed: number, n: number, dim: number): Point[] {
  const r = new Random(seed);
  return Array.from({ length: n }, () =>
    Object.freeze(Array.from({ length: dim }, () => (r.next() < 0.2 ? Math.round(r.next() * 4) / 4 : 1.6 * r.next() - 0.3))),
  );
}

interface Condition {
  readonly feature: number;
  readonly value: number;
  readonly left: boolean;
}

/** Each node's region as the split conditions on its path from the root. */
function regions(tree: HalfSpaceTree): Condition[][] {
  const out: Condition[][] = [[]];
  for (let i = 0; i < tree.feature.length; i++) {
    const here = out[i] as Condition[];
    const c = { feature: tree.feature[i] as number, value: tree.value[i] as number };
    out[2 * i + 1] = [...here, { ...c, left: true }];
    out[2 * i + 2] = [...here, { ...c, left: false }];
  }
  return out;
}

const inRegion = (x: Point, region: readonly Condition[]): boolean =>
  region.every((c) => ((x[c.feature] as number) < c.value) === c.left);

/** Mass of every node: how many of `window` fall in its region. */
const masses = (tree: HalfSpaceTree, window: readonly Point[]): number[] => regions(tree).map((region) => window.filter((x) => inRegion(x, region)).length);

/**
 * The score by its definition (River's score_one), from brute-force reference masses: per tree,
 * Σ r_mass·2^depth over the path up to the first node below sizeLimit, or the leaf.
 */
function bruteScore(trees: readonly HalfSpaceTree[], reference: readonly number[][], x: Point, o: Required<HalfSpaceTreesOptions>, pivoted: boolean): number {
  if (!pivoted) return 0;
  let raw = 0;
  trees.forEach((tree, t) => {
    let node = 0;
    for (let depth = 0; ; depth++) {
      const m = (reference[t] as number[])[node] as number;
      raw += m * 2 ** depth;
      if (m < o.sizeLimit || depth === o.height) break;
      node = (x[tree.feature[node] as number] as number) < (tree.value[node] as number) ? 2 * node + 1 : 2 * node + 2;
    }
  });
  return 1 - raw / (o.trees * o.windowSize * (2 ** (o.height + 1) - 1));
}

const settings = fc.record({
  seed: fc.integer({ min: 0, max: 1_000 }),
  trees: fc.integer({ min: 1, max: 4 }),
  height: fc.integer({ min: 1, max: 6 }),
  windowSize: fc.integer({ min: 1, max: 40 }),
  dim: fc.integer({ min: 1, max: 4 }),
  n: fc.integer({ min: 0, max: 150 }),
  sizeLimit: fc.option(fc.constantFrom(0, 0.5, 1, 3), { nil: undefined }),
  limits: fc.constantFrom("unit", "wide", "learn"),
});

describe("HalfSpaceTrees", () => {
  it("masses and scores equal a brute-force recount of the windows over the model's split structure", () => {
    fc.assert(
      fc.property(settings, ({ seed, trees, height, windowSize, dim, n, sizeLimit, limits }) => {
        const options: HalfSpaceTreesOptions = {
          seed,
          trees,
          height,
          windowSize,
          ...(sizeLimit === undefined ? {} : { sizeLimit }),
          limits: limits === "unit" ? null : limits === "learn" ? "learn" : Array.from({ length: dim }, (_, q) => [-1 - q, 2 + q] as const),
        };
        const model = new HalfSpaceTrees(options);
        const stream = points(seed, n, dim);
        const queries = points(seed + 1, 20, dim);
        for (const x of stream) model.learnOne(x);
        const pivots = Math.floor(n / windowSize);
        const reference = stream.slice((pivots - 1) * windowSize, pivots * windowSize);
        const current = stream.slice(pivots * windowSize);
        const structure = model.trees();
        if (n === 0 || (limits === "learn" && pivots === 0)) {
          expect(structure).toEqual([]); // drawn at the first record, or at the end of the first window with learned ranges
        } else {
          expect(structure).toHaveLength(trees);
        }
        const r = structure.map((tree) => masses(tree, pivots > 0 ? reference : []));
        structure.forEach((tree, t) => {
          expect(Array.from(tree.rMass)).toEqual(r[t]);
          expect(Array.from(tree.lMass)).toEqual(masses(tree, current));
          // Queries exactly on split values check the `<` side of every comparison.
          queries.push(Object.freeze(Array.from({ length: dim }, (_, q) => (tree.feature[0] === q ? (tree.value[0] as number) : 0.5))));
        });
        for (const x of queries) expect(model.scoreOne(x)).toBe(bruteScore(structure, r, x, model.options, pivots > 0));
      }),
      { numRuns: 150 },
    );
  });

  it("draws the paper's work-space: per tree and feature one s in [min, max], splits at mid-points of s ± 2·max(s − min, max − s)", () => {
    const limits = [[0, 1], [-5, 5], [10, 10.5]] as const;
    const model = new HalfSpaceTrees({ trees: 20, height: 6, limits: limits.map(([a, b]) => [a, b] as const), seed: 3 });
    model.learnOne([0.5, 0, 10.2]);
    const used = new Set<number>();
    for (const tree of model.trees()) {
      const s = new Map<number, number>(); // the tree's s per feature: the value of the first split on it, on any path
      const walk = (node: number, ranges: Map<number, readonly [number, number]>): void => {
        if (node >= tree.feature.length) return;
        const q = tree.feature[node] as number;
        const v = tree.value[node] as number;
        used.add(q);
        let range = ranges.get(q);
        if (range === undefined) {
          const [lo, hi] = limits[q] as readonly [number, number];
          expect(v).toBeGreaterThanOrEqual(lo - 1e-9);
          expect(v).toBeLessThanOrEqual(hi + 1e-9);
          if (!s.has(q)) s.set(q, v);
          expect(v).toBeCloseTo(s.get(q) as number, 9);
          const half = 2 * Math.max(v - lo, hi - v);
          range = [v - half, v + half];
        }
        expect(v).toBeCloseTo((range[0] + range[1]) / 2, 9);
        walk(2 * node + 1, new Map(ranges).set(q, [range[0], v]));
        walk(2 * node + 2, new Map(ranges).set(q, [v, range[1]]));
      };
      walk(0, new Map());
    }
    expect([...used].sort()).toEqual([0, 1, 2]);
  });

  it("scores 0 until the first pivot, then pivots exactly every windowSize records", () => {
    const model = new HalfSpaceTrees({ trees: 3, height: 3, windowSize: 20, seed: 5 });
    const stream = points(9, 65, 2);
    const rootMasses = (): [number, number] => [model.trees()[0]?.lMass[0] ?? -1, model.trees()[0]?.rMass[0] ?? -1];
    expect(model.scoreOne([0.5, 0.5])).toBe(0);
    expect(model.trees()).toEqual([]);
    stream.slice(0, 19).forEach((x) => model.learnOne(x));
    expect(rootMasses()).toEqual([19, 0]);
    expect(model.scoreOne([0.5, 0.5])).toBe(0);
    model.learnOne(stream[19] as Point);
    expect(rootMasses()).toEqual([0, 20]);
    const afterPivot = model.scoreOne([0.5, 0.5]);
    expect(afterPivot).toBeGreaterThan(0);
    expect(afterPivot).toBeLessThan(1);
    stream.slice(20, 39).forEach((x) => model.learnOne(x));
    expect(rootMasses()).toEqual([19, 20]);
    expect(model.scoreOne([0.5, 0.5])).toBe(afterPivot); // the reference window has not moved
    model.learnOne(stream[39] as Point);
    expect(rootMasses()).toEqual([0, 20]);
    stream.slice(40).forEach((x) => model.learnOne(x));
    expect(rootMasses()).toEqual([5, 20]);
    const before = model.snapshot();
    model.scoreOne([0.1, 0.9]);
    expect(model.snapshot()).toEqual(before);
  });

  it("has River's defaults and exports River's 10/8 and the paper's 25/15 settings", () => {
    const defaults = { trees: 10, height: 8, windowSize: 250, sizeLimit: 25, limits: null, seed: 42 };
    expect(new HalfSpaceTrees().options).toEqual(defaults);
    expect(new HalfSpaceTrees(riverHalfSpaceTrees).options).toEqual(defaults);
    expect(new HalfSpaceTrees(paperHalfSpaceTrees).options).toEqual({ ...defaults, trees: 25, height: 15 });
    expect(Object.isFrozen(riverHalfSpaceTrees) && Object.isFrozen(paperHalfSpaceTrees)).toBe(true);
    // sizeLimit follows windowSize unless given
    expect(new HalfSpaceTrees({ ...paperHalfSpaceTrees, windowSize: 100 }).options.sizeLimit).toBe(10);
    expect(new HalfSpaceTrees({ windowSize: 100, sizeLimit: 3 }).options.sizeLimit).toBe(3);
    const paper = new HalfSpaceTrees(paperHalfSpaceTrees);
    paper.learnOne([0.5]);
    const trees = paper.trees();
    expect(trees).toHaveLength(25);
    expect(trees[0]?.feature).toHaveLength(2 ** 15 - 1);
    expect(trees[0]?.rMass).toHaveLength(2 ** 16 - 1);
  });

  it("keeps the trees in flat arrays: a snapshot is the arrays' bytes plus a fixed header", () => {
    const fresh = new HalfSpaceTrees();
    const model = new HalfSpaceTrees();
    model.learnOne([0.2, 0.7]);
    const internal = 10 * (2 ** 8 - 1);
    const nodes = 10 * (2 ** 9 - 1);
    // u16 features + f64 values (with a u32 length) + two u32 masses, instead of an empty f64 list (u32 length) and dim 0 → 2
    expect(model.snapshot().length - fresh.snapshot().length).toBe(internal * 2 + 4 + internal * 8 + 2 * nodes * 4 - 4);
  });

  describe("learned ranges", () => {
    const options = { trees: 4, height: 5, windowSize: 30, seed: 11 } as const;

    it("draws the trees at the end of the first window from its ranges: the model equals one given those limits", () => {
      const stream = points(4, 200, 3).map((x) => x.map((v, q) => v * (q + 1) - q));
      const first = stream.slice(0, 30);
      const limits = [0, 1, 2].map((q) => [Math.min(...first.map((x) => x[q] as number)), Math.max(...first.map((x) => x[q] as number))] as const);
      const learned = new HalfSpaceTrees({ ...options, limits: "learn" });
      const given = new HalfSpaceTrees({ ...options, limits });
      stream.forEach((x, i) => {
        expect(learned.scoreOne(x)).toBe(given.scoreOne(x));
        if (i < 29) expect(learned.scoreOne(x)).toBe(0);
        learned.learnOne(x);
        given.learnOne(x);
        if (i === 28) expect(learned.trees()).toEqual([]);
        if (i >= 29) expect(learned.trees()).toEqual(given.trees());
      });
      expect(learned.scoreOne([5, 5, 5])).toBeGreaterThan(0);
    });

    it("gives a feature constant over the first window the range [v − 0.5, v + 0.5]", () => {
      const stream = points(6, 100, 2).map((x) => [x[0] as number, 3]);
      const first = stream.slice(0, 30).map((x) => x[0] as number);
      const learned = new HalfSpaceTrees({ ...options, limits: "learn" });
      const given = new HalfSpaceTrees({ ...options, limits: [[Math.min(...first), Math.max(...first)], [2.5, 3.5]] });
      for (const x of stream) {
        learned.learnOne(x);
        given.learnOne(x);
      }
      expect(learned.trees()).toEqual(given.trees());
    });

    it("restores in the middle of the first window", () => {
      const stream = points(8, 90, 2);
      const model = new HalfSpaceTrees({ ...options, limits: "learn" });
      stream.slice(0, 17).forEach((x) => model.learnOne(x));
      const restored = HalfSpaceTrees.restore(model.snapshot());
      expect(restored.snapshot()).toEqual(model.snapshot());
      for (const x of stream.slice(17)) {
        expect(restored.scoreOne(x)).toBe(model.scoreOne(x));
        model.learnOne(x);
        restored.learnOne(x);
      }
      expect(restored.trees()).toEqual(model.trees());
      expect(restored.snapshot()).toEqual(model.snapshot());
    });
  });

  it("rejects bad limits and options with a message naming the option", () => {
    const make = (o: unknown) => () => new HalfSpaceTrees(o as HalfSpaceTreesOptions);
    expect(make({ limits: [] })).toThrow(EstimatorConfigError);
    expect(make({ limits: [] })).toThrow(/HalfSpaceTrees.constructor: option limits must be null .*"learn", or an array of 1 to 65536 \[min, max\] pairs, got an array of length 0/);
    expect(make({ limits: "lean" })).toThrow(/option limits must be .* got "lean"/);
    expect(make({ limits: [[0, 1], [1, 1]] })).toThrow("HalfSpaceTrees.constructor: option limits[1] must be a pair [min, max] of finite numbers with min < max, got [1, 1]");
    expect(make({ limits: [[0, NaN]] })).toThrow(/option limits\[0\] .* got \[0, NaN\]/);
    expect(make({ limits: [[2, 1]] })).toThrow(/option limits\[0\] .* got \[2, 1\]/);
    expect(make({ limits: [[0, 1, 2]] })).toThrow(/option limits\[0\] .* got \[0, 1, 2\]/);
    expect(make({ limits: [0, 1] })).toThrow(/option limits\[0\] .* got 0/);
    expect(make({ limits: [["0", 1]] })).toThrow(/option limits\[0\] .* got \["0", 1\]/);
    expect(make({ trees: 0 })).toThrow(/option trees must be an integer ≥ 1, got 0/);
    expect(make({ height: 21 })).toThrow(/option height must be an integer in \[1, 20\]/);
    expect(make({ height: 0 })).toThrow(/option height/);
    expect(make({ windowSize: 2.5 })).toThrow(/option windowSize/);
    expect(make({ sizeLimit: -1 })).toThrow(/option sizeLimit/);
    expect(make({ seed: 0.5 })).toThrow(/option seed/);
    expect(make({ tree: 5 })).toThrow(/unknown option "tree"/);
  });

  it("given limits fix the dimension before any learning; the input is validated and never changed", () => {
    const model = new HalfSpaceTrees({ limits: [[0, 1], [0, 1]], windowSize: 5 });
    expect(() => model.scoreOne([0.5, 0.5, 0.5])).toThrow("HalfSpaceTrees.scoreOne: x has 3 features, expected 2");
    expect(() => model.learnOne([0.5])).toThrow(EstimatorInputError);
    expect(() => model.learnOne([0.5, Infinity])).toThrow("HalfSpaceTrees.learnOne: x[1] must be a finite number");
    expect(model.trees()).toEqual([]);
    const x = Object.freeze([0.25, 0.75]);
    model.learnOne(x);
    expect(x).toEqual([0.25, 0.75]);
    const limits: [number, number][] = [[0, 1]];
    const own = new HalfSpaceTrees({ limits });
    limits[0] = [5, 6]; // the model keeps a frozen copy
    expect(own.options.limits).toEqual([[0, 1]]);
    expect(Object.isFrozen(own.options.limits)).toBe(true);
  });

  it("is determined by its seed: equal seeds give equal trees and scores, other seeds other trees", () => {
    const stream = points(12, 300, 3);
    const run = (seed: number): { trees: HalfSpaceTree[]; scores: number[] } => {
      const m = new HalfSpaceTrees({ trees: 5, height: 6, windowSize: 50, seed });
      const scores = stream.map((x) => {
        const s = m.scoreOne(x);
        m.learnOne(x);
        return s;
      });
      return { trees: m.trees(), scores };
    };
    const a = run(1);
    expect(run(1)).toEqual(a);
    const b = run(2);
    expect(b.trees.map((t) => Array.from(t.value))).not.toEqual(a.trees.map((t) => Array.from(t.value)));
    expect(b.scores).not.toEqual(a.scores);
  });

  it("scores planted outliers above Gaussian inliers (ROC-AUC > 0.9), with River's and the paper's settings", () => {
    for (const preset of [riverHalfSpaceTrees, paperHalfSpaceTrees]) {
      const r = new Random(2024);
      const model = new HalfSpaceTrees({ ...preset, seed: 17 });
      const auc = new ROCAUC();
      for (let i = 0; i < 4_000; i++) {
        const outlier = r.next() < 0.02;
        // inliers: N(0.5, 0.05²) per feature; outliers: uniform on [0, 1]^3
        const x = Array.from({ length: 3 }, () => (outlier ? r.next() : 0.5 + 0.05 * r.nextGaussian()));
        const score = model.scoreOne(x);
        if (i >= 250) auc.update(outlier, score); // after the first window
        model.learnOne(x);
      }
      expect(auc.get()).toBeGreaterThan(0.9);
    }
  });
});
