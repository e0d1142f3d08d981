import type { Estimator, EstimatorClass } from "./estimator.js";

/** The interface an estimator is checked against by the contract suite. @public */
export type EstimatorKind = "regressor" | "classifier" | "clusterer" | "anomaly" | "itemsets" | "sketch" | "drift" | "transformer";

/** The contract checks (test/algorithms/contract.test.ts) an entry may be exempted from, with a reason. */
export type ContractCheck = "frozen-input" | "seeded" | "snapshot" | "read-only-predict" | "bad-input";

/** One estimator class in the registry, with what the contract suite needs to feed it. @public */
export interface RegistryEntry {
  readonly name: string;
  readonly kind: EstimatorKind;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds classes of every option type
  readonly cls: EstimatorClass<Estimator<any>, any>;
  /** Input dimension the suite feeds (vector estimators); default 3. */
  readonly dim?: number;
  /** Checks skipped for this class, each with the reason (an issue number or a property of the model). */
  readonly exemptions?: Partial<Record<ContractCheck, string>>;
}
