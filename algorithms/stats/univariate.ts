/**
 * A running statistic of one stream of numbers: feed it with `update`, read it with `get`.
 *
 * @remarks
 * This is the shape shared by every statistic in `streamine/algorithms`. Those whose state
 * cannot be combined exactly (exponentially weighted moments, the P² quantile, rolling
 * quantiles) are only a `Statistic`; the rest are {@link Univariate}, so code that needs
 * `merge` (session windows, sliding-window slices) rejects the others at compile time
 * rather than at run time.
 * @public
 */
export interface Statistic {
  /** Adds `x` (with weight `w`, default 1, where the statistic supports weights). */
  update(x: number, w?: number): void;
  /** The current value; before any update, the documented cold-start value of the class. */
  get(): number;
}

/**
 * A statistic whose state merges exactly (River's `stats.base.Univariate`, Chan et al. 1979):
 * after `a.merge(b)`, `a` holds what one pass over the union of both streams would hold.
 *
 * @remarks
 * `merge` never modifies its argument, so the same objects serve as window
 * `AggregateFunction` accumulators. `revert(x, w)` undoes an earlier `update(x, w)` where
 * such an undo is exact (mean, variance); {@link rolling} needs it.
 * @public
 */
export interface Univariate extends Statistic {
  /** Folds `other`'s state into this one; `other` is left unchanged. */
  merge(other: this): void;
  /** Undoes an earlier `update(x, w)`. */
  revert?(x: number, w?: number): void;
}

/**
 * A statistic that can undo an update: what {@link rolling} needs to keep a window.
 * @public
 */
export interface Revertible extends Statistic {
  revert(x: number, w?: number): void;
}

/**
 * A running statistic of a stream of pairs (River's `stats.base.Bivariate`), such as {@link Cov}.
 * @public
 */
export interface Bivariate {
  /** Adds the pair (`x`, `y`) with weight `w` (default 1). */
  update(x: number, y: number, w?: number): void;
  /** The current value; before any update, the documented cold-start value of the class. */
  get(): number;
  /** Folds `other`'s state into this one; `other` is left unchanged. */
  merge(other: this): void;
  /** Undoes an earlier `update(x, y, w)`. */
  revert?(x: number, y: number, w?: number): void;
}
