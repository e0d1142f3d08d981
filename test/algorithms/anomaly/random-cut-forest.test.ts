import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError, Random, ROCAUC } from "streamine/algorithms";
import { RandomCutForest, type RandomCutForestOptions, type RcfNode, type RcfTreeView } from "../../../algorithms/anomaly/random-cut-forest.js";

type Point = readonly number[];
type Internal = Extract<RcfNode, { leaf: false }>;

const LOG2_3 = Math.log2(3);

/** The leaves below a node, each with its point and mass. */
function leaves(n: RcfNode): { point: Point; mass: number }[] {
  return n.leaf ? [{ point: Array.from(n.point), mass: n.mass }] : [...leaves(n.left), ...leaves(n.right)];
}

function internals(n: RcfNode): Internal[] {
  return n.leaf ? [] : [n, ...internals(n.left), ...internals(n.right)];
}

/** Bounding box of the points below a node, by brute force. */
function bruteBox(n: RcfNode): { min: number[]; max: number[] } {
  const points = leaves(n).map((l) => l.point);
  const dim = (points[0] as Point).length;
  const min = Array.from({ length: dim }, (_, q) => Math.min(...points.map((p) => p[q] as number)));
  const max = Array.from({ length: dim }, (_, q) => Math.max(...points.map((p) => p[q] as number)));
  return { min, max };
}

const key = (p: ArrayLike<number>): string => Array.from(p).join(",");
const sorted = (keys: string[]): string[] => [...keys].sort();

/**
 * The AWS score of x against one tree by its definition, from boxes recomputed from the leaves:
 * leaf equal to x: (1 − m / 2M) / (depth + log2(m + 1)); else 1 / (depth + 1), then up the path
 * s ← p / (i + 1) + (1 − p) s while x is outside the node's box; times log2(M + 1).
 */
function referenceScore(root: RcfNode, x: Point): number {
  const total = root.mass;
  const path: Internal[] = [];
  let n = root;
  while (!n.leaf) {
    path.push(n);
    n = (x[n.dim] as number) <= n.value ? n.left : n.right;
  }
  const depth = path.length;
  if (key(n.point) === key(x)) return ((1 - n.mass / (2 * total)) / (depth + Math.log2(n.mass + 1))) * Math.log2(total + 1);
  let s = 1 / (depth + 1);
  for (let i = depth - 1; i >= 0; i--) {
    const { min, max } = bruteBox(path[i] as Internal);
    let grow = 0;
    let range = 0;
    x.forEach((v, q) => {
      const lo = min[q] as number;
      const hi = max[q] as number;
      grow += Math.max(lo - v, 0) + Math.max(v - hi, 0);
      range += Math.max(hi, v) - Math.min(lo, v);
    });
    if (grow === 0) break;
    s = (grow / range) / (i + 1) + (1 - grow / range) * s;
  }
  return s * Math.log2(total + 1);
}

/** Checks a tree against brute force: boxes, masses, cuts, and sample = leaves (with multiplicity). */
function checkTree(view: RcfTreeView, offered: ReadonlySet<string>): void {
  const sampleKeys = sorted(view.sample.map((s) => key(s.point)));
  for (const k of sampleKeys) expect(offered.has(k)).toBe(true);
  if (view.root === null) {
    expect(view.sample).toEqual([]);
    return;
  }
  const all = leaves(view.root);
  expect(sorted(all.flatMap((l) => Array.from({ length: l.mass }, () => key(l.point))))).toEqual(sampleKeys);
  expect(new Set(all.map((l) => key(l.point))).size).toBe(all.length); // one leaf per distinct point
  for (const n of internals(view.root)) {
    const { min, max } = bruteBox(n);
    expect(Array.from(n.min)).toEqual(min);
    expect(Array.from(n.max)).toEqual(max);
    expect(n.mass).toBe(leaves(n).reduce((s, l) => s + l.mass, 0));
    for (const l of leaves(n.left)) expect(l.point[n.dim]).toBeLessThanOrEqual(n.value);
    for (const l of leaves(n.right)) expect(l.point[n.dim]).toBeGreaterThan(n.value);
  }
}

