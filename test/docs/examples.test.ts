import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { collectExamples } from "./extract.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const outDir = join(root, "test/docs/.generated");
const examples = collectExamples(root);

// Examples that talk to NATS read the server from NATS_URL, as a user's program would.
process.env["NATS_URL"] ??= inject("natsUrl");

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

describe("documentation examples run", () => {
  it("finds examples to run", () => {
    expect(examples.length).toBeGreaterThan(5);
  });

  it.each(examples.map((e, i) => [`${e.file}:${e.line}`, e, i] as const))("%s", async (_name, example, i) => {
    const path = join(outDir, `example-${i}.ts`);
    writeFileSync(path, `import { expect } from "vitest";\n${example.code}\nexport {};\n`);
    await import(path);
  });
});
