import { ConfigError, NatsError, requireInteger } from "../../errors.js";
import { isQueueName, type Bus } from "../bus/bus.js";
import { connectionLost, describeEndpoint, openEndpoint, validateEndpoint } from "../bus/endpoint.js";
import type { NatsConnectionOptions } from "../nats/connection.js";
import { subscribeSubjectProblem } from "../nats/subject.js";
import { requireParse, takeMessage, type NatsMessage } from "./nats-message.js";
import type { Source, SourceContext, SourceReader } from "./source.js";

/** Options of {@link fromNats}: where to read (a server, a bus, or neither: the default bus), and what to subscribe to. @public */
export interface NatsSourceOptions<T> extends Partial<NatsConnectionOptions> {
  /** The subject to subscribe to; wildcards allowed (`"iot.readings.>"`). */
  subject: string;
  /** Queue group: subscribers in one group share the messages, each going to one of them. Default: none, every subscriber gets every message. */
  queue?: string;
  /** Makes a record of a message; a throw dead-letters the message. Default: its JSON payload, `msg.json()`. */
  parse?: (msg: NatsMessage) => T;
  /** Messages held while the pipeline is busy; when full, the oldest is dropped. Default 65536. */
  maxPending?: number;
  /**
   * The bus to read from instead of a server, e.g. a {@link MemoryBus} or `natsBus(nc)`; the
   * source does not close it. Default: the server at `servers`, or {@link defaultBus} when
   * `servers` is not given either.
   */
  bus?: Bus;
}

const OWN_NAMES = ["subject", "queue", "parse", "maxPending", "bus"] as const;
/** How long `next` waits for a first message before returning an empty batch, ms. */
const WAIT_MS = 100;

/**
 * A source subscribing to a core NATS subject, optionally in a queue group: on a NATS server
 * (`servers`), on a given {@link Bus}, or, with neither, on the in-process {@link defaultBus}
 * where `toNats` without a server publishes. **At most once**: core NATS keeps nothing, so
 * this source has no position and cannot be replayed. Messages published while the job is
 * down, or between its last checkpoint and a crash, are lost. Use {@link fromJetStream} for
 * at-least-once or, with checkpoints, exactly-once input.
 *
 * @remarks
 * Unbounded. The subscription is made at the first `next`, when the run starts; only messages
 * published after that arrive. Messages are held in a buffer of `maxPending` until the
 * pipeline asks for them; `next(max)` hands on up to `max`, waiting up to 100 ms for a first
 * one and returning an empty batch if none came. When the pipeline falls so far behind that
 * the buffer is full, the oldest message is dropped (the freshest data wins): the next batch
 * then sends one dead letter `{ subject, dropped }` counting the messages dropped since the
 * previous batch, so loss is never silent. Messages still buffered when the reader closes are
 * lost.
 *
 * A message whose `parse` throws (by default, one whose payload is not JSON) goes to the
 * pipeline's dead letters as `{ subject, data }`, with a reason naming the subject and the
 * error. A server that is not there fails the run with a `NatsError` naming the URL; a
 * connection lost for good fails it too.
 *
 * @param options - the connection options (`servers`, …) or a `bus`, and the options above.
 * @throws ConfigError for a bad subject or option, naming it.
 * @example
 * A job reading what another publishes, on the default in-memory bus (no server):
 * ```ts
 * import { Pipeline, defaultBus, fromNats } from "streamine";
 * const p = Pipeline.create({ name: "alerts" });
 * const hot: string[] = [];
 * p.source(fromNats<{ device: string; temp: number }>({ subject: "readme.readings.>" }))
 *   .filter((r) => r.temp > 90)
 *   .sink((r) => hot.push(r.device));
 * const stop = new AbortController();
 * const run = p.run({ signal: stop.signal });
 * for (let i = 0; hot.length === 0 && i < 100; i++) { // until the run has subscribed and the reading is through
 *   defaultBus.publish("readme.readings.boiler", JSON.stringify({ device: "boiler", temp: 96 }));
 *   defaultBus.publish("readme.readings.fan", JSON.stringify({ device: "fan", temp: 40 }));
 *   await new Promise((r) => setTimeout(r, 20));
 * }
 * stop.abort();
 * await run;
 * expect(hot[0]).toBe("boiler");
 * expect(hot).not.toContain("fan");
 * ```
 * @public
 */
