import { readFileSync } from "node:fs";
import { connect, credsAuthenticator, nkeyAuthenticator, type NatsConnection, type NodeConnectionOptions } from "@nats-io/transport-node";
import { ConfigError, NatsError, rejectUnknownOptions, requireInteger } from "../../errors.js";

/**
 * How to reach a NATS server: the connection options every NATS source, sink and checkpoint
 * storage passes through to the NATS client.
 * @public
 */
export interface NatsConnectionOptions {
  /** Server URL or URLs, e.g. `"nats://127.0.0.1:4222"`. */
  servers: string | readonly string[];
  /** User name; give `pass` with it. Default: none. */
  user?: string;
  /** Password of `user`. Default: none. */
  pass?: string;
  /** Authentication token. Default: none. */
  token?: string;
  /** Path of a `.creds` file (JWT and NKey seed), read when the run starts. Default: none. */
  credsFile?: string;
  /** Path of a file holding an NKey seed (`SU…`), read when the run starts. Default: none. */
  nkeySeedFile?: string;
  /** TLS: CA, client certificate and key files. Default: TLS only when the URL is `tls://`. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string; handshakeFirst?: boolean };
  /** Time allowed for connecting and for each request, ms; default 5000. */
  timeoutMs?: number;
}

/** Names {@link NatsConnectionOptions} accepts; callers add their own. @internal */
export const CONNECTION_OPTION_NAMES = ["servers", "user", "pass", "token", "credsFile", "nkeySeedFile", "tls", "timeoutMs"] as const;
const TLS_NAMES = ["caFile", "certFile", "keyFile", "handshakeFirst"] as const;

/** `servers` as one string for messages. @internal */
export function describeServers(o: Pick<NatsConnectionOptions, "servers">): string {
  return typeof o.servers === "string" ? o.servers : o.servers.join(", ");
}

/** Throws a {@link ConfigError} naming the first bad field; `extra` lists the caller's own option names. @internal */
export function validateConnectionOptions(where: string, o: NatsConnectionOptions, extra: readonly string[]): void {
  if (typeof o !== "object" || o === null) throw new ConfigError(`${where} must be an object such as { servers: "nats://127.0.0.1:4222" }`);
  rejectUnknownOptions(where, o, [...CONNECTION_OPTION_NAMES, ...extra]);
  const servers: readonly unknown[] = typeof o.servers === "string" ? [o.servers] : Array.isArray(o.servers) ? o.servers : [];
  if (servers.length === 0 || servers.some((s) => typeof s !== "string" || s.length === 0)) {
    throw new ConfigError(`${where}.servers must be a server URL or a non-empty array of them, e.g. "nats://127.0.0.1:4222"`);
  }
  for (const name of ["user", "pass", "token", "credsFile", "nkeySeedFile"] as const) {
    const v = o[name];
    if (v !== undefined && (typeof v !== "string" || v.length === 0)) throw new ConfigError(`${where}.${name} must be a non-empty string`);
  }
  if ((o.user === undefined) !== (o.pass === undefined)) throw new ConfigError(`${where}: give user and pass together`);
  if (o.credsFile !== undefined && o.nkeySeedFile !== undefined) throw new ConfigError(`${where}: give credsFile or nkeySeedFile, not both`);
  if (o.tls !== undefined) {
    if (typeof o.tls !== "object" || o.tls === null) throw new ConfigError(`${where}.tls must be an object such as { caFile }`);
    rejectUnknownOptions(`${where}.tls`, o.tls, TLS_NAMES);
    if ((o.tls.certFile === undefined) !== (o.tls.keyFile === undefined)) throw new ConfigError(`${where}.tls: give certFile and keyFile together`);
  }
  if (o.timeoutMs !== undefined) requireInteger(where, "timeoutMs", o.timeoutMs, 1);
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Connects with `o`; `purpose` completes the error, e.g. `to read stream "orders"`. A server that
 * is not there fails at once with a {@link NatsError} naming the URL (no waiting for it to appear).
 * @internal
 */
export async function connectNats(o: NatsConnectionOptions, name: string, purpose: string): Promise<NatsConnection> {
  const opts: NodeConnectionOptions = { servers: typeof o.servers === "string" ? o.servers : [...o.servers], timeout: o.timeoutMs ?? 5_000, name };
  if (o.user !== undefined) opts.user = o.user;
  if (o.pass !== undefined) opts.pass = o.pass;
  if (o.token !== undefined) opts.token = o.token;
  if (o.tls !== undefined) opts.tls = { ...o.tls };
  try {
    if (o.credsFile !== undefined) opts.authenticator = credsAuthenticator(readFileSync(o.credsFile));
    if (o.nkeySeedFile !== undefined) opts.authenticator = nkeyAuthenticator(new TextEncoder().encode(readFileSync(o.nkeySeedFile, "utf8").trim()));
    return await connect(opts);
  } catch (error) {
    throw new NatsError(`cannot connect to NATS at ${describeServers(o)} ${purpose}: ${message(error)}`, { cause: error });
  }
}
