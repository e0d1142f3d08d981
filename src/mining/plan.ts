import type { Estimator } from "../../algorithms/base/estimator.js";
import type { Vector } from "../../algorithms/base/vector.js";
import { ConfigError, describeError, rejectUnknownOptions } from "../errors.js";
import { resolveTtl, type StateTtlConfig } from "../state/ttl-config.js";
import type { LearnOrder, Thresholder } from "./types.js";

/** The four mining operators. @internal */
export type MiningMode = "learn" | "predict" | "score" | "detect";

/** Where a mining operator's vectors come from: keyed records, or window features. @internal */
export interface MiningInput {
  readonly x: (record: unknown) => Vector;
  /** Names of the vector's entries when known (explanations), else null. */
  readonly names: (record: unknown) => readonly string[] | null;
  readonly windowed: boolean;
  /** The option names the input took (`x`, or `features` and `stats`). */
  readonly optionNames: readonly string[];
}

/** A class with the estimator contract's static `restore`. @internal */
export interface RestorableClass<E> {
  readonly name: string;
  restore(bytes: Uint8Array): E;
}

/** A mining operator's configuration, checked when the pipeline is built. @internal */
export interface MiningPlan {
  readonly mode: MiningMode;
  readonly model: string;
  readonly factory: () => Estimator;
  readonly modelClass: RestorableClass<Estimator>;
  readonly input: MiningInput;
  /** The target of supervised learning, or null. */
  readonly y: ((record: unknown) => unknown) | null;
  /** Whether the model learns (learn, score, detect; predict with `y` or `learn: true`). */
  readonly learns: boolean;
  readonly order: LearnOrder;
  /** predict: the model is a classifier (it has predictProbaOne, not predictOne). */
  readonly classifier: boolean;
  /** detect: a fixed threshold (NaN with a thresholder). */
  readonly threshold: number;
  readonly thresholder: (() => Thresholder) | null;
  readonly thresholderClass: RestorableClass<Thresholder> | null;
  readonly protect: boolean;
  /** detect: explain flagged records (the detector has `attribution`). */
  readonly explain: boolean;
  readonly ttl: StateTtlConfig | null;
  readonly uid: string | null;
}

const OPTIONS: Readonly<Record<MiningMode, readonly string[]>> = {
  learn: ["model", "ttl", "uid", "y"],
  predict: ["model", "ttl", "uid", "y", "learn"],
  score: ["model", "ttl", "uid", "order"],
  detect: ["model", "ttl", "uid", "order", "protect", "explain"],
};

type Probe = Record<string, unknown> & { constructor?: { name?: string; restore?: unknown } };

/** Calls `factory` once to check what it builds; returns the instance and its class. */
function probe(where: string, what: string, factory: unknown, methods: readonly string[]): { instance: Probe; cls: RestorableClass<never> } {
  if (typeof factory !== "function") throw new ConfigError(`${where}: the ${what} factory must be a function such as () => new HalfSpaceTrees(), got ${typeof factory}`);
  let instance: unknown;
  try {
    instance = (factory as () => unknown)();
  } catch (error) {
    throw new ConfigError(`${where}: the ${what} factory threw ${describeError(error)}`);
  }
  if (typeof instance !== "object" || instance === null) throw new ConfigError(`${where}: the ${what} factory must return an estimator, got ${instance === null ? "null" : typeof instance}`);
  const p = instance as Probe;
  const name = p.constructor?.name ?? "the object";
  for (const m of ["snapshot", ...methods]) {
    if (typeof p[m] !== "function") throw new ConfigError(`${where}: the ${what} factory returned ${name}, which has no ${m}()`);
  }
  const cls = p.constructor;
  if (typeof cls?.restore !== "function") {
    throw new ConfigError(`${where}: ${name} has no static restore(bytes); models are checkpointed with snapshot() and restored with their class's static restore`);
  }
  return { instance: p, cls: cls as unknown as RestorableClass<never> };
}

/** Whether the probe's `learnOne` takes a target after the vector. */
const supervised = (p: Probe): boolean => typeof p["learnOne"] === "function" && (p["learnOne"] as (...a: unknown[]) => void).length >= 2;

function modelName(where: string, given: unknown, cls: { name: string }): string {
  const name = given ?? cls.name;
  if (typeof name !== "string" || name.length === 0 || /[.*>\s]/.test(name)) {
    const why = given === undefined ? `the class name ${JSON.stringify(name)} cannot be one` : `got ${JSON.stringify(given)}`;
    throw new ConfigError(`${where}: model must be a non-empty NATS subject token (no ".", "*", ">" or whitespace); ${why}`);
  }
  return name;
}

