import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

interface ExportEntry {
  types: string;
  default: string;
}

describe("package entry points (exports map → dist)", () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root });
  });

  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, ExportEntry | string> };

  it.each([
    [".", "dist/src/index"],
    ["./algorithms", "dist/algorithms/index"],
    ["./datasets", "dist/datasets/index"],
  ])("%s points at %s with types first, and both files are built", (entry, base) => {
    const e = pkg.exports[entry];
    expect(typeof e).toBe("object");
    if (typeof e !== "object") return;
    expect(Object.keys(e)[0]).toBe("types");
    expect(e).toEqual({ types: `./${base}.d.ts`, default: `./${base}.js` });
    expect(existsSync(join(root, `${base}.js`))).toBe(true);
    expect(existsSync(join(root, `${base}.d.ts`))).toBe(true);
  });

  it("resolves the three names through Node's own resolution", () => {
    const script = `
      const core = await import("streamine");
      const algorithms = await import("streamine/algorithms");
      const datasets = await import("streamine/datasets");
      console.log(JSON.stringify([typeof core.Pipeline, typeof algorithms.Random, typeof datasets.sensorStream]));
    `;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual(["function", "function", "function"]);
  });

  it("passes publint", async () => {
    const { messages } = await publint({ pkgDir: root });
    expect(messages).toEqual([]);
  });

  it("resolves types for every entry under node10, node16 and bundler resolution (attw --pack)", () => {
    // ESM only by design, so a require() from CommonJS getting ESM is expected.
    const attw = join(root, "node_modules/@arethetypeswrong/cli/dist/index.js");
    const r = spawnSync(process.execPath, [attw, "--pack", ".", "--ignore-rules", "cjs-resolves-to-esm", "--format", "table-flipped"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.stdout + r.stderr).not.toMatch(/💀|❌/);
    expect(r.status).toBe(0);
  });
});
