// Shared by the anomaly detector tests: a seeded univariate stream with planted outliers, and the
// ROC-AUC of a detector's prequential scores on it (score, then learn).
import { Random, ROCAUC } from "streamine/algorithms";

export interface Labelled {
  readonly x: readonly number[];
  readonly outlier: boolean;
}

/** n values of a slow sine plus N(0, 1) noise; every 50th (from 200 on) is pushed 6 to 10 away, up or down. */
export function plantedStream(seed: number, n: number): Labelled[] {
  const r = new Random(seed);
  return Array.from({ length: n }, (_, i) => {
    const outlier = i >= 200 && i % 50 === 0;
    const base = 5 * Math.sin(i / 100) + r.nextGaussian();
    const v = outlier ? base + (r.next() < 0.5 ? -1 : 1) * (6 + 4 * r.next()) : base;
    return { x: Object.freeze([v]), outlier };
  });
}

/** ROC-AUC of prequential scores over records after `skip`; outliers are learned too unless `protect`. */
export function prequentialAuc(
  d: { scoreOne(x: readonly number[]): number; learnOne(x: readonly number[]): void },
  records: readonly Labelled[],
  skip = 200,
): number {
  const auc = new ROCAUC();
  records.forEach((r, i) => {
    const s = d.scoreOne(r.x);
    if (i >= skip) auc.update(r.outlier, s);
    d.learnOne(r.x);
  });
  return auc.get();
}
