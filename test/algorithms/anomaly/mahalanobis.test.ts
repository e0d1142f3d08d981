import { inv, multiply } from "mathjs";
import { describe, expect, it } from "vitest";
import { EstimatorConfigError, Random, ROCAUC } from "streamine/algorithms";
import { Mahalanobis, type MahalanobisOptions } from "../../../algorithms/anomaly/mahalanobis.js";

/** The EW mean and covariance on plain arrays, the shrunk covariance, and D² through mathjs's inverse. */
class Reference {
  mean: number[] = [];
  cov: number[][] = [];
  n = 0;
  constructor(private readonly o: Required<MahalanobisOptions>) {}
  learn(x: readonly number[]): void {
    if (this.n++ === 0) {
      this.mean = [...x];
      this.cov = x.map(() => x.map(() => 0));
      return;
    }
    const a = this.o.fading;
    const d = x.map((v, i) => v - (this.mean[i] as number));
    this.mean = this.mean.map((m, i) => m + a * (d[i] as number));
    this.cov = this.cov.map((row, i) => row.map((c, j) => (1 - a) * (c + a * (d[i] as number) * (d[j] as number))));
  }
  score(x: readonly number[]): number {
    if (this.n < 2) return 0;
    const dim = x.length;
    const trace = this.cov.reduce((s, row, i) => s + (row[i] as number), 0);
    const l = this.o.shrinkage;
    const shrunk = this.cov.map((row, i) =>
      row.map((c, j) => (1 - l) * c + (i === j ? l * (this.o.target === "identity" ? trace / dim : c) + this.o.ridge : 0)),
    );
    const d = x.map((v, i) => v - (this.mean[i] as number));
    return multiply(d, multiply(inv(shrunk), d)) as unknown as number;
  }
}

function correlated(r: Random, dim: number): number[] {
  const common = r.nextGaussian();
  return Array.from({ length: dim }, (_, j) => (j + 1) * common + 0.3 * r.nextGaussian());
}

describe("Mahalanobis", () => {
  it("equals D² through mathjs's inverse of the same shrunk EW covariance (relative 1e-8)", () => {
    const settings: MahalanobisOptions[] = [{}, { fading: 0.1, shrinkage: 0 }, { fading: 0.3, shrinkage: 0.5, target: "identity" }, { shrinkage: 1 }];
    for (const options of settings) {
      const m = new Mahalanobis(options);
      const ref = new Reference(m.options);
      const r = new Random(5);
      for (let i = 0; i < 400; i++) {
        const x = correlated(r, 4);
        const want = ref.score(x);
        // Without shrinkage Σ has rank < 4 for the first records (D² ~ 1/ridge): both solvers then only agree roughly.
        const tolerance = i < 20 && m.options.shrinkage === 0 ? 1e-2 : 1e-8;
        expect(Math.abs(m.scoreOne(x) - want), `${JSON.stringify(options)} record ${i}`).toBeLessThanOrEqual(tolerance * Math.max(1, want));
        m.learnOne(x);
        ref.learn(x);
      }
      expect(Array.from(m.moments().mean)).toEqual(ref.mean.map((v) => expect.closeTo(v, 12)));
    }
  });

  it("finds records that break the correlation though each feature is in range: ROC-AUC > 0.9", () => {
    const m = new Mahalanobis({ fading: 0.01 });
    const r = new Random(6);
    const auc = new ROCAUC();
    for (let i = 0; i < 5000; i++) {
      const outlier = i >= 300 && i % 50 === 0;
      const x = correlated(r, 3);
      // feature 1 (sd 2) moved by 1.5 sd: in its range, but 10 sd away from what the other features imply
      if (outlier) x[1] = (x[1] as number) + (r.next() < 0.5 ? -3 : 3);
      const s = m.scoreOne(x);
      if (i >= 300) auc.update(outlier, s);
      m.learnOne(x);
    }
    expect(auc.get()).toBeGreaterThan(0.9);
  });

  it("stays finite for constant features (the ridge), and validates its options", () => {
    const m = new Mahalanobis();
    for (let i = 0; i < 10; i++) m.learnOne([1, 2]);
    expect(Number.isFinite(m.scoreOne([1, 3]))).toBe(true);
    expect(m.scoreOne([1, 2])).toBe(0);
    expect(() => new Mahalanobis({ shrinkage: 2 })).toThrow(EstimatorConfigError);
    expect(() => new Mahalanobis({ target: "full" as "identity" })).toThrow(/Mahalanobis.constructor: option target/);
    expect(() => new Mahalanobis({ ridge: 0 })).toThrow(/option ridge/);
  });
});