/**
 * Checks a mining operator's factory, threshold and options, calling each factory once, and
 * returns its plan. Every mistake is a {@link ConfigError} at build time, naming the method.
 * @internal
 */
export function miningPlan(mode: MiningMode, factory: unknown, threshold: unknown, options: unknown, input: MiningInput): MiningPlan {
  const where = mode;
  if (typeof options !== "object" || options === null) throw new ConfigError(`${where}: options must be an object such as { x: (r) => r.vector${mode === "score" || mode === "detect" ? ', order: "score-then-learn"' : ""} }`);
  rejectUnknownOptions(where, options, [...input.optionNames, ...OPTIONS[mode]]);
  const o = options as Record<string, unknown>;

  const methods = mode === "predict" ? [] : mode === "learn" ? ["learnOne"] : ["scoreOne", "learnOne"];
  const { instance, cls } = probe(where, "model", factory, methods);
  const name = cls.name;
  let classifier = false;
  if (mode === "predict") {
    classifier = typeof instance["predictOne"] !== "function";
    if (classifier && typeof instance["predictProbaOne"] !== "function") throw new ConfigError(`${where}: ${name} has neither predictOne() nor predictProbaOne()`);
  }

  const y = o["y"];
  if (y !== undefined && typeof y !== "function") throw new ConfigError(`${where}: y must be a function (record) => target, got ${typeof y}`);
  const isSupervised = supervised(instance);
  let learns = true;
  if (mode === "learn") {
    if (isSupervised && y === undefined) throw new ConfigError(`${where}: ${name}.learnOne takes a target: give y, a function (record) => target`);
    if (!isSupervised && y !== undefined) throw new ConfigError(`${where}: ${name} learns without a target: leave y out`);
  }
  if (mode === "predict") {
    const learn = o["learn"];
    if (learn !== undefined && typeof learn !== "boolean") throw new ConfigError(`${where}: learn must be true or false`);
    if (y !== undefined && !isSupervised) throw new ConfigError(`${where}: ${name} learns without a target: use learn: true instead of y`);
    if (learn !== undefined && isSupervised) throw new ConfigError(`${where}: ${name} learns from targets: give y instead of learn`);
    if ((y !== undefined || learn === true) && typeof instance["learnOne"] !== "function") throw new ConfigError(`${where}: ${name} has no learnOne()`);
    learns = y !== undefined || learn === true;
  }

  const order = o["order"];
  if (mode === "score" || mode === "detect") {
    if (order !== "score-then-learn" && order !== "learn-then-score") {
      throw new ConfigError(`${where}: order must be "score-then-learn" (prequential) or "learn-then-score", got ${JSON.stringify(order)}: choose it explicitly, it changes every score`);
    }
  }

  let fixed = NaN;
  let thresholder: (() => Thresholder) | null = null;
  let thresholderClass: RestorableClass<Thresholder> | null = null;
  if (mode === "detect") {
    if (typeof threshold === "number") {
      if (Number.isNaN(threshold)) throw new ConfigError(`${where}: threshold must be a number (anomaly when score ≥ threshold) or a thresholder factory, got NaN`);
      fixed = threshold;
    } else {
      thresholderClass = probe(where, "threshold", threshold, ["isAnomaly", "learnOne"]).cls;
      thresholder = threshold as () => Thresholder;
    }
  }
  const protect = o["protect"] ?? false;
  if (typeof protect !== "boolean") throw new ConfigError(`${where}: protect must be true or false`);
  if (protect && order === "learn-then-score") throw new ConfigError(`${where}: protect needs order "score-then-learn" (with learn-then-score the record is learned before it is flagged)`);
  const explain = o["explain"] ?? true;
  if (typeof explain !== "boolean") throw new ConfigError(`${where}: explain must be true or false`);

  const uid = o["uid"];
  if (uid !== undefined && (typeof uid !== "string" || uid.length === 0)) throw new ConfigError(`${where}: uid must be a non-empty string`);
  return {
    mode,
    model: modelName(where, o["model"], cls),
    factory: factory as () => Estimator,
    modelClass: cls,
    input,
    y: (y as ((record: unknown) => unknown) | undefined) ?? null,
    learns,
    order: (order as LearnOrder | undefined) ?? "score-then-learn",
    classifier,
    threshold: fixed,
    thresholder,
    thresholderClass,
    protect,
    explain: explain && typeof instance["attribution"] === "function",
    ttl: resolveTtl(`${where}: ttl`, { ttl: o["ttl"] as StateTtlConfig }),
    uid: (uid as string | undefined) ?? null,
  };
}
