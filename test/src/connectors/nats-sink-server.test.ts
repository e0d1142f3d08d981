// toNats against the test setup's real nats-server: predictions on predictions.<model>.<key>
// subjects with awkward keys, payloads, counts that reconcile, dead letters sent on to a
// subject, the same sink code path giving identical messages on a server and on a MemoryBus,
// connection options passed through (user/password, token, nkey seed file, TLS), a shared connection as a bus, and a
// clear NatsError for a missing server.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, nkeyAuthenticator, nkeys, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../setup/nats-process.js";
import { MemoryBus, NatsError, Pipeline, fromIterable, natsBus, parseSubjectToken, subjectToken, toNats, type DeadLetter, type NatsMessage, type NatsSinkOptions } from "streamine";

const url = inject("natsUrl");
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connect({ servers: url });
});
afterAll(async () => {
  await nc.close();
});

let prefixes = 0;
/** A subject prefix no other test (or test file sharing the server) uses. */
const newPrefix = (): string => `tonats${process.pid}x${Date.now()}x${prefixes++}`;

/** Subscribes on the server and waits until the server has the subscription. */
async function listen(subject: string): Promise<Msg[]> {
  const got: Msg[] = [];
  nc.subscribe(subject, { callback: (error, msg) => void (error === null && got.push(msg)) });
  await nc.flush();
  return got;
}

