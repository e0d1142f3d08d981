import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus, xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/**
 * A seeded random number generator (xoroshiro128+ from pure-rand). All randomness in
 * streamine comes from here, and its state can be saved and restored, because a seed alone
 * cannot reproduce a generator mid-stream.
 * @example
 * ```ts
 * import { Random } from "streamine/algorithms";
 * const a = new Random(42);
 * const b = Random.fromState(a.state());
 * expect(b.next()).toBe(a.next());
 * ```
 * @public
 */
export class Random {
  private readonly rng: RandomGenerator;
  private spareGaussian = NaN;

  constructor(seed: number | RandomGenerator) {
    this.rng = typeof seed === "number" ? xoroshiro128plus(seed) : seed;
  }

  /** Restores a generator saved with {@link Random.state}. */
  static fromState(state: readonly number[]): Random {
    const r = new Random(xoroshiro128plusFromState(state.slice(0, 4)));
    r.spareGaussian = state[4] ?? NaN;
    return r;
  }

  /** The generator's state: restore it with {@link Random.fromState}. */
  state(): number[] {
    return [...this.rng.getState(), this.spareGaussian];
  }

  /** A float in [0, 1). */
  next(): number {
    return uniformFloat64(this.rng);
  }

  /** An integer in [0, n). */
  nextInt(n: number): number {
    return uniformInt(this.rng, 0, n - 1);
  }

  /** A standard normal draw (Marsaglia polar method). */
  nextGaussian(): number {
    if (!Number.isNaN(this.spareGaussian)) {
      const g = this.spareGaussian;
      this.spareGaussian = NaN;
      return g;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareGaussian = v * f;
    return u * f;
  }
}
