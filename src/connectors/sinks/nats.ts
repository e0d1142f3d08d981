import { ConfigError, describeError, NatsError, requireInteger } from "../../errors.js";
import type { Bus } from "../bus/bus.js";
import { connectionLost, describeEndpoint, openEndpoint, validateEndpoint, type OpenEndpoint } from "../bus/endpoint.js";
import type { NatsConnectionOptions } from "../nats/connection.js";
import { publishSubjectProblem } from "../nats/subject.js";
import type { Sink, SinkOpenInfo } from "./sink.js";

/** Options of {@link toNats}. @public */
export interface NatsSinkOptions<T> extends Partial<NatsConnectionOptions> {
  /**
   * The subject of each record: a fixed subject, or one per record such as
   * `` (p) => `predictions.hst.${subjectToken(p.key)}` `` (put values in it with `subjectToken`).
   */
  subject: string | ((record: T) => string);
  /** The payload; default `JSON.stringify(record)`. */
  serialize?: (record: T) => string | Uint8Array;
  /**
   * The bus to publish to instead of a server, e.g. a {@link MemoryBus} or `natsBus(nc)`; the
   * sink flushes it but does not close it. Default: the server at `servers`, or
   * {@link defaultBus} when `servers` is not given either.
   */
  bus?: Bus;
  /** Payload bytes (about: string length) published before the sink waits for the previous flush; default 4 MiB. */
  maxUnflushedBytes?: number;
}

const OWN_NAMES = ["subject", "serialize", "bus", "maxUnflushedBytes"] as const;
const noop = (): void => undefined;

/**
 * Publishes each record as a core NATS message (by default its JSON) on a subject of its own,
 * to a NATS server (`servers`), to a given {@link Bus}, or, with neither, to the in-process
 * {@link defaultBus}, so that a job runs with nothing installed.
 *
 * @remarks
 * **At most once.** A core publish is fire-and-forget: nothing is acknowledged or stored, and a
 * message nobody subscribes to is dropped. The sink flushes (a round trip to the server) at
 * every checkpoint and when it closes, so a checkpoint or the end of a run means that the
 * server has every message published before it; messages in flight when the process dies are
 * lost, and records replayed after a restart are published again. Use `toJetStream` for
 * acknowledged, de-duplicated output. Every `maxUnflushedBytes` the sink flushes and waits for
 * the flush before (not the one just started): memory stays bounded when the server is slower
 * than the pipeline.
 *
 * A record whose subject cannot be published to (an empty token, whitespace, `*` or `>`, which
 * is what a key put in a subject without `subjectToken` can bring), whose `subject` or
 * `serialize` throws, or which the client refuses (larger than the server's `max_payload`)
 * goes to the pipeline's dead letters with the reason; the others are published. So
 * `in = published + dead-lettered` on the sink's counters. Send the dead letters on too:
 * `p.deadLetters().sink(toNats({ servers, subject: "predictions.deadletter" }))`.
 *
 * The connection is opened when the run starts; a server that is not there fails the run with
 * a `NatsError` naming the URL, and so does a connection lost for good.
 *
 * @param options - the connection options (`servers`, `user`/`pass`, `token`, `credsFile`,
 *   `nkeySeedFile`, `tls`, `timeoutMs`) or a `bus`, and the options above.
 * @throws ConfigError for a bad option, naming it.
 * @example
 * Predictions to a NATS server, one subject per model and key:
 * ```ts
 * import { connect } from "@nats-io/transport-node";
 * import { Pipeline, fromIterable, parseSubjectToken, subjectToken, toNats } from "streamine";
 *
 * const servers = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
 * const nc = await connect({ servers });
 * const got: string[] = [];
 * nc.subscribe("readme.predictions.hst.*", { callback: (_e, m) => got.push(`${parseSubjectToken(m.subject.split(".")[3] ?? "")} ${m.string()}`) });
 * await nc.flush();
 *
 * const p = Pipeline.create({ name: "predictions" });
 * p.source(fromIterable([{ key: "pump.7", score: 0.25 }, { key: "fan 2", score: 0.75 }]))
 *   .sink(toNats({ servers, subject: (r) => `readme.predictions.hst.${subjectToken(r.key)}` }));
 * await p.run();
 * await nc.flush();
 * await new Promise((r) => setTimeout(r, 50));
 * expect(got.sort()).toEqual(['fan 2 {"key":"fan 2","score":0.75}', 'pump.7 {"key":"pump.7","score":0.25}']);
 * await nc.close();
 * ```
 * Without a server, on a {@link MemoryBus}; a bad subject goes to the dead letters:
 * ```ts
 * import { MemoryBus, Pipeline, fromIterable, toNats, type DeadLetter } from "streamine";
 * const bus = new MemoryBus();
 * const got: string[] = [];
 * bus.subscribe("scores.>", (m) => got.push(m.subject));
 * const dead: DeadLetter[] = [];
 * const p = Pipeline.create({ name: "memory" });
 * p.source(fromIterable(["a", "b c"])).sink(toNats({ bus, subject: (k) => `scores.${k}` }));
 * p.deadLetters().sink((d) => dead.push(d));
 * await p.run();
 * expect(got).toEqual(["scores.a"]);
 * expect(dead.map((d) => d.record)).toEqual(["b c"]);
 * expect(dead[0]?.reason).toMatch(/holds whitespace/);
 * ```
 * @public
 */
