/** The measures of a rule A ⇒ C, as mlxtend's `association_rules` names them. @public */
export interface RuleMetrics {
  /** count(A∪C): transactions holding both sides. */
  readonly count: number;
  /** count(A∪C)/N. */
  readonly support: number;
  /** count(A∪C)/count(A): how often C holds when A does. */
  readonly confidence: number;
  /** confidence/supp(C): 1 when A and C are independent. */
  readonly lift: number;
  /** supp(A∪C) − supp(A)·supp(C): 0 when independent. */
  readonly leverage: number;
  /** (1 − supp(C))/(1 − confidence); +Infinity when confidence is 1 (the rule never fails). */
  readonly conviction: number;
}

/**
 * The metrics of A ⇒ C from the counts of A∪C, A and C over `n` transactions. Confidence and
 * lift are each a single division of exact integer products, so they are correctly rounded.
 * @internal
 */
export function ruleMetrics(count: number, countA: number, countC: number, n: number): RuleMetrics {
  const confidence = count / countA;
  const supportC = countC / n;
  return {
    count,
    support: count / n,
    confidence,
    lift: (count * n) / (countA * countC),
    leverage: count / n - (countA / n) * supportC,
    conviction: confidence >= 1 ? Infinity : (1 - supportC) / (1 - confidence),
  };
}
