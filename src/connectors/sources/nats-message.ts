import type { MsgHdrs } from "@nats-io/transport-node";
import { ConfigError, describeError } from "../../errors.js";
import type { SourceContext } from "./source.js";

/**
 * A NATS message as the `parse` option of {@link fromNats} and {@link fromJetStream} sees it.
 * @public
 */
export interface NatsMessage {
  /** The subject it was published to. */
  readonly subject: string;
  /** The payload bytes. */
  readonly data: Uint8Array;
  /** The headers, if the publisher set any. */
  readonly headers?: MsgHdrs | undefined;
  /** The payload decoded as UTF-8. */
  string(): string;
  /** The payload parsed as JSON; throws on invalid JSON. */
  json<T = unknown>(): T;
}

/** A JetStream message as the `parse` option of {@link fromJetStream} sees it. @public */
export interface JetStreamMessage extends NatsMessage {
  /** Its sequence number in the stream. */
  readonly seq: number;
  /** When the stream stored it. */
  readonly time: Date;
}

/** What a message that could not be parsed becomes in the dead letters. @public */
export interface NatsDeadLetterRecord {
  readonly subject: string;
  /** The payload decoded as UTF-8. */
  readonly data: string;
}

/**
 * Parses `msg` with `parse` (null: its JSON payload) and pushes the record onto `out`; a message
 * that does not parse goes to the dead letters as `{ subject, data }`, the reason starting with
 * `at` (the source and where the message came from).
 * @internal
 */
export function takeMessage<M extends NatsMessage, T>(msg: M, parse: ((msg: M) => T) | null, ctx: SourceContext, at: string, out: T[]): void {
  try {
    out.push(parse === null ? msg.json<T>() : parse(msg));
  } catch (error) {
    const record: NatsDeadLetterRecord = { subject: msg.subject, data: msg.string() };
    ctx.deadLetter(record, `${at}: ${parse === null ? "invalid JSON:" : "parse threw"} ${describeError(error)}`);
  }
}

/** Throws a {@link ConfigError} unless `parse` is undefined or a function. @internal */
export function requireParse(where: string, parse: unknown): void {
  if (parse !== undefined && typeof parse !== "function") throw new ConfigError(`${where}.parse must be a function, got ${typeof parse}`);
}
