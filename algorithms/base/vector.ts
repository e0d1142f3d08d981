/**
 * A dense feature vector: any array-like of numbers at the public boundary; estimators copy it
 * into a `Float64Array` of their own after validation, so the caller's array is never changed.
 * @public
 */
export type Vector = ArrayLike<number>;

/** A class label. @public */
export type Label = string | number | boolean;

/** An item of a transaction (frequent itemset mining). @public */
export type Item = string | number;

/** A frequent itemset with its (estimated) support count. @public */
export interface FrequentItemset {
  readonly items: readonly Item[];
  readonly count: number;
}
