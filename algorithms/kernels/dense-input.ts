import { EstimatorInputError } from "../base/input-error.js";
import { readVector } from "../base/validate.js";
import type { Vector } from "../base/vector.js";

const EMPTY = new Float64Array(0);

/**
 * Copies x[0..n) into `into`; false when some x[i] is not a finite number (then `into` is partly
 * written, and the caller reports the error). `v * 0` is 0 for finite v and NaN otherwise, so one
 * sum checks every entry without a branch per entry.
 */
function copyFinite(x: ArrayLike<number>, into: Float64Array, n: number): boolean {
  let check = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (typeof v !== "number") return false;
    into[i] = v;
    check += v * 0;
  }
  return check === 0;
}

/** As {@link copyFinite}, and also returns w·x (NaN when x is not finite). Same summation order as `dot`. */
function copyFiniteDot(x: ArrayLike<number>, into: Float64Array, w: Float64Array, n: number): number {
  let check = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (typeof v !== "number") return NaN;
    into[i] = v;
    s += w[i]! * v;
    check += v * 0;
  }
  return check === 0 ? s : NaN;
}

/**
 * The public boundary of a vector estimator (STYLE §8): validates `x` and copies it into one
 * scratch `Float64Array` that the kernels then read. The dimension is fixed by the first record
 * learned ({@link DenseInput.fix}); before that, `read` only validates (any length ≥ 1).
 * Valid input takes one fused loop; only invalid input goes through `readVector` for its message.
 * @internal
 */
export class DenseInput {
  /** Number of features; 0 until the first record is learned. */
  dim = 0;
  /** The last vector read (valid until the next read). */
  x: Float64Array = EMPTY;

  /** Validates `x`; returns true when it was copied into {@link DenseInput.x}, false while `dim` is not fixed. */
  read(where: string, x: Vector): boolean {
    const dim = this.dim;
    if (dim > 0) {
      if (x == null || x.length !== dim || !copyFinite(x, this.x, dim)) readVector(where, x, dim, this.x);
      return true;
    }
    if (x === null || typeof x !== "object" || typeof x.length !== "number") {
      throw new EstimatorInputError(`${where}: x must be an array of numbers, got ${x === null ? "null" : typeof x}`);
    }
    if (x.length < 1) throw new EstimatorInputError(`${where}: x has no features, expected at least 1`);
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new EstimatorInputError(`${where}: x[${i}] must be a finite number, got ${String(v)}`);
      }
    }
    return false;
  }

  /**
   * Once `dim` is fixed: validates and copies `x` and returns w·x in the same pass (the linear
   * models' prediction without the intercept), summed in `dot`'s order.
   */
  readDot(where: string, x: Vector, w: Float64Array): number {
    const dim = this.dim;
    const into = this.x;
    let s = x == null || x.length !== dim ? NaN : copyFiniteDot(x, into, w, dim);
    if (Number.isNaN(s)) {
      readVector(where, x, dim, into); // throws when x is at fault; otherwise the weights gave NaN
      s = 0;
      for (let i = 0; i < dim; i++) s += w[i]! * into[i]!;
    }
    return s;
  }

  /**
   * Validates `x` (length `dim`, finite numbers) and returns w·x without copying it: the predict
   * path, which keeps nothing of `x` (estimators.bench.ts, LinearRegression).
   */
  dot(where: string, x: Vector, w: Float64Array): number {
    const dim = this.dim;
    if (x != null && x.length === dim) {
      let s = 0;
      let numbers = true;
      for (let i = 0; i < dim; i++) {
        const v = x[i]!;
        if (typeof v !== "number") numbers = false;
        s += w[i]! * v;
      }
      // A NaN or ±Infinity entry makes the sum non-finite whatever the weights (0·∞ is NaN), so one
      // test after the loop covers them all; a non-finite sum of finite entries (overflow) is
      // told apart by readDot below.
      if (numbers && s - s === 0) return s;
    }
    return this.readDot(where, x, w);
  }

  /** Fixes the dimension to `dim` and allocates the scratch vector (first learn, or restore). */
  fix(dim: number): void {
    this.dim = dim;
    this.x = new Float64Array(dim);
  }

  /**
   * The learn path: as {@link DenseInput.read}, except that the first record fixes `dim` and is
   * copied too. Returns true when this call fixed the dimension (the caller then allocates).
   */
  readToLearn(where: string, x: Vector): boolean {
    if (this.read(where, x)) return false;
    this.fix(x.length);
    this.copy(x);
    return true;
  }

  /** Copies an already validated `x` of length `dim` into the scratch vector. */
  copy(x: Vector): void {
    const into = this.x;
    for (let i = 0; i < into.length; i++) into[i] = x[i]!;
  }
}
