import { Random } from "../../algorithms/base/random.js";
import { requireInRange, requireInteger, synthOptions, type SyntheticSample, type SyntheticStream } from "./synth-options.js";

/** Options of {@link friedmanStream}. @public */
export interface FriedmanOptions {
  /** Seed; default 42. Equal options give identical streams. */
  seed?: number;
  /** Samples per iteration; default 10_000. */
  count?: number;
  /** 0: the target depends on x₀…x₄ (Friedman #1); 1: on x₅…x₉ instead (the relevant and irrelevant features swap, as River's FriedmanDrift); default 0. */
  variant?: number;
  /** Standard deviation of the Gaussian noise added to the target; default 1. */
  noise?: number;
}

const DEFAULTS: Required<FriedmanOptions> = { seed: 42, count: 10_000, variant: 0, noise: 1 };

/**
 * Friedman #1 regression (River `datasets.synth.Friedman`): ten features uniform in [0, 1],
 * target `10 sin(π a b) + 20 (c − ½)² + 10 d + 5 e + N(0, noise²)` where (a, b, c, d, e) are
 * x₀…x₄ (variant 0) or x₅…x₉ (variant 1); the other five features are noise.
 * @example
 * ```ts
 * import { friedmanStream } from "streamine/datasets";
 * const [s] = [...friedmanStream({ seed: 5, count: 1, noise: 0 })];
 * const [a, b, c, d, e] = s!.x as [number, number, number, number, number];
 * expect(s!.y).toBeCloseTo(10 * Math.sin(Math.PI * a * b) + 20 * (c - 0.5) ** 2 + 10 * d + 5 * e, 12);
 * ```
 * @see J. H. Friedman (1991) "Multivariate adaptive regression splines", Annals of Statistics 19(1).
 * @public
 */
export function friedmanStream(options?: FriedmanOptions): SyntheticStream<SyntheticSample<number>, Required<FriedmanOptions>> {
  const who = "friedmanStream";
  const o = synthOptions(who, options, DEFAULTS);
  requireInteger(who, "seed", o.seed, Number.MIN_SAFE_INTEGER);
  requireInteger(who, "count", o.count, 0);
  requireInteger(who, "variant", o.variant, 0);
  if (o.variant > 1) throw new RangeError(`${who}: variant must be 0 or 1, got ${o.variant}`);
  requireInRange(who, "noise", o.noise, 0, Number.MAX_VALUE);
  const frozen = Object.freeze(o);
  return { options: frozen, count: o.count, [Symbol.iterator]: () => generate(frozen) };
}

function* generate(o: Required<FriedmanOptions>): Generator<SyntheticSample<number>, void, undefined> {
  const random = new Random(o.seed);
  const at = o.variant * 5;
  for (let i = 0; i < o.count; i++) {
    const x = Array.from({ length: 10 }, () => random.next());
    const [a, b, c, d, e] = x.slice(at, at + 5) as [number, number, number, number, number];
    const y = 10 * Math.sin(Math.PI * a * b) + 20 * (c - 0.5) ** 2 + 10 * d + 5 * e + (o.noise > 0 ? o.noise * random.nextGaussian() : 0);
    yield { x, y, concept: 0 };
  }
}
