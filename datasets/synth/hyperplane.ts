import { Random } from "../../algorithms/base/random.js";
import { requireInRange, requireInteger, synthOptions, type SyntheticSample, type SyntheticStream } from "./synth-options.js";

/** Options of {@link hyperplaneStream}. @public */
export interface HyperplaneOptions {
  /** Seed; default 42. Equal options give identical streams. */
  seed?: number;
  /** Samples per iteration; default 10_000. */
  count?: number;
  /** Number of features d ≥ 1; default 10. */
  features?: number;
  /** How many of the first weights drift, in [0, d]; default 2. */
  driftFeatures?: number;
  /** How much each drifting weight moves per sample; default 0 (a fixed hyperplane). */
  magChange?: number;
  /** Probability in [0, 1] that a drifting weight reverses direction after a sample; default 0.1. */
  sigma?: number;
  /** Probability in [0, 1] that a label is flipped; default 0.05. */
  noise?: number;
}

const DEFAULTS: Required<HyperplaneOptions> = { seed: 42, count: 10_000, features: 10, driftFeatures: 2, magChange: 0, sigma: 0.1, noise: 0.05 };

/**
 * Hulten et al.'s rotating hyperplane (River `datasets.synth.Hyperplane`): x uniform in [0, 1]^d,
 * label `Σ wᵢxᵢ ≥ ½ Σ wᵢ`; after each sample the first `driftFeatures` weights move by
 * ±`magChange` (each reversing its direction with probability `sigma`), a gradual drift.
 * Weights start uniform in [0, 1].
 * @example
 * ```ts
 * import { hyperplaneStream } from "streamine/datasets";
 * const samples = [...hyperplaneStream({ seed: 3, count: 2000, features: 4, noise: 0 })];
 * const positives = samples.filter((s) => s.y).length;
 * expect(positives / samples.length).toBeGreaterThan(0.4); // the plane halves the weighted cube
 * expect(positives / samples.length).toBeLessThan(0.6);
 * ```
 * @see G. Hulten, L. Spencer, P. Domingos (2001) "Mining time-changing data streams", KDD.
 * @public
 */
export function hyperplaneStream(options?: HyperplaneOptions): SyntheticStream<SyntheticSample<boolean>, Required<HyperplaneOptions>> {
  const who = "hyperplaneStream";
  const o = synthOptions(who, options, DEFAULTS);
  requireInteger(who, "seed", o.seed, Number.MIN_SAFE_INTEGER);
  requireInteger(who, "count", o.count, 0);
  requireInteger(who, "features", o.features, 1);
  requireInteger(who, "driftFeatures", o.driftFeatures, 0);
  if (o.driftFeatures > o.features) throw new RangeError(`${who}: driftFeatures must be ≤ features (${o.features}), got ${o.driftFeatures}`);
  requireInRange(who, "magChange", o.magChange, 0, Number.MAX_VALUE);
  requireInRange(who, "sigma", o.sigma, 0, 1);
  requireInRange(who, "noise", o.noise, 0, 1);
  const frozen = Object.freeze(o);
  return { options: frozen, count: o.count, [Symbol.iterator]: () => generate(frozen) };
}

function* generate(o: Required<HyperplaneOptions>): Generator<SyntheticSample<boolean>, void, undefined> {
  const random = new Random(o.seed);
  const d = o.features;
  const w = Array.from({ length: d }, () => random.next());
  const direction: number[] = Array.from({ length: o.driftFeatures }, () => (random.next() < 0.5 ? -1 : 1));
  for (let i = 0; i < o.count; i++) {
    const x = Array.from({ length: d }, () => random.next());
    let dot = 0;
    let total = 0;
    for (let j = 0; j < d; j++) {
      dot += (w[j] as number) * (x[j] as number);
      total += w[j] as number;
    }
    let y = dot >= total / 2;
    if (o.noise > 0 && random.next() < o.noise) y = !y;
    yield { x, y, concept: 0 };
    for (let j = 0; j < o.driftFeatures; j++) {
      w[j] = (w[j] as number) + (direction[j] as number) * o.magChange;
      if (o.sigma > 0 && random.next() < o.sigma) direction[j] = -(direction[j] as number);
    }
  }
}
