import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ConfigError, Pipeline, fromIterable } from "streamine";
import { toConsole, type ConsoleSinkOptions } from "../../../src/connectors/sinks/console.js";

/** A writable that keeps what it is given; with `slow`, each write completes on a later turn of the event loop. */
function collector(options: { highWaterMark?: number; slow?: boolean } = {}): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: options.highWaterMark ?? 16_384,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      if (options.slow === true) setImmediate(done);
      else done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

describe("toConsole", () => {
  it("writes one JSON line per record in order", async () => {
    const { stream, text } = collector();
    const p = Pipeline.create({ name: "console", batchSize: 2 });
    p.source(fromIterable([{ a: 1 }, "two", 3, null, [4]])).sink(toConsole({ stream }));
    await p.run();
    expect(text()).toBe('{"a":1}\n"two"\n3\nnull\n[4]\n');
    expect(p.metrics()["sink-1"]).toMatchObject({ in: 5, out: 5 });
  });

  it("uses format when given", async () => {
    const { stream, text } = collector();
    const p = Pipeline.create({ name: "console" });
    p.source(fromIterable([{ k: "a", v: 1 }, { k: "b", v: 2 }])).sink(toConsole({ stream, format: (r) => `${r.k}=${r.v}` }));
    await p.run();
    expect(text()).toBe("a=1\nb=2\n");
  });

  it("returns a promise when the stream is full and resolves it on drain", async () => {
    const { stream, text } = collector({ highWaterMark: 4, slow: true });
    const sink = toConsole<number>({ stream });
    const work = sink.writeBatch([1, 2, 3]);
    expect(work).toBeInstanceOf(Promise);
    await work;
    expect(text()).toBe("1\n2\n3\n");
  });

  it("delivers every record through a slow stream that keeps filling up", async () => {
    const { stream, text } = collector({ highWaterMark: 64, slow: true });
    const values = Array.from({ length: 2_000 }, (_, i) => i);
    const p = Pipeline.create({ name: "console", batchSize: 50 });
    p.source(fromIterable(values)).sink(toConsole({ stream }));
    await p.run();
    expect(text()).toBe(values.map((v) => `${v}\n`).join(""));
  });

  it("rejects unknown and mistyped options with a ConfigError", () => {
    expect(() => toConsole({ fromat: String } as ConsoleSinkOptions<unknown>)).toThrow(ConfigError);
    expect(() => toConsole({ fromat: String } as ConsoleSinkOptions<unknown>)).toThrow(/unknown option "fromat"/);
    expect(() => toConsole({ format: "json" } as unknown as ConsoleSinkOptions<unknown>)).toThrow(/format must be a function/);
    expect(() => toConsole({ stream: {} } as unknown as ConsoleSinkOptions<unknown>)).toThrow(/stream/);
  });
});
