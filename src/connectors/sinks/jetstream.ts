import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { ConfigError, NatsError, requireInteger } from "../../errors.js";
import { AckedPublisher, PublishRefusedError } from "../nats/acked-publisher.js";
import { connectNats, describeServers, validateConnectionOptions, type NatsConnectionOptions } from "../nats/connection.js";
import { publishSubjectProblem } from "../nats/subject.js";
import type { Sink, SinkOpenInfo } from "./sink.js";

/** Options of {@link toJetStream}. @public */
export interface JetStreamSinkOptions<T> extends NatsConnectionOptions {
  /** The stream that must store the messages; a publish the stream does not take is an error. */
  stream: string;
  /** The subject of each record: a fixed subject, or one per record (put values in it with `subjectToken`). */
  subject: string | ((record: T) => string);
  /**
   * The `Nats-Msg-Id` of each record: the same record must get the same id in every run (e.g.
   * pipeline, key, window end and model version), so the stream drops the copies a replay after
   * a crash publishes again. Within the stream's `duplicate_window` (2 min by default).
   */
  msgId: (record: T) => string;
  /** The payload; default `JSON.stringify(record)`. */
  serialize?: (record: T) => string | Uint8Array;
  /** Publishes awaiting their acknowledgement before the pipeline waits; default 1024. */
  maxInFlight?: number;
  /** Attempts after the first for a publish that timed out or found no stream; default 8. */
  retries?: number;
  /** Wait before the first retry, ms, doubled for each next one up to 5 s; default 200. */
  retryDelayMs?: number;
}

const OWN_NAMES = ["stream", "subject", "msgId", "serialize", "maxInFlight", "retries", "retryDelayMs"] as const;

/**
 * Publishes records to JetStream with acknowledgements: up to `maxInFlight` publishes await
 * their ack at once (the pipeline waits when the window is full), each with a deterministic
 * `Nats-Msg-Id` so that the stream keeps one copy of a record however often it is published.
 *
 * @remarks
 * A publish that times out or finds no stream (a server restarting) is retried `retries` times
 * with growing waits, under the same id; one that still fails, or that the server refuses
 * outright (wrong stream, too large), goes to the pipeline's dead letters with the reason, and
 * nothing is lost silently. Under checkpoints a checkpoint completes only once every publish
 * before it is acknowledged; records replayed after a restart are published again and the
 * stream drops them as duplicates: exactly once in the stream, provided the restart comes
 * within the stream's duplicate window. Retries may reorder messages.
 * A server that is not there fails the run with a {@link NatsError} naming the URL.
 *
 * @example
 * ```ts
 * import { jetstreamManager } from "@nats-io/jetstream";
 * import { connect } from "@nats-io/transport-node";
 * import { Pipeline, fromIterable, subjectToken, toJetStream } from "streamine";
 *
 * const servers = process.env.NATS_URL ?? "nats://127.0.0.1:4222"; // a server run with -js
 * const nc = await connect({ servers });
 * const jsm = await jetstreamManager(nc);
 * await jsm.streams.add({ name: "ALERTS", subjects: ["alerts.>"] });
 *
 * const p = Pipeline.create({ name: "alerts" });
 * p.source(fromIterable([{ device: "d.1", ts: 60_000, score: 0.93 }])).sink(
 *   toJetStream({
 *     servers,
 *     stream: "ALERTS",
 *     subject: (r) => `alerts.${subjectToken(r.device)}`, // "alerts.d%2E1"
 *     msgId: (r) => `alerts/${r.device}/${r.ts}`,
 *   }),
 * );
 * await p.run();
 * expect((await jsm.streams.getMessage("ALERTS", { last_by_subj: "alerts.d%2E1" }))?.json()).toEqual({ device: "d.1", ts: 60_000, score: 0.93 });
 * await nc.close();
 * ```
 * @public
 */
