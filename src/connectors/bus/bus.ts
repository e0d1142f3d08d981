import type { NatsMessage } from "../sources/nats-message.js";

/**
 * A message bus with NATS subject semantics: what `toNats` publishes to and `fromNats` reads
 * from. Two implementations: {@link MemoryBus}, in the process (the default when no server is
 * configured), and {@link natsBus}, a NATS connection.
 *
 * @remarks
 * Subjects are `.`-separated tokens. A subscription's subject may hold wildcards as whole tokens:
 * `*` matches one token, a final `>` one or more. Subscribers in the same queue group share the
 * messages, each message going to one of them; subscribers outside any group each get every
 * message. Delivery is asynchronous: a handler never runs inside `publish`. A message nobody
 * has subscribed to when it is published is dropped (at most once).
 * @public
 */
export interface Bus {
  /**
   * Sends `payload` to the subscribers of `subject` without waiting (fire-and-forget).
   * Throws a `NatsError` naming the problem for a subject that cannot be published to (empty,
   * an empty token, whitespace, `*` or `>`), and when the bus is closed.
   */
  publish(subject: string, payload: string | Uint8Array): void;
  /**
   * Calls `handler` with each message published to a subject `subject` matches, from now until
   * the returned function is called. Throws a `ConfigError` for an invalid subject or queue.
   */
  subscribe(subject: string, handler: (msg: NatsMessage) => void, options?: BusSubscribeOptions): () => void;
  /** Resolves once everything published before the call has been taken by the bus (a NATS server has processed it; a MemoryBus has delivered it). */
  flush(): Promise<void>;
  /** Delivers what is pending, then ends every subscription; later publishes throw. */
  close(): Promise<void>;
}

/** Options of {@link Bus.subscribe}. @public */
export interface BusSubscribeOptions {
  /** Queue group: subscribers in one group share the messages, each going to one of them. Default: none. */
  queue?: string;
}

/** Whether `value` has the four methods of a {@link Bus}. @internal */
export function isBus(value: unknown): value is Bus {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v["publish"] === "function" && typeof v["subscribe"] === "function" && typeof v["flush"] === "function" && typeof v["close"] === "function";
}

/** Whether `queue` is a valid queue group name (non-empty, no whitespace). @internal */
export function isQueueName(queue: unknown): queue is string {
  return typeof queue === "string" && /^\S+$/.test(queue);
}
