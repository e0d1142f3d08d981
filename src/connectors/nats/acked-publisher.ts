import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from "@nats-io/transport-node";

/** The stream refused the message (bad request: wrong stream, too large); retrying cannot help. @internal */
export class PublishRefusedError extends Error {}

/** What the stream answered: where it stored the message, and whether it had it already. @internal */
export interface PublishAck {
  readonly stream: string;
  readonly seq: number;
  readonly duplicate: boolean;
}

interface Pending {
  readonly resolve: (ack: PublishAck) => void;
  readonly reject: (error: Error) => void;
  readonly sentAtMs: number;
}

/**
 * JetStream publishes with acknowledgements, many in flight at once, for the price of one
 * subscription: every message names a reply subject `<inbox>.<n>` under one wildcard
 * subscription, and a single sweep fails the ones older than `timeoutMs`. The client's own
 * `js.publish` is a full request per message (its own timer and promise chain) and reaches a
 * fifth of this rate.
 * @internal
 */
export class AckedPublisher {
  private readonly inbox = createInbox();
  private readonly pending = new Map<number, Pending>();
  private readonly sub: Subscription;
  private readonly sweep: NodeJS.Timeout;
  private next = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs: number,
  ) {
    this.sub = nc.subscribe(`${this.inbox}.*`, { callback: (error, msg) => (error === null ? this.answer(msg) : undefined) });
    this.sweep = setInterval(() => this.expire(), Math.max(10, Math.floor(timeoutMs / 4)));
    this.sweep.unref();
  }

  publish(subject: string, payload: string | Uint8Array, msgId: string, expectedStream: string): Promise<PublishAck> {
    const n = this.next++;
    const h = headers();
    h.set("Nats-Msg-Id", msgId);
    h.set("Nats-Expected-Stream", expectedStream);
    return new Promise<PublishAck>((resolve, reject) => {
      this.pending.set(n, { resolve, reject, sentAtMs: Date.now() });
      try {
        this.nc.publish(subject, payload, { reply: `${this.inbox}.${n}`, headers: h });
      } catch (error) {
        this.pending.delete(n);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Stops listening; publishes still waiting fail. */
  close(): void {
    clearInterval(this.sweep);
    this.sub.unsubscribe();
    for (const p of this.pending.values()) p.reject(new Error("the publisher closed before the stream answered"));
    this.pending.clear();
  }

  private answer(msg: Msg): void {
    const n = Number(msg.subject.slice(this.inbox.length + 1));
    const p = this.pending.get(n);
    if (p === undefined) return; // already timed out: the retry carries the same id
    this.pending.delete(n);
    if (msg.headers?.code === 503) {
      p.reject(new Error("no stream answered (no responders): is the stream there and the server up?"));
      return;
    }
    let body: { stream?: string; seq?: number; duplicate?: boolean; error?: { code?: number; description?: string } };
    try {
      body = msg.json();
    } catch {
      p.reject(new Error(`unreadable acknowledgement ${JSON.stringify(msg.string().slice(0, 200))}`));
      return;
    }
    if (body.error !== undefined) {
      const code = body.error.code ?? 0;
      const text = `the stream refused the message: ${body.error.description ?? "no description"} (${code})`;
      p.reject(code >= 400 && code < 500 ? new PublishRefusedError(text) : new Error(text));
      return;
    }
    p.resolve({ stream: body.stream ?? "", seq: body.seq ?? 0, duplicate: body.duplicate === true });
  }

  private expire(): void {
    const cutoff = Date.now() - this.timeoutMs;
    for (const [n, p] of this.pending) {
      // Map order is insertion order, so the first young entry ends the scan.
      if (p.sentAtMs > cutoff) break;
      this.pending.delete(n);
      p.reject(new Error(`no acknowledgement within ${this.timeoutMs} ms`));
    }
  }
}
