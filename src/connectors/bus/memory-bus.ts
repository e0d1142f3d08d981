import { ConfigError, NatsError } from "../../errors.js";
import { isPublishableSubject, publishSubjectProblem, subscribeSubjectProblem } from "../nats/subject.js";
import type { NatsMessage } from "../sources/nats-message.js";
import { isQueueName, type Bus, type BusSubscribeOptions } from "./bus.js";
import { Sublist } from "./sublist.js";

/** Options of {@link MemoryBus}. @public */
export interface MemoryBusOptions {
  /**
   * Called when a subscriber's handler throws; delivery goes on. Default: the error is thrown
   * again outside the bus (an uncaught exception, as from an event listener).
   */
  onError?: (error: unknown, subject: string) => void;
}

interface Subscription {
  readonly handler: (msg: NatsMessage) => void;
  /** The queue group, or null. */
  readonly queue: string | null;
  active: boolean;
}

/** Who gets a message published to one subject: every plain subscriber, and one member of each queue group. */
interface Route {
  readonly plain: readonly Subscription[];
  readonly groups: readonly (readonly Subscription[])[];
}

const NO_ROUTE: Route = { plain: [], groups: [] };
/** Routes kept per subject before the cache starts again (subjects with keys in them are many). */
const MAX_ROUTES = 8_192;
/** Messages delivered in one go before the bus lets I/O run (a handler publishing back must not starve the process). */
const DRAIN_LIMIT = 65_536;

/**
 * An in-process message bus with NATS subject semantics (`*` one token, `>` the rest, queue
 * groups), so that jobs publishing predictions and jobs reading them run with nothing
 * installed. `toNats` and `fromNats` use {@link defaultBus} when given no `servers`.
 *
 * @remarks
 * Messages are delivered asynchronously, in publish order, on a microtask after the publishing
 * code returns; `flush()` resolves once everything published before it is delivered. Like core
 * NATS it keeps nothing: a message with no subscriber is dropped. A payload is copied when
 * published (the publisher may reuse its buffer); the subscribers of one message share its
 * bytes, so treat `msg.data` as read-only. A string payload is kept as a string: `msg.string()`
 * and `msg.json()` do not encode and decode it. Queue groups take turns (NATS picks at random).
 *
 * @example
 * ```ts
 * import { MemoryBus } from "streamine";
 * const bus = new MemoryBus();
 * const got: string[] = [];
 * bus.subscribe("predictions.*.>", (m) => got.push(`${m.subject} ${m.json<{ score: number }>().score}`));
 * bus.publish("predictions.hst.d1", JSON.stringify({ score: 0.9 }));
 * bus.publish("predictions.hst", "{}"); // `>` needs at least one more token
 * bus.publish("alerts.hst.d1", "{}");
 * await bus.flush();
 * expect(got).toEqual(["predictions.hst.d1 0.9"]);
 * await bus.close();
 * ```
 * @public
 */
export class MemoryBus implements Bus {
  private readonly subs = new Sublist<Subscription>();
  private readonly routes = new Map<string, Route>();
  private readonly onError: (error: unknown, subject: string) => void;
  /** Messages published and not delivered yet, with their routes: `pendingMsgs[head…]`. */
  private pendingRoutes: Route[] = [];
  private pendingMsgs: MemoryMessage[] = [];
  private scheduled = false;
  private flushed: (() => void)[] = [];
  private turn = 0;
  private closed = false;
  private readonly drainFn = (): void => this.drain();

  constructor(options: MemoryBusOptions = {}) {
    if (options.onError !== undefined && typeof options.onError !== "function") throw new ConfigError("MemoryBus: onError must be a function (error, subject) => void");
    this.onError = options.onError ?? rethrowLater;
  }

