import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type Consumer,
  type ConsumerConfig,
  type JetStreamManager,
  type JsMsg,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { CheckpointError, NatsError } from "../../errors.js";
import { connectNats, describeServers, type NatsConnectionOptions } from "../nats/connection.js";
import { takeMessage, type JetStreamMessage } from "./nats-message.js";
import { positionError } from "./position.js";
import type { SourceContext, SourcePosition, SourceReader } from "./source.js";

/** {@link fromJetStream}'s options checked, with defaults filled in. @internal */
export interface Settings<T> {
  readonly options: NatsConnectionOptions & { readonly stream: string; readonly filterSubject?: string | undefined };
  readonly where: string;
  readonly durable: string;
  readonly parse: ((msg: JetStreamMessage) => T) | null;
  readonly maxAckPending: number;
  readonly fetchExpiresMs: number;
  readonly bounded: boolean;
  readonly start: "all" | "new" | { seq: number };
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const isApiError = (error: unknown, code: number): boolean => error instanceof JetStreamApiError && error.code === code;

/**
 * The reader of {@link fromJetStream}: a durable pull consumer, (re)created where the reader
 * starts, pulled at most one batch at a time; each batch is acknowledged at the next `next`.
 * @internal
 */
export class JetStreamReader<T> implements SourceReader<T> {
  private nc: NatsConnection | null = null;
  private consumer: Consumer | null = null;
  /** Stream sequence of the last message consumed (returned or dead-lettered). */
  private lastSeq: number;
  /** Undelivered messages the consumer reported last (a message's `info.pending`). */
  private pending = 0;
  /** Bounded: the stream's last sequence when the reader connected. */
  private end = Infinity;
  private ended = false;
  /** Messages of the batch handed on last, acknowledged once the pipeline processed it. */
  private readonly unacked: JsMsg[] = [];

  constructor(
    private readonly s: Settings<T>,
    private readonly ctx: SourceContext,
    private readonly from: SourcePosition | null,
    after: number | null,
  ) {
    const start = s.start;
    this.lastSeq = after ?? (typeof start === "object" ? start.seq - 1 : 0);
  }

  /** `{ stream, seq }`. Until the first `next` has connected: the position opened from, else `start.seq − 1`, else 0. */
  position(): SourcePosition {
    return { stream: this.s.options.stream, seq: this.lastSeq };
  }

  async next(max: number): Promise<readonly T[] | null> {
    this.ack();
    if (this.ended) return null;
    const consumer = this.consumer ?? (await this.connect());
    const s = this.s;
    if (s.bounded && (this.lastSeq >= this.end || this.pending === 0)) {
      this.ended = true;
      return null;
    }
    // With messages waiting, pull no more than there are: the pull then returns at once. Otherwise
    // pull one, so a message is handed on as soon as it arrives, not when a whole batch has.
    const want = this.pending === 0 ? 1 : Math.max(1, Math.min(max, s.maxAckPending, this.pending, this.end - this.lastSeq));
    const batch: T[] = [];
    let got = 0;
    try {
      const messages = await consumer.fetch({ max_messages: want, expires: s.fetchExpiresMs });
      for await (const m of messages) {
        got++;
        this.take(m, batch);
      }
      // None came though some were waiting (removed by the stream's limits?): ask how many are left.
      if (got === 0) this.pending = (await consumer.info()).num_pending;
    } catch (error) {
      throw new NatsError(`${s.where}: cannot pull from consumer "${s.durable}" of stream "${s.options.stream}": ${message(error)}`, { cause: error });
    }
    return batch;
  }

  async close(): Promise<void> {
    const nc = this.nc;
    this.nc = null;
    this.consumer = null;
    if (nc === null) return;
    // The acknowledgements sent by the last `next` reach the server before the connection goes.
    await nc.flush().catch(() => undefined);
    await nc.close().catch(() => undefined);
  }

  private take(m: JsMsg, batch: T[]): void {
    if (m.seq <= this.lastSeq) {
      // Delivered again (a batch took longer than the consumer's ack wait): consumed already.
      this.unacked.push(m);
      return;
    }
    if (m.seq > this.end) {
      // Bounded, past the end: for the next run.
      m.nak();
      this.ended = true;
      return;
    }
    this.unacked.push(m);
    this.lastSeq = m.seq;
    this.pending = m.info.pending;
    takeMessage(m, this.s.parse, this.ctx, `${this.s.where}: stream "${this.s.options.stream}" sequence ${m.seq}`, batch);
  }

