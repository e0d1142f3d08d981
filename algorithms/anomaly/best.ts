import { ConformalKNN, type ConformalKNNOptions } from "./conformal-knn.js";

/**
 * The univariate detector we recommend (feed one-element vectors): {@link ConformalKNN} with its
 * defaults (value, jump and 19-record sequence channels, rest period 120), the configuration
 * `npm run nab -- --detector best` scores on NAB.
 * @public
 */
export const BestUnivariateDetector = ConformalKNN;
/** @public */
export type BestUnivariateDetector = ConformalKNN;

const MULTIVARIATE_DEFAULTS: ConformalKNNOptions = { shingleSizes: [1], standardize: true, restPeriod: 0 };

/**
 * The detector we recommend for an unseen multivariate stream: {@link ConformalKNN} on single
 * records (shingle 1), each feature standardised by its variance so features in different units
 * weigh alike, and no rest period, so every record gets its own calibrated score (one minus a
 * conformal p-value: 0.999 is about one false alarm per thousand ordinary records). On seeded
 * sensor streams with spikes, broken correlations and joint shifts it ranked anomalies above
 * RandomCutForest, HalfSpaceTrees and Mahalanobis (test/algorithms/anomaly/best.test.ts).
 * Options given override these defaults; `restore` returns a {@link ConformalKNN}.
 *
 * @example
 * ```ts
 * import { BestDetector, Random } from "streamine/algorithms";
 * const r = new Random(3);
 * const det = new BestDetector();
 * // temperature (°C) and pressure (Pa) move together
 * const reading = () => { const z = r.nextGaussian(); return [20 + z, 101_000 + 300 * z + 30 * r.nextGaussian()]; };
 * for (let i = 0; i < 2_000; i++) det.learnOne(reading());
 * expect(det.scoreOne([20, 101_000])).toBeLessThan(0.99);
 * expect(det.scoreOne([22, 100_400])).toBeGreaterThan(0.999); // each value is usual, together they are not
 * ```
 * @public
 */
export class BestDetector extends ConformalKNN {
  /** @param options - any of {@link ConformalKNNOptions}; defaults shingleSizes [1], standardize true, restPeriod 0, the rest as ConformalKNN's. */
  constructor(options?: ConformalKNNOptions) {
    super({ ...MULTIVARIATE_DEFAULTS, ...options });
  }
}
