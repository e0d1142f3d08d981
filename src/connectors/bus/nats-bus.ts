import type { NatsConnection } from "@nats-io/transport-node";
import { ConfigError, NatsError } from "../../errors.js";
import { isPublishableSubject, publishSubjectProblem, subscribeSubjectProblem } from "../nats/subject.js";
import type { NatsMessage } from "../sources/nats-message.js";
import { isQueueName, type Bus, type BusSubscribeOptions } from "./bus.js";

/** Options of {@link natsBus}. @public */
export interface NatsBusOptions {
  /**
   * Called when a subscription fails (e.g. a permissions violation) or a handler throws.
   * Default: the error is thrown again outside the client (an uncaught exception).
   */
  onError?: (error: unknown, subject: string) => void;
}

/**
 * A {@link Bus} over a NATS connection you opened: `publish` is the core publish
 * (fire-and-forget), `flush` a round trip to the server, `close` closes the connection. Hand it
 * to `toNats({ bus })` or `fromNats({ bus })` to share one connection between connectors; they
 * flush a bus they are given but never close it.
 *
 * @remarks
 * It checks subjects as {@link MemoryBus} does, so the same code behaves the same on both: a
 * subject with an empty token, whitespace or a wildcard cannot be published to.
 *
 * @example
 * ```ts
 * import { connect } from "@nats-io/transport-node";
 * import { natsBus } from "streamine";
 * const bus = natsBus(await connect({ servers: process.env.NATS_URL ?? "nats://127.0.0.1:4222" }));
 * const got: string[] = [];
 * const stop = bus.subscribe("readme.bus.*", (m) => got.push(`${m.subject}=${m.string()}`));
 * await bus.flush(); // the server has the subscription
 * bus.publish("readme.bus.a", "1");
 * expect(() => bus.publish("readme.bus.>", "2")).toThrow(/wildcard/);
 * await bus.flush();
 * await new Promise((r) => setTimeout(r, 50)); // the message comes back from the server
 * expect(got).toEqual(["readme.bus.a=1"]);
 * stop();
 * await bus.close();
 * ```
 * @public
 */
export function natsBus(nc: NatsConnection, options: NatsBusOptions = {}): Bus {
  if (typeof nc !== "object" || nc === null || typeof nc.publish !== "function") throw new ConfigError("natsBus: give a connection from connect() of @nats-io/transport-node");
  if (options.onError !== undefined && typeof options.onError !== "function") throw new ConfigError("natsBus: onError must be a function (error, subject) => void");
  return new NatsBus(nc, options.onError ?? rethrowLater);
}

const rethrowLater = (error: unknown): void => {
  setImmediate(() => {
    throw error;
  });
};

class NatsBus implements Bus {
  constructor(
    private readonly nc: NatsConnection,
    private readonly onError: (error: unknown, subject: string) => void,
  ) {}

  publish(subject: string, payload: string | Uint8Array): void {
    if (!isPublishableSubject(subject)) throw new NatsError(`cannot publish: ${publishSubjectProblem(subject) ?? "invalid subject"}`);
    this.nc.publish(subject, payload);
  }

  subscribe(subject: string, handler: (msg: NatsMessage) => void, options: BusSubscribeOptions = {}): () => void {
    const problem = subscribeSubjectProblem(subject);
    if (problem !== null) throw new ConfigError(`natsBus.subscribe: subject ${problem}`);
    if (options.queue !== undefined && !isQueueName(options.queue)) throw new ConfigError(`natsBus.subscribe: queue must be a non-empty name without spaces, got ${JSON.stringify(options.queue)}`);
    const onError = this.onError;
    const sub = this.nc.subscribe(subject, {
      ...(options.queue === undefined ? {} : { queue: options.queue }),
      callback: (error, msg) => {
        if (error !== null) {
          onError(error, subject);
          return;
        }
        try {
          handler(msg);
        } catch (thrown) {
          // A throw must not reach the client's parser, which would drop the connection.
          onError(thrown, msg.subject);
        }
      },
    });
    return () => {
      if (!sub.isClosed()) sub.unsubscribe();
    };
  }

  flush(): Promise<void> {
    return this.nc.flush();
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.close();
  }
}
