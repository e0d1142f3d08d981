// MemoryBus: NATS subject matching checked against a brute-force reference over random
// subjects and patterns (the subscription tree and the bus's route cache, through subscribes
// and unsubscribes), queue groups, payloads, ordering, errors and closing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, MemoryBus, NatsError, defaultBus, type NatsMessage } from "streamine";
import { Sublist } from "../../../src/connectors/bus/sublist.js";

/** The reference: NATS matching read off its definition, one token at a time. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split(".");
  const s = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === ">") return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== "*" && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

// Few distinct tokens and short subjects, so that random patterns and subjects often meet and
// a subject comes again after the subscriptions changed (which a stale route cache would miss).
const literal = fc.constantFrom("a", "b", "ab");
const subjectArb = fc.array(literal, { minLength: 1, maxLength: 3 }).map((t) => t.join("."));
const patternArb = fc
  .tuple(fc.array(fc.oneof(literal, fc.constant("*")), { minLength: 0, maxLength: 4 }), fc.boolean())
  .filter(([tokens, rest]) => tokens.length > 0 || rest)
  .map(([tokens, rest]) => [...tokens, ...(rest ? [">"] : [])].join("."));

type Op = { kind: "sub"; pattern: string } | { kind: "unsub"; index: number } | { kind: "pub"; subject: string };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: patternArb.map((pattern) => ({ kind: "sub" as const, pattern })) },
  { weight: 1, arbitrary: fc.nat(20).map((index) => ({ kind: "unsub" as const, index })) },
  { weight: 4, arbitrary: subjectArb.map((subject) => ({ kind: "pub" as const, subject })) },
);

const text = (m: NatsMessage): string => m.string();

describe("subject matching", () => {
  it("the reference agrees with hand-checked cases", () => {
    expect(matches("a.*", "a.b")).toBe(true);
    expect(matches("a.*", "a.b.c")).toBe(false);
    expect(matches("a.>", "a.b.c")).toBe(true);
    expect(matches("a.>", "a")).toBe(false);
    expect(matches(">", "a")).toBe(true);
    expect(matches("*.b", "a.b")).toBe(true);
    expect(matches("a.b", "a.b")).toBe(true);
    expect(matches("a.b", "a.c")).toBe(false);
  });

  it("the subscription tree finds exactly the subscriptions the reference matches, through adds and removes", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const list = new Sublist<number>();
        const live: { id: number; pattern: string }[] = [];
        let next = 0;
        for (const op of ops) {
          if (op.kind === "sub") {
            list.add(op.pattern, next);
            live.push({ id: next++, pattern: op.pattern });
          } else if (op.kind === "unsub") {
            if (live.length === 0) continue;
            const [gone] = live.splice(op.index % live.length, 1);
            expect(list.remove(gone!.pattern, gone!.id)).toBe(true);
            expect(list.remove(gone!.pattern, gone!.id)).toBe(false);
          } else {
            const want = live.filter((s) => matches(s.pattern, op.subject)).map((s) => s.id).sort((x, y) => x - y);
            expect(list.match(op.subject).sort((x, y) => x - y)).toEqual(want);
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("a MemoryBus delivers each message to exactly the subscribers whose subject matches, as the reference says", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), async (ops) => {
        const bus = new MemoryBus();
        const live: { id: number; pattern: string; stop: () => void }[] = [];
        const got = new Map<number, string[]>();
        const want = new Map<number, string[]>();
        let next = 0;
        let n = 0;
        for (const op of ops) {
          if (op.kind === "sub") {
            const id = next++;
            got.set(id, []);
            want.set(id, []);
            live.push({ id, pattern: op.pattern, stop: bus.subscribe(op.pattern, (m) => got.get(id)!.push(`${m.subject}#${m.string()}`)) });
          } else if (op.kind === "unsub") {
            if (live.length > 0) live.splice(op.index % live.length, 1)[0]!.stop();
          } else {
            const payload = `${op.subject}#${n++}`;
            bus.publish(op.subject, payload.slice(op.subject.length + 1));
            for (const s of live) if (matches(s.pattern, op.subject)) want.get(s.id)!.push(payload);
            await bus.flush();
          }
        }
        expect(got).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it("each queue group gets a message once, on a member whose subject matches; plain subscribers get it all", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ pattern: patternArb, group: fc.constantFrom(null, "g1", "g2") }), { minLength: 1, maxLength: 8 }),
        fc.array(subjectArb, { minLength: 1, maxLength: 20 }),
        async (subs, subjects) => {
          const bus = new MemoryBus();
          const got: { sub: number; n: number }[] = [];
          subs.forEach((s, i) => bus.subscribe(s.pattern, (m) => got.push({ sub: i, n: Number(m.string()) }), s.group === null ? {} : { queue: s.group }));
          subjects.forEach((subject, n) => bus.publish(subject, String(n)));
          await bus.flush();
          subjects.forEach((subject, n) => {
            const to = got.filter((g) => g.n === n).map((g) => g.sub);
            for (const sub of to) expect(matches(subs[sub]!.pattern, subject)).toBe(true);
            const plain = subs.flatMap((s, i) => (s.group === null && matches(s.pattern, subject) ? [i] : []));
            expect(to.filter((i) => subs[i]!.group === null).sort()).toEqual(plain.sort());
            for (const g of ["g1", "g2"]) {
              const interested = subs.some((s) => s.group === g && matches(s.pattern, subject));
              expect(to.filter((i) => subs[i]!.group === g)).toHaveLength(interested ? 1 : 0);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("queue group members take turns", async () => {
    const bus = new MemoryBus();
    const counts = [0, 0, 0];
    for (const i of [0, 1, 2]) bus.subscribe("jobs.*", () => counts[i]!++, { queue: "workers" });
    let all = 0;
    bus.subscribe("jobs.>", () => all++);
    for (let i = 0; i < 300; i++) bus.publish(`jobs.${i % 7}`, "x");
    await bus.flush();
    expect(counts).toEqual([100, 100, 100]);
    expect(all).toBe(300);
  });
});

describe("MemoryBus", () => {
  it("delivers after publish returns, in publish order; flush resolves once all is delivered", async () => {
    const bus = new MemoryBus();
    const got: string[] = [];
    bus.subscribe("t.>", (m) => got.push(text(m)));
    for (let i = 0; i < 5; i++) bus.publish(`t.${i}`, String(i));
    expect(got).toEqual([]);
    await bus.flush();
    expect(got).toEqual(["0", "1", "2", "3", "4"]);
    await bus.flush(); // nothing pending
  });

  it("copies a byte payload when published; strings come back without a round trip, bytes as UTF-8", async () => {
    const bus = new MemoryBus();
    const got: NatsMessage[] = [];
    bus.subscribe("p", (m) => got.push(m));
    const bytes = new TextEncoder().encode('{"v":"é"}');
    bus.publish("p", bytes);
    bytes.fill(0); // the publisher reuses its buffer
    bus.publish("p", '{"v":"ü"}');
    await bus.flush();
    expect(got.map((m) => m.json())).toEqual([{ v: "é" }, { v: "ü" }]);
    expect(got[1]!.data).toEqual(new TextEncoder().encode('{"v":"ü"}'));
    expect(got[0]!.string()).toBe('{"v":"é"}');
    expect(got[0]!.headers).toBeUndefined();
    expect(() => bus.publish("p", 3 as never)).toThrow(TypeError);
  });

  it("drops a message nobody listens to, and stops delivering to a subscription once it ends, queued messages included", async () => {
    const bus = new MemoryBus();
    bus.publish("nobody.here", "x");
    const got: string[] = [];
    const stop = bus.subscribe("s", (m) => got.push(text(m)));
    bus.publish("s", "1");
    await bus.flush();
    bus.publish("s", "2");
    stop();
    stop();
    await bus.flush();
    bus.publish("s", "3");
    await bus.flush();
    expect(got).toEqual(["1"]);
  });

  it("a handler that throws does not stop delivery; onError hears of it with the subject", async () => {
    const errors: [unknown, string][] = [];
    const bus = new MemoryBus({ onError: (error, subject) => errors.push([error, subject]) });
    const got: string[] = [];
    bus.subscribe("e.*", () => {
      throw new RangeError("boom");
    });
    bus.subscribe("e.*", (m) => got.push(m.subject));
    bus.publish("e.1", "");
    bus.publish("e.2", "");
    await bus.flush();
    expect(got).toEqual(["e.1", "e.2"]);
    expect(errors.map(([e, s]) => `${(e as Error).message} ${s}`)).toEqual(["boom e.1", "boom e.2"]);
  });

  it("a handler may publish: its messages go out before flush resolves", async () => {
    const bus = new MemoryBus();
    const got: string[] = [];
    bus.subscribe("ping", (m) => bus.publish("pong", `re ${m.string()}`));
    bus.subscribe("pong", (m) => got.push(m.string()));
    bus.publish("ping", "1");
    await bus.flush();
    expect(got).toEqual(["re 1"]);
  });

  it("delivers a very long queue in slices, letting I/O run between them, in order", async () => {
    const bus = new MemoryBus();
    let n = 0;
    let ordered = true;
    bus.subscribe("many", (m) => {
      if (Number(m.string()) !== n++) ordered = false;
    });
    for (let i = 0; i < 150_000; i++) bus.publish("many", String(i));
    await bus.flush();
    expect(n).toBe(150_000);
    expect(ordered).toBe(true);
  });

  it("refuses subjects it cannot publish or subscribe to, naming the problem", () => {
    const bus = new MemoryBus();
    expect(() => bus.publish("a.*", "x")).toThrow(NatsError);
    expect(() => bus.publish("a.*", "x")).toThrow(/cannot publish: subject "a\.\*" holds a wildcard/);
    expect(() => bus.publish("a..b", "x")).toThrow(/empty token/);
    expect(() => bus.publish("a b", "x")).toThrow(/whitespace/);
    expect(() => bus.publish("", "x")).toThrow(/empty/);
    expect(() => bus.subscribe("a.>.b", () => undefined)).toThrow(ConfigError);
    expect(() => bus.subscribe("a.b*", () => undefined)).toThrow(/a wildcard must be a whole token/);
    expect(() => bus.subscribe("a", () => undefined, { queue: "two words" })).toThrow(/queue must be a non-empty name/);
    expect(() => bus.subscribe("a", 3 as never)).toThrow(/handler must be a function/);
    expect(() => new MemoryBus({ onError: 1 as never })).toThrow(ConfigError);
  });

  it("close delivers what is pending, then refuses publishes and subscriptions", async () => {
    const bus = new MemoryBus();
    const got: string[] = [];
    bus.subscribe("c", (m) => got.push(text(m)));
    bus.publish("c", "last");
    await bus.close();
    expect(got).toEqual(["last"]);
    expect(() => bus.publish("c", "x")).toThrow(/the MemoryBus is closed/);
    expect(() => bus.subscribe("c", () => undefined)).toThrow(/the MemoryBus is closed/);
  });

  it("the default bus is a MemoryBus", () => {
    expect(defaultBus).toBeInstanceOf(MemoryBus);
  });
});