export function fromNats<T = unknown>(options: NatsSourceOptions<T>): Source<T> {
  const where = "fromNats options";
  validateEndpoint(where, options, OWN_NAMES);
  const problem = subscribeSubjectProblem(options.subject);
  if (problem !== null) throw new ConfigError(`${where}.subject ${problem}`);
  if (options.queue !== undefined && !isQueueName(options.queue)) {
    throw new ConfigError(`${where}.queue must be a non-empty name without spaces, got ${JSON.stringify(options.queue)}`);
  }
  requireParse(where, options.parse);
  if (options.maxPending !== undefined) requireInteger(where, "maxPending", options.maxPending, 1);
  const queue = options.queue === undefined ? "" : `, queue ${options.queue},`;
  const settings: Settings<T> = {
    options,
    where: `fromNats(${options.subject}${queue} on ${describeEndpoint(options)})`,
    parse: options.parse ?? null,
    maxPending: options.maxPending ?? 65_536,
  };
  return {
    description: settings.where,
    bounded: false,
    open: (ctx: SourceContext): SourceReader<T> => new NatsReader(settings, ctx),
  };
}

interface Settings<T> {
  readonly options: NatsSourceOptions<T>;
  readonly where: string;
  readonly parse: ((msg: NatsMessage) => T) | null;
  readonly maxPending: number;
}

class NatsReader<T> implements SourceReader<T> {
  /** The bus subscribed to, and whether this reader opened it (a connection to close). */
  private bus: Bus | null = null;
  private owned = false;
  private unsubscribe: (() => void) | null = null;
  /** Messages received and not handed on yet: `buffer[head…]`. */
  private buffer: NatsMessage[] = [];
  private head = 0;
  /** Messages dropped from a full buffer since the last batch. */
  private dropped = 0;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly s: Settings<T>,
    private readonly ctx: SourceContext,
  ) {}

  async next(max: number): Promise<readonly T[]> {
    if (this.unsubscribe === null) await this.subscribe();
    if (this.size() === 0 && this.failure === null) await this.waitForMessage();
    if (this.failure !== null) throw this.failure;
    const s = this.s;
    if (this.dropped > 0) {
      const record = { subject: s.options.subject, dropped: this.dropped };
      this.ctx.deadLetter(record, `${s.where}: the buffer of ${s.maxPending} messages was full: dropped the ${this.dropped} oldest (core NATS is at most once)`);
      this.dropped = 0;
    }
    const batch: T[] = [];
    const end = Math.min(this.buffer.length, this.head + max);
    for (let i = this.head; i < end; i++) {
      const msg = this.buffer[i] as NatsMessage;
      takeMessage(msg, s.parse, this.ctx, `${s.where}: message on "${msg.subject}"`, batch);
    }
    this.head = end;
    this.compact();
    return batch;
  }

  async close(): Promise<void> {
    const bus = this.bus;
    const owned = this.owned;
    this.bus = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.buffer = [];
    this.head = 0;
    if (bus !== null && owned) await bus.close().catch(() => undefined);
  }

  private size(): number {
    return this.buffer.length - this.head;
  }

  private async subscribe(): Promise<void> {
    const s = this.s;
    const fail = (error: unknown): void => {
      const text = error instanceof Error ? error.message : String(error);
      this.fail(new NatsError(`${s.where}: the subscription failed: ${text}`, { cause: error }));
    };
    const endpoint = await openEndpoint(s.options, `streamine ${s.where}`, `to subscribe to "${s.options.subject}"`, fail);
    const bus = endpoint.bus;
    this.bus = bus;
    this.owned = endpoint.owned;
    void endpoint.closed.then((error) => {
      if (this.bus === bus) this.fail(connectionLost(s.where, s.options, error)); // not closed by close()
    });
    try {
      const opts = s.options.queue === undefined ? {} : { queue: s.options.queue };
      this.unsubscribe = bus.subscribe(s.options.subject, (msg) => this.receive(msg), opts);
      // Once the server answers, it has the subscription: messages published from now on arrive.
      await bus.flush();
    } catch (error) {
      this.bus = null;
      this.unsubscribe?.();
      if (endpoint.owned) await bus.close().catch(() => undefined);
      throw new NatsError(`${s.where}: cannot subscribe: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  private receive(msg: NatsMessage): void {
    if (this.size() >= this.s.maxPending) {
      this.head++;
      this.dropped++;
      this.compact();
    }
    this.buffer.push(msg);
    this.notify();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.notify();
  }

  /** Drops handed-on messages from the front of the array once they are at least half of it. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 >= this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    } else if (this.head === this.buffer.length) {
      this.buffer.length = 0;
      this.head = 0;
    }
  }

  private waitForMessage(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.notify(), WAIT_MS);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
