import { Random } from "../../algorithms/base/random.js";
import { requireInRange, requireInteger, synthOptions, type SyntheticSample, type SyntheticStream } from "./synth-options.js";

/** Options of {@link seaStream}. @public */
export interface SeaOptions {
  /** Seed; default 42. Equal options give identical streams. */
  seed?: number;
  /** Samples per iteration; default 10_000. */
  count?: number;
  /** Which of SEA's four concepts, 0–3 (thresholds 8, 9, 7, 9.5); default 0. */
  variant?: number;
  /** Probability in [0, 1] that a label is flipped; default 0. */
  noise?: number;
}

const DEFAULTS: Required<SeaOptions> = { seed: 42, count: 10_000, variant: 0, noise: 0 };
const THRESHOLDS = [8, 9, 7, 9.5] as const;

/**
 * Street and Kim's SEA concepts (River `datasets.synth.SEA`): three features uniform in [0, 10],
 * label `x₀ + x₁ ≤ θ` with θ = 8, 9, 7 or 9.5 by `variant`; x₂ is irrelevant. Chain variants with
 * {@link conceptDrift} for the classic abrupt-drift benchmark.
 * @example
 * ```ts
 * import { seaStream } from "streamine/datasets";
 * const samples = [...seaStream({ seed: 1, count: 1000, variant: 2 })];
 * expect(samples).toHaveLength(1000);
 * for (const s of samples) expect(s.y).toBe(s.x[0]! + s.x[1]! <= 7); // no noise: the rule holds
 * expect([...seaStream({ seed: 1, count: 1000, variant: 2 })]).toEqual(samples);
 * ```
 * @see W. N. Street, Y. Kim (2001) "A streaming ensemble algorithm (SEA) for large-scale classification", KDD.
 * @public
 */
export function seaStream(options?: SeaOptions): SyntheticStream<SyntheticSample<boolean>, Required<SeaOptions>> {
  const who = "seaStream";
  const o = synthOptions(who, options, DEFAULTS);
  requireInteger(who, "seed", o.seed, Number.MIN_SAFE_INTEGER);
  requireInteger(who, "count", o.count, 0);
  requireInteger(who, "variant", o.variant, 0);
  if (o.variant > 3) throw new RangeError(`${who}: variant must be 0, 1, 2 or 3, got ${o.variant}`);
  requireInRange(who, "noise", o.noise, 0, 1);
  const options_ = Object.freeze(o);
  return { options: options_, count: o.count, [Symbol.iterator]: () => generate(options_) };
}

function* generate(o: Required<SeaOptions>): Generator<SyntheticSample<boolean>, void, undefined> {
  const random = new Random(o.seed);
  const threshold = THRESHOLDS[o.variant] as number;
  for (let i = 0; i < o.count; i++) {
    const x = [10 * random.next(), 10 * random.next(), 10 * random.next()];
    let y = (x[0] as number) + (x[1] as number) <= threshold;
    if (o.noise > 0 && random.next() < o.noise) y = !y;
    yield { x, y, concept: 0 };
  }
}