  private ack(): void {
    for (const m of this.unacked) m.ack();
    this.unacked.length = 0;
  }

  /** Connects, finds the stream and (re)creates the durable where this reader starts. */
  private async connect(): Promise<Consumer> {
    const s = this.s;
    const o = s.options;
    const timeout = o.timeoutMs ?? 5_000;
    const nc = await connectNats(o, `streamine ${s.where}`, `to read JetStream stream "${o.stream}"`);
    this.nc = nc;
    try {
      const jsm = await jetstreamManager(nc, { timeout }).catch((error: unknown) => {
        throw new NatsError(`${s.where}: cannot use JetStream on ${describeServers(o)} (is it enabled?): ${message(error)}`, { cause: error });
      });
      const state = await this.streamState(jsm);
      const startSeq = await this.startSeq(jsm, state);
      const ci = await jsm.consumers.add(o.stream, this.consumerConfig(startSeq));
      this.consumer = jetstream(nc, { timeout }).consumers.getConsumerFromInfo(ci);
      this.pending = ci.num_pending;
      if (s.bounded) this.end = state.last_seq;
      return this.consumer;
    } catch (error) {
      this.nc = null;
      await nc.close().catch(() => undefined);
      if (error instanceof NatsError || error instanceof CheckpointError) throw error;
      throw new NatsError(`${s.where}: cannot set up consumer "${s.durable}" on stream "${o.stream}": ${message(error)}`, { cause: error });
    }
  }

  private async streamState(jsm: JetStreamManager): Promise<{ first_seq: number; last_seq: number }> {
    const stream = this.s.options.stream;
    try {
      return (await jsm.streams.info(stream)).state;
    } catch (error) {
      if (isApiError(error, JetStreamApiCodes.StreamNotFound)) {
        throw new NatsError(`${this.s.where}: stream "${stream}" does not exist on ${describeServers(this.s.options)}; create it first or fix the stream name`, { cause: error });
      }
      throw new NatsError(`${this.s.where}: cannot read stream "${stream}" (is JetStream enabled?): ${message(error)}`, { cause: error });
    }
  }

  /**
   * The first sequence this reader reads, and sets `lastSeq` to the one before. Deletes an
   * existing durable, which is then created again from there.
   */
  private async startSeq(jsm: JetStreamManager, state: { first_seq: number; last_seq: number }): Promise<number> {
    const { stream } = this.s.options;
    const durable = this.s.durable;
    let ackFloor: number | null = null;
    try {
      ackFloor = (await jsm.consumers.info(stream, durable)).ack_floor.stream_seq;
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
    }
    let next: number;
    if (this.from !== null) {
      const seq = this.lastSeq;
      if (seq > state.last_seq) {
        throw positionError(this.s.where, this.from, `the stream's last sequence is ${state.last_seq}; was the stream deleted and created again?`);
      }
      if (seq + 1 < state.first_seq) {
        throw positionError(
          this.s.where,
          this.from,
          `the stream no longer holds messages ${seq + 1}–${state.first_seq - 1} (removed by its limits, or by work-queue or interest retention once acknowledged)`,
        );
      }
      next = seq + 1;
    } else if (ackFloor !== null) {
      next = ackFloor + 1;
    } else {
      const start = this.s.start;
      next = start === "all" ? 1 : start === "new" ? state.last_seq + 1 : start.seq;
      // Where the consumer really begins, so a position taken before any message resumes there.
      next = Math.max(next, state.first_seq);
    }
    if (ackFloor !== null) await jsm.consumers.delete(stream, durable);
    this.lastSeq = Math.max(next, 1) - 1;
    return next;
  }

  private consumerConfig(startSeq: number): Partial<ConsumerConfig> {
    const s = this.s;
    const config: Partial<ConsumerConfig> = {
      durable_name: s.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: s.maxAckPending,
      description: `streamine ${s.where}`,
    };
    if (startSeq > 1) {
      config.deliver_policy = DeliverPolicy.StartSequence;
      config.opt_start_seq = startSeq;
    }
    if (s.options.filterSubject !== undefined) config.filter_subject = s.options.filterSubject;
    return config;
  }
}
