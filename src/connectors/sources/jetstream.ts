import { ConfigError, requireInteger } from "../../errors.js";
import { describeServers, validateConnectionOptions, type NatsConnectionOptions } from "../nats/connection.js";
import { JetStreamReader, type Settings } from "./jetstream-reader.js";
import { subscribeSubjectProblem } from "../nats/subject.js";
import { requireParse, type JetStreamMessage } from "./nats-message.js";
import { positionError, wholeNumberAt } from "./position.js";
import type { Source, SourceContext, SourcePosition, SourceReader } from "./source.js";

/** Options of {@link fromJetStream}: how to reach the server, and what to read. @public */
export interface JetStreamSourceOptions<T> extends NatsConnectionOptions {
  /** The stream to read; it must exist. */
  stream: string;
  /** Name of the durable pull consumer this source owns. Default: `streamine-<stream>`. */
  durable?: string;
  /** Read only the stream's messages on this subject (wildcards allowed). Default: all its messages. */
  filterSubject?: string;
  /** Makes a record of a message; a throw dead-letters the message. Default: its JSON payload, `msg.json()`. */
  parse?: (msg: JetStreamMessage) => T;
  /** Messages the consumer may have delivered and not yet had acknowledged; caps a batch. Default 4096. */
  maxAckPending?: number;
  /** How long one pull waits for a message before `next` returns an empty batch, ms (≥ 1000, the client's minimum). Default 1000. */
  fetchExpiresMs?: number;
  /** Read up to the stream's last message as of the run's start, then end. Default `false`: keep waiting for new messages. */
  bounded?: boolean;
  /** Where a durable that does not exist yet starts: every message, only new ones, or a sequence number. Default `"all"`. */
  start?: "all" | "new" | { seq: number };
}

const OWN_NAMES = ["stream", "durable", "filterSubject", "parse", "maxAckPending", "fetchExpiresMs", "bounded", "start"] as const;
/** Stream and consumer names: no subject separators or wildcards, no whitespace, no path separators. */
const NAME = /^[^.*>\s/\\]+$/;

/**
 * A source reading a JetStream stream through a durable pull consumer with explicit
 * acknowledgements. Each `next(max)` pulls at most `max` messages (at most `maxAckPending`)
 * and acknowledges the previous batch's messages, which the pipeline has processed by then.
 *
 * @remarks
 * Replayable, exactly: the reader's position is `{ stream, seq }`, the stream sequence of the
 * last message it consumed (returned or dead-lettered). `open(ctx, position)` deletes the
 * durable and creates it again to start just after `seq`, so a run restored from a checkpoint
 * reads exactly the messages after it, whatever the durable had acknowledged. A position of
 * another stream, or whose sequence is not a whole number, makes `open` throw a
 * `CheckpointError`; so does, at the first `next`, one past the stream's last message (the
 * stream was created anew) or one whose next messages the stream no longer holds (removed by
 * its limits, or by work-queue or interest retention once acknowledged).
 *
 * Without a position the durable continues where it was: it is created again just after its
 * acknowledged floor, so messages delivered but not acknowledged by an earlier run come again
 * at once and in order (at least once). A durable that does not exist yet starts at `start`.
 * The durable is this source's own: do not share it with other readers.
 *
 * A message whose `parse` throws (by default, one whose payload is not JSON) goes to the
 * pipeline's dead letters as `{ subject, data }`, with a reason naming the stream, its sequence
 * and the error; it is acknowledged like the others. Bounded (`bounded: true`, Flink's bounded
 * mode): the stream's last sequence is read when the run starts, and the source ends after it;
 * later messages are left to the next run. Otherwise `next` waits up to `fetchExpiresMs` for a
 * message and returns an empty batch if none came.
 *
 * The last batch is not acknowledged when the reader closes, because a failed run closes it too:
 * after an aborted unbounded run without checkpoints it is delivered again. The connection is
 * made at the first `next`: a server that is not there fails the run with a `NatsError` naming
 * the URL and the stream, a stream that does not exist with one naming the stream.
 *
 * @param options - the connection options (`servers`, …) and the options above.
 * @throws ConfigError for a missing stream name or a bad option, naming it.
 * @example
 * ```ts
 * import { jetstream, jetstreamManager } from "@nats-io/jetstream";
 * import { connect } from "@nats-io/transport-node";
 * import { Pipeline, fromJetStream, type DeadLetter } from "streamine";
 *
 * const servers = process.env.NATS_URL ?? "nats://127.0.0.1:4222"; // a server run with -js
 * const nc = await connect({ servers });
 * const jsm = await jetstreamManager(nc);
 * const stream = `READINGS_${Date.now()}`;
 * await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
 * for (const payload of ['{"v":1}', "{oops", '{"v":3}']) await jetstream(nc).publish(`${stream}.d1`, payload);
 *
 * const p = Pipeline.create({ name: "readings" });
 * const values: number[] = [];
 * const dead: DeadLetter[] = [];
 * p.source(fromJetStream<{ v: number }>({ servers, stream, bounded: true })).sink((r) => values.push(r.v));
 * p.deadLetters().sink((d) => dead.push(d));
 * await p.run();
 * expect(values).toEqual([1, 3]);
 * expect(dead[0]?.record).toEqual({ subject: `${stream}.d1`, data: "{oops" });
 * expect(dead[0]?.reason).toContain("sequence 2: invalid JSON");
 * await jsm.streams.delete(stream);
 * await nc.close();
 * ```
 * @public
 */
