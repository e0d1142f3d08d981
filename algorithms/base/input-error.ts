/**
 * Bad input to an estimator: a non-finite feature, a wrong dimension, an empty transaction.
 * The message names `Class.method` and the offending field; the estimator's state is unchanged.
 * @public
 */
export class EstimatorInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EstimatorInputError";
  }
}

/** Bad options given to an estimator constructor, or bytes that `restore` cannot read. @public */
export class EstimatorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EstimatorConfigError";
  }
}