export function toNats<T>(options: NatsSinkOptions<T>): Sink<T> {
  const where = "toNats options";
  validateEndpoint(where, options, OWN_NAMES);
  if (typeof options.subject === "string") {
    const problem = publishSubjectProblem(options.subject);
    if (problem !== null) throw new ConfigError(`${where}.subject: ${problem}`);
  } else if (typeof options.subject !== "function") {
    throw new ConfigError(`${where}.subject must be a subject or a function (record) => subject`);
  }
  if (options.serialize !== undefined && typeof options.serialize !== "function") throw new ConfigError(`${where}.serialize must be a function (record) => string | Uint8Array`);
  if (options.maxUnflushedBytes !== undefined) requireInteger(where, "maxUnflushedBytes", options.maxUnflushedBytes, 1);
  return new NatsSink(options);
}

class NatsSink<T> implements Sink<T> {
  readonly description: string;
  private endpoint: Promise<OpenEndpoint> | null = null;
  /** The bus once open: from then on a batch is published without awaiting anything. */
  private bus: Bus | null = null;
  private failure: Error | null = null;
  private closing = false;
  private deadLetter: SinkOpenInfo["deadLetter"] = noop;
  private unflushed = 0;
  private lastFlush: Promise<void> | null = null;
  private readonly subjectOf: (record: T) => unknown;
  private readonly serialize: (record: T) => unknown;
  private readonly maxUnflushed: number;

  constructor(private readonly o: NatsSinkOptions<T>) {
    this.description = `toNats(${typeof o.subject === "string" ? `${o.subject} on ` : ""}${describeEndpoint(o)})`;
    const subject = o.subject;
    this.subjectOf = typeof subject === "string" ? () => subject : subject;
    this.serialize = o.serialize ?? JSON.stringify;
    this.maxUnflushed = o.maxUnflushedBytes ?? 4 * 2 ** 20;
  }

  open(info: SinkOpenInfo): void {
    this.deadLetter = info.deadLetter;
    void this.start().catch(noop); // connect while the pipeline starts; the first batch reports a failure
  }

  writeBatch(values: T[]): void | Promise<void> {
    const bus = this.bus;
    if (bus === null) return this.start().then(() => this.writeBatch(values));
    if (this.failure !== null) return Promise.reject(this.failure);
    const subjectOf = this.subjectOf;
    const serialize = this.serialize;
    let bytes = 0;
    for (let i = 0; i < values.length; i++) {
      const record = values[i] as T;
      // 0: computing the subject, 1: the payload, 2: publishing; says what went wrong.
      let stage = 0;
      try {
        const subject = subjectOf(record);
        stage = 1;
        const payload = serialize(record);
        if (typeof payload !== "string" && !(payload instanceof Uint8Array)) throw new TypeError(`serialize returned ${typeof payload}, not a string or Uint8Array`);
        stage = 2;
        bus.publish(subject as string, payload);
        bytes += payload.length;
      } catch (error) {
        this.deadLetter(record, `${this.description}: ${STAGES[stage] ?? ""}${describeError(error)}`);
      }
    }
    this.unflushed += bytes;
    if (this.unflushed >= this.maxUnflushed) return this.pace(bus);
    return undefined;
  }

  /** Starts a flush and hands back the one before, so one flush is always under way while the pipeline goes on. */
  private pace(bus: Bus): Promise<void> | undefined {
    this.unflushed = 0;
    const previous = this.lastFlush;
    const flush = bus.flush();
    flush.catch(noop); // awaited by the next pace, a checkpoint or close
    this.lastFlush = flush;
    return previous ?? undefined;
  }

  /** Everything published so far has reached the server: what a checkpoint waits for. */
  snapshotState(): { state: null; ready: Promise<void> } {
    return { state: null, ready: this.flushAll() };
  }

  /** Nothing to undo: at most once, a replay publishes again. */
  restoreState(): void {}

  async close(): Promise<void> {
    this.closing = true;
    const endpoint = this.endpoint;
    if (endpoint === null) return;
    const e = await endpoint.catch(() => null);
    if (e === null) return;
    try {
      await this.flushAll();
    } finally {
      if (e.owned) await e.bus.close();
    }
  }

  private async flushAll(): Promise<void> {
    const bus = this.bus ?? (this.endpoint === null ? null : (await this.endpoint).bus);
    if (bus === null) return;
    this.unflushed = 0;
    const flush = bus.flush();
    this.lastFlush = flush;
    try {
      await flush;
    } catch (error) {
      throw new NatsError(`${this.description}: the flush failed, messages may be lost: ${describeError(error)}`, { cause: error });
    }
  }

  private start(): Promise<OpenEndpoint> {
    this.endpoint ??= openEndpoint(this.o, `streamine ${this.description}`, "to publish (toNats)", noop).then((e) => {
      this.bus = e.bus;
      if (e.owned) {
        void e.closed.then((error) => {
          if (!this.closing) this.failure ??= connectionLost(this.description, this.o, error);
        });
      }
      return e;
    });
    return this.endpoint;
  }
}

const STAGES = ["the subject function threw ", "cannot serialize the record: ", ""] as const;