export function fromJetStream<T = unknown>(options: JetStreamSourceOptions<T>): Source<T> {
  const where = "fromJetStream options";
  validateConnectionOptions(where, options, OWN_NAMES);
  const o = options;
  if (typeof o.stream !== "string" || !NAME.test(o.stream)) throw new ConfigError(`${where}.stream must name a stream (no ".", "*", ">", spaces or slashes), e.g. "READINGS"`);
  if (o.durable !== undefined && (typeof o.durable !== "string" || !NAME.test(o.durable))) {
    throw new ConfigError(`${where}.durable must be a consumer name (no ".", "*", ">", spaces or slashes), got ${JSON.stringify(o.durable)}`);
  }
  if (o.filterSubject !== undefined) {
    const problem = subscribeSubjectProblem(o.filterSubject);
    if (problem !== null) throw new ConfigError(`${where}.filterSubject ${problem}`);
  }
  requireParse(where, o.parse);
  if (o.maxAckPending !== undefined) requireInteger(where, "maxAckPending", o.maxAckPending, 1);
  if (o.fetchExpiresMs !== undefined) requireInteger(where, "fetchExpiresMs", o.fetchExpiresMs, 1000);
  if (o.bounded !== undefined && typeof o.bounded !== "boolean") throw new ConfigError(`${where}.bounded must be true or false`);
  const start = o.start ?? "all";
  if (start !== "all" && start !== "new" && !(typeof start === "object" && start !== null && Number.isSafeInteger(start.seq) && start.seq >= 1)) {
    throw new ConfigError(`${where}.start must be "all", "new" or { seq } with a whole seq ≥ 1, got ${JSON.stringify(start)}`);
  }
  const settings: Settings<T> = {
    options: o,
    where: `fromJetStream(${o.stream} on ${describeServers(o)})`,
    durable: o.durable ?? `streamine-${o.stream}`,
    parse: o.parse ?? null,
    maxAckPending: o.maxAckPending ?? 4096,
    fetchExpiresMs: o.fetchExpiresMs ?? 1000,
    bounded: o.bounded ?? false,
    start,
  };
  return {
    description: settings.where,
    bounded: settings.bounded,
    open(ctx: SourceContext, from?: SourcePosition): SourceReader<T> {
      let after: number | null = null;
      if (from !== undefined) {
        const stream = from["stream"];
        if (stream !== o.stream) {
          throw positionError(settings.where, from, `it is a position in ${stream === undefined ? "no stream" : `stream ${JSON.stringify(stream)}`}, not in "${o.stream}"`);
        }
        after = wholeNumberAt(settings.where, from, "seq");
      }
      return new JetStreamReader(settings, ctx, from ?? null, after);
    },
  };
}
