import type { DriftDetector } from "../base/estimator.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../base/validate.js";

/** Options of {@link PageHinkley}. @public */
export interface PageHinkleyOptions {
  /** Updates before a change can be flagged; default 30. */
  minInstances?: number;
  /** Magnitude of changes tolerated (δ); default 0.005. */
  delta?: number;
  /** Detection threshold (λ); default 50. */
  threshold?: number;
  /** Forgetting factor of the cumulative sums (α); default 1 − 0.0001. */
  alpha?: number;
  /** Which changes to detect: "up" (mean increases), "down" or "both"; default "both". */
  mode?: "up" | "down" | "both";
}

const DEFAULTS: Required<PageHinkleyOptions> = {
  minInstances: 30,
  delta: 0.005,
  threshold: 50,
  alpha: 1 - 0.0001,
  mode: "both",
};

const TAG = "PageHinkley";
const VERSION = 1;

/**
 * The Page-Hinkley test for a change in the mean (River's `drift.PageHinkley`): cumulative sums
 * of the deviations from the running mean, minus a tolerance δ, with forgetting factor α; a change
 * is flagged when the sum strays more than λ from its extreme. After a detection it starts afresh.
 *
 * @example
 * ```ts
 * import { PageHinkley } from "streamine/algorithms";
 * const d = new PageHinkley();
 * const flagged: number[] = [];
 * for (let i = 0; i < 2_000; i++) {
 *   d.update(i < 1_000 ? i % 2 : 4 + (i % 4));
 *   if (d.drift) flagged.push(i);
 * }
 * expect(flagged[0]).toBeGreaterThanOrEqual(1_000);
 * expect(flagged[0]).toBeLessThanOrEqual(1_010); // within 10 samples of the change
 * ```
 * @see E. S. Page, "Continuous inspection schemes", Biometrika 41 (1954).
 * @public
 */
export class PageHinkley implements DriftDetector {
  static readonly testParams: readonly PageHinkleyOptions[] = [{ threshold: 10, minInstances: 5 }, { mode: "up", delta: 0.1 }];

  readonly options: Readonly<Required<PageHinkleyOptions>>;
  private n = 0;
  private mean = 0;
  private sumUp = 0;
  private minUp = Infinity;
  private sumDown = 0;
  private maxDown = -Infinity;
  private detected = false;

  constructor(options?: PageHinkleyOptions) {
    const o = withDefaults("PageHinkley.constructor", options, DEFAULTS);
    checkOption(Number.isInteger(o.minInstances) && o.minInstances >= 1, "PageHinkley.constructor", "minInstances", "an integer ≥ 1", o.minInstances);
    checkOption(Number.isFinite(o.delta) && o.delta >= 0, "PageHinkley.constructor", "delta", "a finite number ≥ 0", o.delta);
    checkOption(Number.isFinite(o.threshold) && o.threshold > 0, "PageHinkley.constructor", "threshold", "a finite number > 0", o.threshold);
    checkOption(o.alpha > 0 && o.alpha <= 1, "PageHinkley.constructor", "alpha", "in (0, 1]", o.alpha);
    checkOption(["up", "down", "both"].includes(o.mode), "PageHinkley.constructor", "mode", '"up", "down" or "both"', o.mode);
    this.options = o;
  }

  /** True right after the update that detected a change. */
  get drift(): boolean {
    return this.detected;
  }

  update(x: number): void {
    checkFinite("PageHinkley.update", "x", x);
    if (this.detected) this.reset();
    const { alpha, delta, threshold, minInstances, mode } = this.options;
    this.n++;
    this.mean += (x - this.mean) / this.n;
    const dev = x - this.mean;
    this.sumUp = alpha * this.sumUp + (dev - delta);
    this.sumDown = alpha * this.sumDown + (dev + delta);
    if (this.sumUp < this.minUp) this.minUp = this.sumUp;
    if (this.sumDown > this.maxDown) this.maxDown = this.sumDown;
    if (this.n < minInstances) return;
    const up = this.sumUp - this.minUp > threshold;
    const down = this.maxDown - this.sumDown > threshold;
    this.detected = (mode !== "down" && up) || (mode !== "up" && down);
  }

  private reset(): void {
    this.n = 0;
    this.mean = 0;
    this.sumUp = 0;
    this.minUp = Infinity;
    this.sumDown = 0;
    this.maxDown = -Infinity;
    this.detected = false;
  }

  snapshot(): Uint8Array {
    return new SnapshotWriter(TAG, VERSION, this.options)
      .f64(this.n)
      .f64(this.mean)
      .f64(this.sumUp)
      .f64(this.minUp)
      .f64(this.sumDown)
      .f64(this.maxDown)
      .bool(this.detected)
      .finish();
  }

  static restore(bytes: Uint8Array): PageHinkley {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const d = new PageHinkley(options as PageHinkleyOptions);
    d.n = reader.f64();
    d.mean = reader.f64();
    d.sumUp = reader.f64();
    d.minUp = reader.f64();
    d.sumDown = reader.f64();
    d.maxDown = reader.f64();
    d.detected = reader.bool();
    reader.end();
    return d;
  }
}
