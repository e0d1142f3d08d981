import { Random } from "../../algorithms/base/random.js";
import { requireInRange, requireInteger, synthOptions, type SyntheticSample, type SyntheticStream } from "./synth-options.js";

/** How {@link conceptDrift} moves from one concept to the next. @public */
export type DriftKind = "abrupt" | "gradual" | "recurring";

/** Options of {@link conceptDrift}. @public */
export interface ConceptDriftOptions {
  /** Seed of the draws between concepts (gradual drift); default 42. */
  seed?: number;
  /** Samples per iteration; default 10_000. */
  count?: number;
  /** "abrupt" (default): concept k rules from sample k·every on; "gradual": around each change the new concept's share rises as a sigmoid over `width` samples; "recurring": as abrupt, cycling back to concept 0 after the last. */
  kind?: DriftKind;
  /** Samples between change points; default ⌈count / number of concepts⌉ (0 means that default). */
  every?: number;
  /** Gradual drift only: samples over which the new concept's share goes from about 12 % to 88 %; default 1_000. */
  width?: number;
}

const DEFAULTS: Required<ConceptDriftOptions> = { seed: 42, count: 10_000, kind: "abrupt", every: 0, width: 1_000 };

/**
 * A stream that drifts between concepts (River's `ConceptDriftStream`, MOA's
 * `ConceptDriftStream`), each concept a stream of samples (e.g. {@link seaStream} variants). Each
 * sample's `concept` is the index of the concept it was drawn from: the ground truth of the drift.
 *
 * @remarks
 * With change points pₖ = k·`every`: "abrupt" draws sample i from concept ⌊i / every⌋ (the last
 * concept stays); "recurring" from ⌊i / every⌋ mod m; "gradual" from concept k + 1 with
 * probability 1 / (1 + e^(−4 (i − pₖ₊₁) / width)) and from concept k otherwise, where pₖ₊₁ is the
 * change point nearest i (River's sigmoid). A concept's iterator advances only when it is
 * drawn; a concept that runs out throws, naming it.
 * @example
 * ```ts
 * import { conceptDrift, seaStream } from "streamine/datasets";
 * const concepts = [0, 1, 2, 3].map((variant) => seaStream({ seed: variant, count: 4000, variant }));
 * const samples = [...conceptDrift(concepts, { count: 4000, kind: "abrupt" })];
 * expect(samples.map((s) => s.concept).slice(998, 1002)).toEqual([0, 0, 1, 1]); // every 1000
 * expect(samples[3999]?.concept).toBe(3);
 * ```
 * @public
 */
export function conceptDrift<Y>(concepts: readonly Iterable<SyntheticSample<Y>>[], options?: ConceptDriftOptions): SyntheticStream<SyntheticSample<Y>, Required<ConceptDriftOptions>> {
  const who = "conceptDrift";
  if (!Array.isArray(concepts) || concepts.length === 0) throw new TypeError(`${who}: concepts must be a non-empty array of sample streams`);
  const o = synthOptions(who, options, DEFAULTS);
  requireInteger(who, "seed", o.seed, Number.MIN_SAFE_INTEGER);
  requireInteger(who, "count", o.count, 0);
  if (o.kind !== "abrupt" && o.kind !== "gradual" && o.kind !== "recurring") throw new RangeError(`${who}: kind must be "abrupt", "gradual" or "recurring", got ${String(o.kind)}`);
  requireInteger(who, "every", o.every, 0);
  requireInRange(who, "width", o.width, Number.MIN_VALUE, Number.MAX_VALUE);
  if (o.every === 0) o.every = Math.max(1, Math.ceil(o.count / concepts.length));
  const frozen = Object.freeze(o);
  return { options: frozen, count: o.count, [Symbol.iterator]: () => generate(concepts, frozen) };
}

function* generate<Y>(concepts: readonly Iterable<SyntheticSample<Y>>[], o: Required<ConceptDriftOptions>): Generator<SyntheticSample<Y>, void, undefined> {
  const random = new Random(o.seed);
  const m = concepts.length;
  const iterators = concepts.map((c) => c[Symbol.iterator]());
  const drawn = new Array<number>(m).fill(0);
  for (let i = 0; i < o.count; i++) {
    let concept: number;
    if (o.kind === "gradual") {
      // The change point nearest i decides between the concepts on its two sides.
      const k = Math.min(m - 1, Math.max(1, Math.round(i / o.every)));
      const share = 1 / (1 + Math.exp((-4 * (i - k * o.every)) / o.width));
      concept = random.next() < share ? k : k - 1;
      if (m === 1) concept = 0;
    } else {
      const k = Math.floor(i / o.every);
      concept = o.kind === "recurring" ? k % m : Math.min(k, m - 1);
    }
    const next = (iterators[concept] as Iterator<SyntheticSample<Y>>).next();
    if (next.done === true) throw new RangeError(`conceptDrift: concept ${concept} ended after ${drawn[concept]} samples; give it a count of at least the drift stream's (${o.count})`);
    drawn[concept] = (drawn[concept] as number) + 1;
    yield { x: next.value.x, y: next.value.y, concept };
  }
}
