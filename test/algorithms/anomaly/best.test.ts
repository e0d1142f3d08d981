// BestDetector, the multivariate detector we recommend, against the other multivariate detectors
// on seeded sensor streams with three kinds of planted anomaly, some in features whose units differ
// by four orders of magnitude. (BestUnivariateDetector is tested with ConformalKNN.)
import { describe, expect, it } from "vitest";
import {
  BestDetector,
  ConformalKNN,
  HalfSpaceTrees,
  Mahalanobis,
  Random,
  RandomCutForest,
  ROCAUC,
  type AnomalyDetector,
} from "streamine/algorithms";

interface Reading {
  readonly x: number[];
  readonly anomaly: boolean;
}

/**
 * d sensors following one daily cycle (288 readings a day), odd ones inverted, each with its own
 * scale and offset. From reading 2000 on, 1 % are anomalies: a ±3-scale spike in one sensor, one
 * sensor breaking the correlation (its sign flipped), or all sensors shifted by 1.5 scales.
 */
function sensors(seed: number, n: number, scales: readonly number[]): Reading[] {
  const r = new Random(seed);
  const d = scales.length;
  return Array.from({ length: n }, (_, i) => {
    const common = Math.sin((2 * Math.PI * i) / 288) + 0.3 * r.nextGaussian();
    const x = scales.map((s, f) => s * ((f % 2 ? -1 : 1) * common + 0.2 * r.nextGaussian()) + 10 * f);
    const anomaly = i > 2_000 && r.next() < 0.01;
    if (anomaly) {
      const kind = r.nextInt(3);
      const f = r.nextInt(d);
      const s = scales[f] as number;
      if (kind === 0) x[f] = (x[f] as number) + s * (r.next() < 0.5 ? -3 : 3);
      else if (kind === 1) x[f] = 10 * f + s * (f % 2 ? 1 : -1) * common;
      else for (let g = 0; g < d; g++) x[g] = (x[g] as number) + 1.5 * (scales[g] as number);
    }
    return { x, anomaly };
  });
}

function prequentialAuc(det: AnomalyDetector, readings: readonly Reading[]): number {
  const auc = new ROCAUC();
  readings.forEach((r, i) => {
    const s = det.scoreOne(r.x);
    if (i > 2_000) auc.update(r.anomaly, s);
    det.learnOne(r.x);
  });
  return auc.get();
}

const others: Record<string, () => AnomalyDetector> = {
  RandomCutForest: () => new RandomCutForest({ seed: 1 }),
  HalfSpaceTrees: () => new HalfSpaceTrees({ limits: "learn", seed: 1 }),
  Mahalanobis: () => new Mahalanobis(),
};

describe("BestDetector", () => {
  const cases = [
    { name: "3 sensors in the same units", scales: [1, 1, 1] },
    { name: "6 sensors in units 0.01 to 100", scales: [1, 100, 0.01, 5, 1, 1] },
  ];
  for (const { name, scales } of cases) {
    for (const seed of [1, 2]) {
      it(`${name}, seed ${seed}: ROC-AUC ≥ 0.95 with its defaults, above RandomCutForest, HalfSpaceTrees and Mahalanobis`, () => {
        const readings = sensors(seed, 8_000, scales);
        const best = prequentialAuc(new BestDetector(), readings);
        expect(best).toBeGreaterThanOrEqual(0.95);
        for (const [other, make] of Object.entries(others)) expect(best, other).toBeGreaterThan(prequentialAuc(make(), readings));
      });
    }
  }

  it("is ConformalKNN on single records, standardised, without a rest period; options given override those defaults", () => {
    const det = new BestDetector();
    expect(det).toBeInstanceOf(ConformalKNN);
    expect(det.options).toMatchObject({ shingleSizes: [1], standardize: true, restPeriod: 0, windowSize: 1200, k: 10 });
    expect(new BestDetector({ k: 3, restPeriod: 5 }).options).toMatchObject({ shingleSizes: [1], standardize: true, restPeriod: 5, k: 3 });
  });

  it("restores from its snapshot to a detector that scores the rest of the stream identically", () => {
    const readings = sensors(5, 3_000, [1, 100, 0.01]);
    const det = new BestDetector();
    for (const r of readings.slice(0, 1_500)) det.learnOne(r.x);
    const copy = BestDetector.restore(det.snapshot());
    for (const r of readings.slice(1_500)) {
      expect(copy.scoreOne(r.x)).toBe(det.scoreOne(r.x));
      det.learnOne(r.x);
      copy.learnOne(r.x);
    }
  });
});