/** A seeded stream of dim-vectors on a coarse grid (many duplicates) with a few wide values. */
function gridStream(seed: number, n: number, dim: number): Point[] {
  const r = new Random(seed);
  return Array.from({ length: n }, () => Array.from({ length: dim }, () => (r.next() < 0.8 ? Math.floor(r.next() * 4) : 10 * r.nextGaussian())));
}

function gaussian(r: Random, dim: number, scale = 1): number[] {
  return Array.from({ length: dim }, () => scale * r.nextGaussian());
}

describe("RandomCutForest", () => {
  it("fills in AWS's defaults, and derives outputAfter and timeDecay from sampleSize", () => {
    expect(new RandomCutForest().options).toEqual({ trees: 50, sampleSize: 256, shingleSize: 1, outputAfter: 64, timeDecay: 1 / 2560, seed: 42 });
    const o = new RandomCutForest({ sampleSize: 100 }).options;
    expect([o.outputAfter, o.timeDecay]).toEqual([25, 1 / 1000]);
    expect(new RandomCutForest({ sampleSize: 2 }).options.outputAfter).toBe(1);
  });

  it("rejects bad options naming the option", () => {
    const bad: [RandomCutForestOptions, string][] = [
      [{ trees: 0 }, "trees"],
      [{ trees: 2.5 }, "trees"],
      [{ trees: "3" as unknown as number }, "trees"],
      [{ sampleSize: 0 }, "sampleSize"],
      [{ sampleSize: 1e9 }, "sampleSize"],
      [{ shingleSize: 0 }, "shingleSize"],
      [{ outputAfter: 0 }, "outputAfter"],
      [{ outputAfter: 1.5 }, "outputAfter"],
      [{ timeDecay: -0.1 }, "timeDecay"],
      [{ timeDecay: NaN }, "timeDecay"],
      [{ seed: 0.5 }, "seed"],
    ];
    for (const [options, name] of bad) {
      expect(() => new RandomCutForest(options), name).toThrow(EstimatorConfigError);
      expect(() => new RandomCutForest(options), name).toThrow(`RandomCutForest.constructor: option ${name} must be`);
    }
    expect(() => new RandomCutForest({ numberOfTrees: 5 } as RandomCutForestOptions)).toThrow(/unknown option "numberOfTrees"/);
  });

  it("rejects bad input naming Class.method", () => {
    const rcf = new RandomCutForest({ trees: 2, sampleSize: 4 });
    rcf.learnOne([1, 2]);
    expect(() => rcf.learnOne([1, NaN])).toThrow(EstimatorInputError);
    expect(() => rcf.learnOne([1, NaN])).toThrow("RandomCutForest.learnOne");
    expect(() => rcf.scoreOne([1])).toThrow("RandomCutForest.scoreOne");
    expect(() => rcf.attribution([1, 2, 3])).toThrow("RandomCutForest.attribution");
    expect(() => new RandomCutForest().attribution([Infinity])).toThrow("RandomCutForest.attribution");
  });

  describe("scores by hand on tiny trees (every tree holds the same points)", () => {
    const forest = (points: Point[], trees = 4): RandomCutForest => {
      const rcf = new RandomCutForest({ trees, sampleSize: 8, outputAfter: 1, seed: 3 });
      for (const p of points) rcf.learnOne(p);
      return rcf;
    };

    it("one point: the root is the leaf", () => {
      const rcf = forest([[5]]);
      expect(rcf.scoreOne([5])).toBeCloseTo((1 - 1 / 2) / (0 + 1), 12); // damp · scoreSeen, times log2(2) = 1
      expect(rcf.scoreOne([7])).toBeCloseTo(1, 12); // 1 / (0 + 1)
    });

    it("two points {0, 1}: whatever the cut, 2 scores 0.75·log2 3, a sample point 0.375·log2 3", () => {
      const rcf = forest([[0], [1]]);
      // leaf at depth 1: 1/2; root box [0, 1] grown to [0, 2]: p = 1/2, s = 1/2 · 1 + 1/2 · 1/2
      expect(rcf.scoreOne([2])).toBeCloseTo(0.75 * LOG2_3, 12);
      expect(rcf.scoreOne([-1])).toBeCloseTo(0.75 * LOG2_3, 12);
      // inside the root box: only the leaf term 1 / (1 + 1)
      expect(rcf.scoreOne([0.5])).toBeCloseTo(0.5 * LOG2_3, 12);
      // equal to a leaf of mass 1 in a tree of mass 2: (1 − 1/4) / (1 + log2 2)
      expect(rcf.scoreOne([0])).toBeCloseTo(0.375 * LOG2_3, 12);
      const { high, low } = rcf.attribution([2]);
      expect(high[0]).toBeCloseTo(0.75 * LOG2_3, 12);
      expect(low[0]).toBe(0);
    });

    it("a duplicate {0, 0, 1}: the leaf of mass 2 is damped", () => {
      const rcf = forest([[0], [0], [1]]);
      expect(rcf.scoreOne([0])).toBeCloseTo(((1 - 2 / 6) / (1 + LOG2_3)) * 2, 12);
      expect(rcf.scoreOne([1])).toBeCloseTo(((1 - 1 / 6) / (1 + 1)) * 2, 12);
      const { high, low } = rcf.attribution([0]);
      expect((high[0] as number) + (low[0] as number)).toBeCloseTo(rcf.scoreOne([0]), 12);
    });

    it("three points {0, 1, 3}: 5 scores 1.4 in trees cut at [1, 3), 1.3 in trees cut at [0, 1), and 2/3 of the trees are the former", () => {
      const rcf = forest([[0], [1], [3]], 300);
      const views = rcf.trees();
      // cut in [1, 3): leaf 3 at depth 1: 1/2; root [0, 3] → [0, 5]: p = 2/5: 2/5 + 3/5 · 1/2 = 0.7; × log2 4
      // cut in [0, 1): leaf 3 at depth 2: 1/3; [1, 3] → [1, 5]: p = 1/2: 1/4 + 1/6; root p = 2/5: 2/5 + 3/5 · 5/12 = 0.65; × 2
      const perTree = views.map((v) => ((v.root as Internal).value >= 1 ? 1.4 : 1.3));
      expect(rcf.scoreOne([5])).toBeCloseTo(perTree.reduce((a, b) => a + b, 0) / perTree.length, 12);
      const share = perTree.filter((s) => s === 1.4).length / perTree.length;
      expect(share).toBeGreaterThan(2 / 3 - 0.1); // binomial sd ≈ 0.027
      expect(share).toBeLessThan(2 / 3 + 0.1);
    });
  });

  it("trees stay consistent with brute force over inserts and deletes, and scores equal the definition", () => {
    const settings = fc.record({
      seed: fc.integer({ min: 0, max: 1000 }),
      trees: fc.integer({ min: 1, max: 3 }),
      sampleSize: fc.integer({ min: 1, max: 12 }),
      timeDecay: fc.constantFrom(0, 0.05, 0.5, 5),
      dim: fc.integer({ min: 1, max: 3 }),
      shingleSize: fc.integer({ min: 1, max: 2 }),
      n: fc.integer({ min: 0, max: 120 }),
    });
    fc.assert(
      fc.property(settings, ({ seed, trees, sampleSize, timeDecay, dim, shingleSize, n }) => {
        const rcf = new RandomCutForest({ trees, sampleSize, timeDecay, shingleSize, seed, outputAfter: 1 });
        const stream = gridStream(seed + 1, n, dim);
        const offered = new Set<string>();
        const window: number[][] = [];
        stream.forEach((x, i) => {
          rcf.learnOne(x);
          window.push([...x]);
          if (window.length > shingleSize) window.shift();
          if (window.length === shingleSize) offered.add(key(window.flat()));
          if (i % 13 === 12 || i === n - 1) {
            const views = rcf.trees();
            for (const v of views) {
              checkTree(v, offered);
              expect(v.sample.length).toBe(Math.min(sampleSize, Math.max(0, i + 2 - shingleSize)));
            }
            if (views.every((v) => v.root !== null)) {
              const queries = [stream[i] as Point, stream[Math.floor(i / 2)] as Point, Array.from({ length: dim }, () => 1.5)];
              for (const q of queries) {
                const point = [...window.slice(1).flat(), ...q];
                const expected = views.reduce((s, v) => s + referenceScore(v.root as RcfNode, point), 0) / views.length;
                expect(rcf.scoreOne(q)).toBeCloseTo(expected, 10);
                const { high, low } = rcf.attribution(q);
                const sum = [...high, ...low].reduce((a, b) => a + b, 0);
                expect(Math.abs(sum - rcf.scoreOne(q))).toBeLessThan(1e-9);
              }
            }
          }
        });
      }),
      { numRuns: 120 },
    );
  });

  describe("samplers", () => {
    it("with a steep timeDecay, keep exactly the last sampleSize points (a sliding window)", () => {
      const rcf = new RandomCutForest({ trees: 4, sampleSize: 5, timeDecay: 100, seed: 9 });
      for (let i = 0; i < 40; i++) rcf.learnOne([i]);
      for (const v of rcf.trees()) expect(sorted(v.sample.map((s) => key(s.point)))).toEqual(sorted(["35", "36", "37", "38", "39"]));
    });

    it("with timeDecay 0, keep each of n points with probability sampleSize / n; with decay, favour recent points", () => {
      const count = (timeDecay: number): number[] => {
        const rcf = new RandomCutForest({ trees: 400, sampleSize: 8, timeDecay, seed: 11 });
        for (let i = 0; i < 32; i++) rcf.learnOne([i]);
        const counts = new Array<number>(32).fill(0);
        for (const v of rcf.trees()) for (const s of v.sample) counts[s.point[0] as number] = (counts[s.point[0] as number] as number) + 1;
        return counts;
      };
      const uniform = count(0);
      // expected 400 · 8 / 32 = 100 per point, binomial sd ≈ 8.7
      for (const c of uniform) expect(Math.abs(c - 100)).toBeLessThan(40);
      const decayed = count(0.2);
      const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
      expect(mean(decayed.slice(24))).toBeGreaterThan(2 * mean(decayed.slice(0, 8)));
    });
  });

  it("scores 0 until outputAfter points were learned (records, with shingling, from the first full shingle)", () => {
    for (const shingleSize of [1, 3]) {
      const rcf = new RandomCutForest({ trees: 3, sampleSize: 16, outputAfter: 10, shingleSize, seed: 2 });
      const r = new Random(4);
      for (let i = 0; i < 10 + shingleSize - 1; i++) {
        expect(rcf.scoreOne([5, 5])).toBe(0);
        expect(Array.from(rcf.attribution([5, 5]).high)).toEqual(new Array<number>(2 * shingleSize).fill(0));
        rcf.learnOne(gaussian(r, 2));
      }
      expect(rcf.scoreOne([5, 5])).toBeGreaterThan(0);
    }
  });

  it("gives the same outputs for the same seed, and other outputs for another seed", () => {
    const run = (seed: number): number[] => {
      const rcf = new RandomCutForest({ trees: 5, sampleSize: 32, seed });
      const r = new Random(8);
      return Array.from({ length: 300 }, () => {
        const x = gaussian(r, 3);
        const s = rcf.scoreOne(x);
        rcf.learnOne(x);
        return s;
      });
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it("with shingleSize s gives the outputs of shingleSize 1 fed the concatenated shingles", () => {
    const s = 3;
    const options = { trees: 4, sampleSize: 16, outputAfter: 5, seed: 5 };
    const shingled = new RandomCutForest({ ...options, shingleSize: s });
    const flat = new RandomCutForest(options);
    const r = new Random(6);
    const stream = Array.from({ length: 80 }, () => gaussian(r, 2));
    stream.forEach((x, t) => {
      const before = stream.slice(Math.max(0, t - s + 1), t);
      if (before.length === s - 1) {
        const point = [...before.flat(), ...x];
        expect(Object.is(shingled.scoreOne(x), flat.scoreOne(point))).toBe(true);
        expect(shingled.attribution(x)).toEqual(flat.attribution(point));
        shingled.learnOne(x);
        flat.learnOne(point);
      } else {
        expect(shingled.scoreOne(x)).toBe(0);
        shingled.learnOne(x);
      }
    });
    expect(shingled.trees()).toEqual(flat.trees());
  });

  it("attribution sums to the score and points at the planted feature and direction", () => {
    const rcf = new RandomCutForest({ trees: 40, sampleSize: 128, seed: 12 });
    const r = new Random(13);
    for (let i = 0; i < 1000; i++) rcf.learnOne(gaussian(r, 4));
    const cases: [Point, number, "high" | "low"][] = [
      [[0, 0, 9, 0], 2, "high"],
      [[0, -9, 0, 0], 1, "low"],
      [[0.3, 0.1, -0.2, 7], 3, "high"],
    ];
    for (const [x, feature, direction] of cases) {
      const a = rcf.attribution(x);
      const entries = [...a.high, ...a.low];
      const total = entries.reduce((s, v) => s + v, 0);
      expect(Math.abs(total - rcf.scoreOne(x))).toBeLessThan(1e-9);
      expect((a[direction][feature] as number) / total).toBeGreaterThan(0.7);
      expect(Math.max(...entries)).toBe(a[direction][feature]);
    }
    const inlier = rcf.attribution([0, 0, 0, 0]);
    expect(Math.abs([...inlier.high, ...inlier.low].reduce((s, v) => s + v, 0) - rcf.scoreOne([0, 0, 0, 0]))).toBeLessThan(1e-9);
  });

  it("ranks planted outliers of a seeded Gaussian stream above the inliers (ROC-AUC > 0.9)", () => {
    const rcf = new RandomCutForest({ seed: 21 });
    const r = new Random(22);
    const auc = new ROCAUC();
    for (let i = 0; i < 4000; i++) {
      const outlier = i >= 500 && r.next() < 0.02;
      const x = outlier ? gaussian(r, 3).map((v, q) => v + (q === i % 3 ? 6 : 0)) : gaussian(r, 3);
      const score = rcf.scoreOne(x);
      if (i >= 500) auc.update(outlier, score);
      rcf.learnOne(x);
    }
    expect(auc.get()).toBeGreaterThan(0.9);
  });

  it("restores from a mid-stream snapshot with shingling: same outputs, same bytes", () => {
    const rcf = new RandomCutForest({ trees: 6, sampleSize: 16, shingleSize: 2, timeDecay: 0.1, seed: 3 });
    const r = new Random(5);
    for (let i = 0; i < 200; i++) rcf.learnOne(gaussian(r, 2));
    const copy = RandomCutForest.restore(rcf.snapshot());
    expect(copy.snapshot()).toEqual(rcf.snapshot());
    for (let i = 0; i < 200; i++) {
      const x = gaussian(r, 2);
      expect(copy.scoreOne(x)).toBe(rcf.scoreOne(x));
      rcf.learnOne(x);
      copy.learnOne(x);
    }
    expect(copy.trees()).toEqual(rcf.trees());
    expect(copy.snapshot()).toEqual(rcf.snapshot());
  });
});