export function toJetStream<T>(options: JetStreamSinkOptions<T>): Sink<T> {
  const where = "toJetStream options";
  validateConnectionOptions(where, options, OWN_NAMES);
  if (typeof options.stream !== "string" || options.stream.length === 0) throw new ConfigError(`${where}.stream must name a stream, e.g. "PREDICTIONS"`);
  if (typeof options.subject === "string") {
    const problem = publishSubjectProblem(options.subject);
    if (problem !== null) throw new ConfigError(`${where}.subject: ${problem}`);
  } else if (typeof options.subject !== "function") {
    throw new ConfigError(`${where}.subject must be a subject or a function (record) => subject`);
  }
  if (typeof options.msgId !== "function") throw new ConfigError(`${where}.msgId must be a function (record) => id, the same id for the same record in every run`);
  if (options.serialize !== undefined && typeof options.serialize !== "function") throw new ConfigError(`${where}.serialize must be a function`);
  if (options.maxInFlight !== undefined) requireInteger(where, "maxInFlight", options.maxInFlight, 1);
  if (options.retries !== undefined) requireInteger(where, "retries", options.retries, 0);
  if (options.retryDelayMs !== undefined) requireInteger(where, "retryDelayMs", options.retryDelayMs, 0);
  return new JetStreamSink(options);
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const MAX_RETRY_DELAY_MS = 5_000;

class JetStreamSink<T> implements Sink<T> {
  readonly description: string;
  private connection: Promise<{ nc: NatsConnection; publisher: AckedPublisher }> | null = null;
  private deadLetter: SinkOpenInfo["deadLetter"] = () => undefined;
  private inFlight = 0;
  /** Resolved when `inFlight` drops to the level each waiter asked for. */
  private waiters: { below: number; resolve: () => void }[] = [];
  private readonly maxInFlight: number;

  constructor(private readonly o: JetStreamSinkOptions<T>) {
    this.description = `toJetStream(${o.stream} on ${describeServers(o)})`;
    this.maxInFlight = o.maxInFlight ?? 1_024;
  }

  open(info: SinkOpenInfo): void {
    this.deadLetter = info.deadLetter;
  }

  writeBatch(values: T[]): void | Promise<void> {
    const messages: { record: T; subject: string; id: string; payload: string | Uint8Array }[] = [];
    for (const record of values) {
      // A bad record is dead-lettered on its own; the rest of the batch is published.
      let subject: string, id: string, payload: string | Uint8Array;
      try {
        subject = typeof this.o.subject === "string" ? this.o.subject : this.o.subject(record);
        const problem = publishSubjectProblem(subject);
        if (problem !== null) throw new Error(problem);
        id = this.o.msgId(record);
        if (typeof id !== "string" || id.length === 0) throw new Error(`msgId returned ${JSON.stringify(id)}, not a non-empty string`);
        payload = this.o.serialize === undefined ? JSON.stringify(record) : this.o.serialize(record);
      } catch (error) {
        this.deadLetter(record, `${this.description}: ${message(error)}`);
        continue;
      }
      messages.push({ record, subject, id, payload });
    }
    if (messages.length === 0) return;
    return this.publishAll(messages);
  }

  private async publishAll(messages: { record: T; subject: string; id: string; payload: string | Uint8Array }[]): Promise<void> {
    const { publisher } = await this.connect();
    for (const m of messages) {
      if (this.inFlight >= this.maxInFlight) await this.settledBelow(this.maxInFlight);
      this.inFlight++;
      void this.publishOne(publisher, m.record, m.subject, m.id, m.payload).finally(() => this.release());
    }
    if (this.inFlight >= this.maxInFlight) await this.settledBelow(this.maxInFlight);
  }

  private async publishOne(publisher: AckedPublisher, record: T, subject: string, id: string, payload: string | Uint8Array): Promise<void> {
    const retries = this.o.retries ?? 8;
    let delay = this.o.retryDelayMs ?? 200;
    for (let attempt = 0; ; attempt++) {
      try {
        await publisher.publish(subject, payload, id, this.o.stream);
        return;
      } catch (error) {
        const refused = error instanceof PublishRefusedError;
        if (refused || attempt >= retries) {
          const tries = attempt + 1;
          this.deadLetter(record, `${this.description}: publish to "${subject}" (Nats-Msg-Id ${id}) failed${refused ? "" : ` after ${tries} attempt${tries === 1 ? "" : "s"}`}: ${message(error)}`);
          return;
        }
        await sleep(delay);
        delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
      }
    }
  }

  private release(): void {
    this.inFlight--;
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.inFlight < w.below) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private settledBelow(below: number): Promise<void> {
    if (this.inFlight < below) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ below, resolve }));
  }

  /** Every publish so far acknowledged or dead-lettered: what a checkpoint waits for. */
  snapshotState(): { state: null; ready: Promise<void> } {
    return { state: null, ready: this.settledBelow(1) };
  }

  /** Nothing to undo: replayed records carry the ids the stream has already seen. */
  restoreState(): void {}

  async close(): Promise<void> {
    await this.settledBelow(1);
    const connection = this.connection;
    this.connection = null;
    if (connection === null) return;
    const c = await connection.catch(() => null);
    if (c === null) return;
    c.publisher.close();
    if (!c.nc.isClosed()) await c.nc.close();
  }

  private connect(): Promise<{ nc: NatsConnection; publisher: AckedPublisher }> {
    this.connection ??= (async () => {
      const nc = await connectNats(this.o, `streamine ${this.description}`, `to publish to stream "${this.o.stream}"`);
      try {
        await (await jetstreamManager(nc, { timeout: this.o.timeoutMs ?? 5_000 })).streams.info(this.o.stream);
      } catch (error) {
        await nc.close().catch(() => undefined);
        throw new NatsError(`${this.description}: stream "${this.o.stream}" cannot be used (does it exist? is JetStream enabled?): ${message(error)}`, { cause: error });
      }
      return { nc, publisher: new AckedPublisher(nc, this.o.timeoutMs ?? 5_000) };
    })();
    return this.connection;
  }
}
