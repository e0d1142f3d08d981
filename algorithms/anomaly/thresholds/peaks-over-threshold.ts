import { EstimatorConfigError } from "../../base/input-error.js";
import type { SnapshotReader, SnapshotWriter } from "../../base/snapshot.js";
import { checkOption } from "../../base/validate.js";
import { fitGpd, tailQuantile, type GpdFit } from "./gpd.js";

/**
 * The state SPOT and DSPOT share (Siffer et al. 2017, Algorithm 1 after its initialisation): the
 * initial threshold t, the observation count n, the excesses over t and their GPD fit, and the
 * alarm level z_q.
 * @internal
 */
export class PeaksOverThreshold {
  /** The initial threshold: the `level` quantile of the calibration batch. */
  t = NaN;
  /** Observations counted (calibration batch plus normal values since; alarms are not counted). */
  n = 0;
  nPeaks = 0;
  /** Excesses over t, in [0, nPeaks); grows by doubling. */
  peaks = new Float64Array(16);
  private scratch = new Float64Array(16);
  fit: GpdFit = { gamma: 0, sigma: 0 };
  /** The alarm level z_q; +Infinity before calibration. */
  zq = Infinity;

  constructor(private readonly q: number) {}

  /** Initialises from a calibration batch: t is its type-7 `level` quantile, the values above t give the first peaks. */
  calibrate(batch: Float64Array, level: number): void {
    const sorted = batch.slice().sort();
    const h = level * (sorted.length - 1);
    const lo = Math.floor(h);
    const a = sorted[lo] as number;
    this.t = h === lo ? a : a + ((sorted[lo + 1] as number) - a) * (h - lo);
    this.n = batch.length;
    for (let i = 0; i < batch.length; i++) {
      const e = (batch[i] as number) - this.t;
      if (e > 0) this.push(e);
    }
    this.refit();
  }

  /** Algorithm 1's step for a value at or below z_q: a peak (refit) above t, else only counted. */
  observe(x: number): void {
    this.n++;
    if (x > this.t) {
      this.push(x - this.t);
      this.refit();
    }
  }

  /** A value above z_q, learned censored: counted, and a peak at z_q − t (its magnitude is not learned). */
  observeCensored(): void {
    this.n++;
    this.push(this.zq - this.t);
    this.refit();
  }

  private push(e: number): void {
    if (this.nPeaks === this.peaks.length) {
      const grown = new Float64Array(2 * this.peaks.length);
      grown.set(this.peaks);
      this.peaks = grown;
      this.scratch = new Float64Array(grown.length);
    }
    this.peaks[this.nPeaks++] = e;
  }

  /** Refits the GPD and z_q; with no peak (a constant batch), z_q = t. */
  private refit(): void {
    if (this.nPeaks === 0) {
      this.fit = { gamma: 0, sigma: 0 };
      this.zq = this.t;
      return;
    }
    if (this.scratch.length < this.peaks.length) this.scratch = new Float64Array(this.peaks.length);
    this.fit = fitGpd(this.peaks, this.nPeaks, this.scratch);
    this.zq = tailQuantile(this.fit, this.t, this.q, this.n, this.nPeaks);
  }

  /** t, n, the peaks, the fit and z_q (the fit is stored, not recomputed, so restore is exact and cheap). */
  write(w: SnapshotWriter): void {
    w.f64(this.t).f64(this.n).f64s(this.peaks.subarray(0, this.nPeaks)).f64(this.fit.gamma).f64(this.fit.sigma).f64(this.zq);
  }

  read(r: SnapshotReader, where: string): void {
    this.t = r.f64();
    this.n = r.f64();
    const peaks = r.f64s();
    if (peaks.length > this.n) throw new EstimatorConfigError(`${where}: snapshot holds ${peaks.length} peaks among ${this.n} observations`);
    this.nPeaks = peaks.length;
    this.peaks = new Float64Array(Math.max(16, peaks.length));
    this.peaks.set(peaks);
    this.scratch = new Float64Array(this.peaks.length);
    this.fit = { gamma: r.f64(), sigma: r.f64() };
    this.zq = r.f64();
  }
}

/** The option checks SPOT and DSPOT share. @internal */
export function checkSpotOptions(where: string, o: { readonly q: number; readonly nInit: number; readonly level: number }): void {
  checkOption(typeof o.level === "number" && o.level > 0 && o.level < 1, where, "level", "a number in (0, 1)", o.level);
  checkOption(typeof o.q === "number" && o.q > 0 && o.q < 1 - o.level, where, "q", `a number in (0, 1 − level = ${1 - o.level}) (the risk must be rarer than a peak)`, o.q);
  checkOption(Number.isSafeInteger(o.nInit) && o.nInit >= 10, where, "nInit", "an integer ≥ 10", o.nInit);
}

/** Writes whether calibration is done, then the tail's state, or the calibration scores so far. @internal */
export function writeCalibrated(w: SnapshotWriter, pot: PeaksOverThreshold, batch: Float64Array, filled: number): void {
  const calibrated = filled === batch.length;
  w.bool(calibrated);
  if (calibrated) pot.write(w);
  else w.f64s(batch.subarray(0, filled));
}

/** Reads what {@link writeCalibrated} wrote into `pot` and `batch`; returns how much of `batch` is filled. @internal */
export function readCalibrated(reader: SnapshotReader, where: string, pot: PeaksOverThreshold, batch: Float64Array): number {
  if (reader.bool()) {
    pot.read(reader, where);
    return batch.length;
  }
  const scores = reader.f64s();
  if (scores.length >= batch.length) throw new EstimatorConfigError(`${where}: snapshot holds ${scores.length} calibration scores, nInit is ${batch.length}`);
  batch.set(scores);
  return scores.length;
}