  publish(subject: string, payload: string | Uint8Array): void {
    if (this.closed) throw new NatsError("cannot publish: the MemoryBus is closed");
    const route = this.routes.get(subject) ?? this.route(subject);
    const text = typeof payload === "string";
    if (!text && !(payload instanceof Uint8Array)) throw new TypeError(`MemoryBus: a payload must be a string or a Uint8Array, got ${typeof payload}`);
    if (route === NO_ROUTE) return; // nobody listens: dropped, as by a NATS server
    this.pendingRoutes.push(route);
    this.pendingMsgs.push(text ? new MemoryMessage(subject, payload, null) : new MemoryMessage(subject, null, payload.slice()));
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.drainFn);
    }
  }

  subscribe(subject: string, handler: (msg: NatsMessage) => void, options: BusSubscribeOptions = {}): () => void {
    const problem = subscribeSubjectProblem(subject);
    if (problem !== null) throw new ConfigError(`MemoryBus.subscribe: subject ${problem}`);
    if (typeof handler !== "function") throw new ConfigError("MemoryBus.subscribe: handler must be a function (msg) => void");
    if (options.queue !== undefined && !isQueueName(options.queue)) throw new ConfigError(`MemoryBus.subscribe: queue must be a non-empty name without spaces, got ${JSON.stringify(options.queue)}`);
    if (this.closed) throw new NatsError("cannot subscribe: the MemoryBus is closed");
    const sub: Subscription = { handler, queue: options.queue ?? null, active: true };
    this.subs.add(subject, sub);
    this.routes.clear();
    return () => {
      if (!sub.active) return;
      sub.active = false;
      this.subs.remove(subject, sub);
      this.routes.clear();
    };
  }

  flush(): Promise<void> {
    if (!this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.flushed.push(resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    this.routes.clear();
  }

  /** Checks `subject` and caches who its messages go to. */
  private route(subject: string): Route {
    if (!isPublishableSubject(subject)) throw new NatsError(`cannot publish: ${publishSubjectProblem(subject) ?? "invalid subject"}`);
    const matched = this.subs.match(subject);
    let route = NO_ROUTE;
    if (matched.length > 0) {
      const plain: Subscription[] = [];
      const groups = new Map<string, Subscription[]>();
      for (const s of matched) {
        if (s.queue === null) plain.push(s);
        else {
          const group = groups.get(s.queue);
          if (group === undefined) groups.set(s.queue, [s]);
          else group.push(s);
        }
      }
      route = { plain, groups: [...groups.values()] };
    }
    if (this.routes.size >= MAX_ROUTES) this.routes.clear();
    this.routes.set(subject, route);
    return route;
  }

  private drain(): void {
    const routes = this.pendingRoutes;
    const msgs = this.pendingMsgs;
    // Handlers may publish: their messages join the end of the arrays and go out in this drain.
    let i = 0;
    for (; i < msgs.length && i < DRAIN_LIMIT; i++) this.deliver(routes[i] as Route, msgs[i] as MemoryMessage);
    if (i < msgs.length) {
      this.pendingRoutes = routes.slice(i);
      this.pendingMsgs = msgs.slice(i);
      setImmediate(this.drainFn);
      return;
    }
    routes.length = 0;
    msgs.length = 0;
    this.scheduled = false;
    const flushed = this.flushed;
    this.flushed = [];
    for (const resolve of flushed) resolve();
  }

  private deliver(route: Route, msg: MemoryMessage): void {
    for (const s of route.plain) if (s.active) this.call(s, msg);
    for (const group of route.groups) {
      const n = group.length;
      const start = this.turn++ % n;
      for (let k = 0; k < n; k++) {
        const s = group[(start + k) % n] as Subscription;
        if (s.active) {
          this.call(s, msg);
          break;
        }
      }
    }
  }

  private call(s: Subscription, msg: MemoryMessage): void {
    try {
      s.handler(msg);
    } catch (error) {
      this.onError(error, msg.subject);
    }
  }
}

const rethrowLater = (error: unknown): void => {
  setImmediate(() => {
    throw error;
  });
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A message on a {@link MemoryBus}: the payload as published, converted on demand. */
class MemoryMessage implements NatsMessage {
  readonly headers: undefined = undefined;

  constructor(
    readonly subject: string,
    private text: string | null,
    private bytes: Uint8Array | null,
  ) {}

  get data(): Uint8Array {
    return (this.bytes ??= encoder.encode(this.text ?? ""));
  }

  string(): string {
    return (this.text ??= decoder.decode(this.bytes ?? undefined));
  }

  json<T = unknown>(): T {
    return JSON.parse(this.string()) as T;
  }
}

/**
 * The process-wide {@link MemoryBus}: where `toNats` publishes and `fromNats` subscribes when
 * given neither `servers` nor a `bus`, so a job that publishes predictions and one that reads
 * them meet without a server. Do not close it.
 *
 * @example
 * ```ts
 * import { Pipeline, defaultBus, fromIterable, toNats } from "streamine";
 * const got: unknown[] = [];
 * const stop = defaultBus.subscribe("readme.scores.>", (m) => got.push(m.json()));
 * const p = Pipeline.create({ name: "scores" });
 * p.source(fromIterable([{ device: "d1", score: 0.2 }])).sink(toNats({ subject: (r) => `readme.scores.${r.device}` }));
 * await p.run(); // the sink flushes the bus when it closes
 * stop();
 * expect(got).toEqual([{ device: "d1", score: 0.2 }]);
 * ```
 * @public
 */
export const defaultBus: MemoryBus = new MemoryBus();