/** Waits until `got` holds `n` messages (the sink flushed at close: they are on their way back). */
async function until(got: readonly unknown[], n: number): Promise<void> {
  for (let i = 0; got.length < n && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
  expect(got).toHaveLength(n);
}

interface Prediction {
  readonly model: string;
  readonly key: string;
  readonly score: number;
}

const AWKWARD = ["a.b c*>", "", "%", "%2E", "ünï cødé", "tab\there", "new\nline", "> *", "..", "plain-key_7", "🙂"];

describe("toNats on a nats-server", () => {
  it("predictions arrive on predictions.<model>.<key> for awkward keys, with their JSON; in = published + dead-lettered", async () => {
    const prefix = newPrefix();
    const got = await listen(`${prefix}.predictions.>`);
    const good: Prediction[] = AWKWARD.flatMap((key, i) => [
      { model: "hst", key, score: i / 10 },
      { model: "rcf", key, score: 1 - i / 10 },
    ]);
    // records whose subject cannot be built: a model name used raw
    const bad: Prediction[] = [
      { model: "h.s.t ", key: "k", score: 0 },
      { model: "*", key: "k", score: 0 },
    ];
    const records = [...good.slice(0, 7), ...bad, ...good.slice(7)];
    const p = Pipeline.create({ name: "predictions", batchSize: 4 });
    p.source(fromIterable(records))
      .sink(toNats<Prediction>({ servers: url, subject: (r) => `${prefix}.predictions.${r.model}.${subjectToken(r.key)}` }))
      .uid("to-nats");
    const dead: DeadLetter[] = [];
    p.deadLetters().sink((d) => dead.push(d));
    await p.run();
    await until(got, good.length);

    expect(got.map((m) => m.subject)).toEqual(good.map((r) => `${prefix}.predictions.${r.model}.${subjectToken(r.key)}`));
    for (const m of got) {
      const tokens = m.subject.split(".");
      expect(tokens).toHaveLength(4);
      const r = m.json<Prediction>();
      expect(tokens[2]).toBe(r.model);
      expect(parseSubjectToken(tokens[3]!)).toBe(r.key);
    }
    expect(got.map((m) => m.json())).toEqual(good);
    expect(got.map((m) => m.string())).toEqual(good.map((r) => JSON.stringify(r)));
    expect(got.find((m) => m.json<Prediction>().key === "a.b c*>")?.subject).toBe(`${prefix}.predictions.hst.a%2Eb%20c%2A%3E`);

    expect(dead.map((d) => d.record)).toEqual(bad);
    expect(dead[0]?.reason).toBe(`toNats(${url}): NatsError: cannot publish: subject "${prefix}.predictions.h.s.t .k" holds whitespace (put values in it with subjectToken())`);
    expect(dead[1]?.reason).toMatch(/holds a wildcard/);
    const c = p.metrics()["to-nats"]!;
    expect(c.in).toBe(records.length);
    expect(c.out).toBe(got.length);
    expect(c.deadLettered).toBe(dead.length);
    expect(c.in).toBe(c.out + c.deadLettered);
  });

  it("the same sink code path gives identical messages to a server subscriber and to a MemoryBus subscriber", async () => {
    const prefix = newPrefix();
    const records = Array.from({ length: 3_000 }, (_, i) => ({ model: i % 2 === 0 ? "hst" : "rcf", key: AWKWARD[i % AWKWARD.length]!, score: Math.sin(i), i }));
    const options = (target: Pick<NatsSinkOptions<(typeof records)[number]>, "servers" | "bus">): NatsSinkOptions<(typeof records)[number]> => ({
      ...target,
      subject: (r) => `${prefix}.p.${r.model}.${subjectToken(r.key)}`,
      serialize: (r) => (r.i % 3 === 0 ? new TextEncoder().encode(JSON.stringify(r)) : JSON.stringify(r)),
    });
    const run = async (target: Pick<NatsSinkOptions<(typeof records)[number]>, "servers" | "bus">): Promise<void> => {
      const p = Pipeline.create({ name: "same", batchSize: 256 });
      p.source(fromIterable(records)).sink(toNats(options(target)));
      await p.run();
    };
    const fromServer = await listen(`${prefix}.>`);
    await run({ servers: url });
    const bus = new MemoryBus();
    const fromMemory: NatsMessage[] = [];
    bus.subscribe(`${prefix}.>`, (m) => fromMemory.push(m));
    await run({ bus });
    await until(fromServer, records.length);
    const view = (ms: readonly NatsMessage[]): [string, string][] => ms.map((m) => [m.subject, Buffer.from(m.data).toString("base64")]);
    expect(fromMemory).toHaveLength(records.length);
    expect(view(fromServer)).toEqual(view(fromMemory));
  });

  it("dead letters can go on to a <prefix>.deadletter subject with their reason", async () => {
    const prefix = newPrefix();
    const got = await listen(`${prefix}.deadletter`);
    const p = Pipeline.create({ name: "with-deadletters" });
    p.source(fromIterable(["ok", "not ok"])).sink(toNats({ servers: url, subject: (k) => `${prefix}.keys.${k}` })).uid("keys");
    p.deadLetters().sink(toNats({ servers: url, subject: `${prefix}.deadletter` }));
    await p.run();
    await until(got, 1);
    expect(got[0]!.json()).toEqual({ record: "not ok", operator: "keys", reason: expect.stringContaining(`subject "${prefix}.keys.not ok" holds whitespace`) });
  });

  it("publishes on a connection it is given as a bus, flushing it but leaving it open", async () => {
    const prefix = newPrefix();
    const got = await listen(`${prefix}.shared`);
    const own = await connect({ servers: url });
    const bus = natsBus(own);
    const p = Pipeline.create({ name: "shared" });
    p.source(fromIterable([1, 2, 3])).sink(toNats({ bus, subject: `${prefix}.shared` }));
    await p.run();
    expect(own.isClosed()).toBe(false);
    await until(got, 3);
    expect(got.map((m) => m.json())).toEqual([1, 2, 3]);
    await own.close();
  });

  it("a server that is not there fails the run at once with a NatsError naming the URL", { timeout: 15_000 }, async () => {
    const nowhere = `nats://127.0.0.1:${await freePort()}`;
    const p = Pipeline.create({ name: "nowhere" });
    p.source(fromIterable([{ a: 1 }])).sink(toNats({ servers: nowhere, subject: "a.b" }));
    const started = Date.now();
    const run = p.run();
    await expect(run).rejects.toThrow(NatsError);
    await expect(run).rejects.toThrow(`cannot connect to NATS at ${nowhere} to publish (toNats)`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  describe("passes the connection options through", () => {
    const servers: { child: ChildProcess; url: string }[] = [];
    const dirs: string[] = [];
    const temporaryDir = (): string => {
      const dir = mkdtempSync(join(tmpdir(), "streamine-tonats-auth-"));
      dirs.push(dir);
      return dir;
    };
    afterAll(async () => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      for (const s of servers) {
        const exited = new Promise((r) => s.child.once("exit", r));
        s.child.kill("SIGTERM");
        await exited;
      }
    });

    /** A nats-server with `args` (authentication) on a free port. */
    async function start(args: string[]): Promise<string> {
      const port = await freePort();
      const child = spawn("nats-server", ["-a", "127.0.0.1", "-p", String(port), ...args], { stdio: "ignore" });
      const at = `nats://127.0.0.1:${port}`;
      servers.push({ child, url: at });
      for (let i = 0; i < 400 && child.exitCode === null; i++) {
        const listening = await new Promise<boolean>((resolve) => {
          const socket = netConnect(port, "127.0.0.1");
          socket.once("connect", () => {
            socket.destroy();
            resolve(true);
          });
          socket.once("error", () => resolve(false));
        });
        if (listening) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      return at;
    }

    /** Runs one record through toNats with `auth`; returns what a subscriber with the same credentials got. */
    async function roundTrip(at: string, auth: Partial<NatsSinkOptions<unknown>>, subscriberAuth: object): Promise<unknown[]> {
      const sub = await connect({ servers: at, ...subscriberAuth });
      const got: unknown[] = [];
      sub.subscribe("auth.>", { callback: (_e, m) => void got.push(m.json()) });
      await sub.flush();
      const p = Pipeline.create({ name: "auth" });
      p.source(fromIterable([{ ok: true }])).sink(toNats({ ...auth, servers: at, subject: "auth.x" }));
      try {
        await p.run();
        await until(got, 1);
      } finally {
        await sub.close();
      }
      return got;
    }

    it("user and password", async () => {
      const at = await start(["--user", "scorer", "--pass", "s3cret"]);
      expect(await roundTrip(at, { user: "scorer", pass: "s3cret" }, { user: "scorer", pass: "s3cret" })).toEqual([{ ok: true }]);
      const wrong = roundTrip(at, { user: "scorer", pass: "wrong" }, { user: "scorer", pass: "s3cret" });
      await expect(wrong).rejects.toThrow(NatsError);
      await expect(wrong).rejects.toThrow(new RegExp(`cannot connect to NATS at ${at}.*(Authorization|authorization)`));
    });

    it("nkey seed file", async () => {
      const user = nkeys.createUser();
      const dir = temporaryDir();
      const conf = join(dir, "nkey.conf");
      writeFileSync(conf, `authorization { users = [ { nkey: ${user.getPublicKey()} } ] }\n`);
      const seedFile = join(dir, "user.nk");
      writeFileSync(seedFile, `${new TextDecoder().decode(user.getSeed())}\n`);
      const at = await start(["-c", conf]);
      const subscriberAuth = { authenticator: nkeyAuthenticator(user.getSeed()) };
      expect(await roundTrip(at, { nkeySeedFile: seedFile }, subscriberAuth)).toEqual([{ ok: true }]);
      const stranger = join(dir, "stranger.nk");
      writeFileSync(stranger, new TextDecoder().decode(nkeys.createUser().getSeed()));
      await expect(roundTrip(at, { nkeySeedFile: stranger }, subscriberAuth)).rejects.toThrow(NatsError);
    });

    it("TLS with a CA file", async () => {
      const dir = temporaryDir();
      const file = (name: string): string => join(dir, name);
      const openssl = (...args: string[]): void => void execFileSync("openssl", args, { stdio: "ignore" });
      openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file("ca.key"), "-out", file("ca.pem"), "-days", "1", "-subj", "/CN=streamine test CA");
      openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("server.key"), "-out", file("server.csr"), "-subj", "/CN=127.0.0.1");
      writeFileSync(file("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
      openssl("x509", "-req", "-in", file("server.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial", "-out", file("server.pem"), "-days", "1", "-extfile", file("san.ext"));
      const at = await start(["--tls", "--tlscert", file("server.pem"), "--tlskey", file("server.key")]);
      const tls = { caFile: file("ca.pem") };
      expect(await roundTrip(at, { tls }, { tls })).toEqual([{ ok: true }]);
      await expect(roundTrip(at, {}, { tls })).rejects.toThrow(NatsError); // the server's certificate is not trusted
    });

    it("token", async () => {
      const at = await start(["--auth", "t0ken"]);
      expect(await roundTrip(at, { token: "t0ken" }, { token: "t0ken" })).toEqual([{ ok: true }]);
      await expect(roundTrip(at, {}, { token: "t0ken" })).rejects.toThrow(NatsError);
    });
  });
});
