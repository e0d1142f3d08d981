import { ConfigError, NatsError, rejectUnknownOptions } from "../../errors.js";
import { CONNECTION_OPTION_NAMES, connectNats, describeServers, validateConnectionOptions, type NatsConnectionOptions } from "../nats/connection.js";
import { isBus, type Bus } from "./bus.js";
import { defaultBus, MemoryBus } from "./memory-bus.js";
import { natsBus } from "./nats-bus.js";

/**
 * Where a NATS connector publishes or subscribes: a server (`servers` and the connection
 * options), a `bus`, or neither, meaning {@link defaultBus}.
 * @internal
 */
export interface EndpointOptions extends Partial<NatsConnectionOptions> {
  bus?: Bus;
}

/** Throws a {@link ConfigError} naming the first bad field; `extra` lists the caller's own option names. @internal */
export function validateEndpoint(where: string, o: EndpointOptions, extra: readonly string[]): void {
  if (typeof o !== "object" || o === null) throw new ConfigError(`${where} must be an object`);
  if (o.servers !== undefined) {
    if (o.bus !== undefined) throw new ConfigError(`${where}: give servers or bus, not both`);
    validateConnectionOptions(where, o as NatsConnectionOptions, ["bus", ...extra]);
    return;
  }
  rejectUnknownOptions(where, o, [...CONNECTION_OPTION_NAMES, "bus", ...extra]);
  for (const name of CONNECTION_OPTION_NAMES) {
    if (o[name] !== undefined) throw new ConfigError(`${where}.${name} needs servers: without servers the connector uses ${o.bus === undefined ? "the in-memory defaultBus" : "its bus"}`);
  }
  if (o.bus !== undefined && !isBus(o.bus)) throw new ConfigError(`${where}.bus must be a Bus (publish, subscribe, flush, close), e.g. new MemoryBus() or natsBus(nc)`);
}

/** Where `o` leads, for descriptions and messages. @internal */
export function describeEndpoint(o: EndpointOptions): string {
  if (o.servers !== undefined) return describeServers({ servers: o.servers });
  if (o.bus === undefined || o.bus === defaultBus) return "defaultBus";
  return o.bus instanceof MemoryBus ? "a MemoryBus" : "a bus";
}

/** An open endpoint: the bus, and `owned` when the connector opened it (and must close it). @internal */
export interface OpenEndpoint {
  readonly bus: Bus;
  readonly owned: boolean;
  /** Resolves with the reason when a connection the connector opened closes; never for a given bus. */
  readonly closed: Promise<void | Error>;
}

/**
 * Connects to the server of `o` (a {@link NatsError} naming the URL when it is not there), or
 * returns its bus; `onError` hears of failed subscriptions and throwing handlers on a server.
 * @internal
 */
export async function openEndpoint(o: EndpointOptions, name: string, purpose: string, onError: (error: unknown, subject: string) => void): Promise<OpenEndpoint> {
  if (o.servers === undefined) return { bus: o.bus ?? defaultBus, owned: false, closed: new Promise(() => undefined) };
  const nc = await connectNats(o as NatsConnectionOptions, name, purpose);
  return { bus: natsBus(nc, { onError }), owned: true, closed: nc.closed() };
}

/** The error for a connection that closed under a connector. @internal */
export function connectionLost(where: string, o: EndpointOptions, error: void | Error): NatsError {
  const why = error instanceof Error ? `: ${error.message}` : "";
  return new NatsError(`${where}: the connection to ${describeEndpoint(o)} closed${why}`, { cause: error });
}
