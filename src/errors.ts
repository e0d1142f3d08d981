/**
 * Errors thrown by streamine. Each subclass carries a stable `code` so callers can branch on
 * it without matching message text.
 * @public
 */
export class StreamineError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A builder or factory was given an invalid parameter; thrown while the pipeline is built. @public */
export class ConfigError extends StreamineError {
  constructor(message: string) {
    super("E_CONFIG", message);
  }
}

/** A pipeline was used in a way its lifecycle does not allow (run twice, built after run…). @public */
export class PipelineStateError extends StreamineError {
  constructor(message: string) {
    super("E_PIPELINE_STATE", message);
  }
}

/** Throws a {@link ConfigError} unless `value` is a finite number greater than zero. */
export function requirePositive(where: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${where}: ${name} must be a finite number > 0, got ${String(value)}`);
  }
}

/** Throws a {@link ConfigError} unless `value` is a whole number of ms greater than zero. */
export function requirePositiveMs(where: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError(`${where}: ${name} must be a whole number of ms > 0, got ${String(value)}`);
  }
}

/** Throws a {@link ConfigError} unless `value` is an integer ≥ `min`. */
export function requireInteger(where: string, name: string, value: number, min: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`${where}: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
}

/** Throws a {@link ConfigError} naming any key of `options` not listed in `allowed`. */
export function rejectUnknownOptions(where: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`${where}: unknown option "${key}" (allowed: ${allowed.join(", ")})`);
    }
  }
}

/** Describes a thrown value for a dead-letter reason. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * A checkpoint could not be written or restored: a corrupt or incompatible file, state an
 * operator cannot restore, state for an operator that is gone. The message names the file and
 * the operator's uid.
 * @public
 */
export class CheckpointError extends StreamineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_CHECKPOINT", message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** A NATS server could not be reached or refused a request (connect, publish, consume). Code `E_NATS`. @public */
export class NatsError extends StreamineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_NATS", message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
