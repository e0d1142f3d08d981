import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sources(path));
    else if (path.endsWith(".ts")) out.push(path);
  }
  return out;
}

/**
 * Static import specifiers of a file, resolved to repo-relative paths for relative ones.
 * With `valuesOnly`, `import type` lines are left out: they vanish at compile time.
 */
function imports(file: string, valuesOnly = false): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const specs = [...text.matchAll(/^\s*(import|export)(\s+type)?\s[^;]*?from\s+"([^"]+)"/gm)]
    .filter((m) => !valuesOnly || m[2] === undefined)
    .map((m) => m[3] ?? "");
  return specs.map((s) => (s.startsWith(".") ? relative(root, join(root, file, "..", s)) : s));
}

describe("dependency rules (STYLE §2)", () => {
  it("algorithms/ never imports src/ or datasets/", () => {
    const bad = sources("algorithms").flatMap((f) =>
      imports(f).filter((i) => i.startsWith("src/") || i.startsWith("datasets/")).map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it("datasets/ imports only algorithms/base from the other packages (experiments/ also algorithms/evaluation)", () => {
    // datasets/experiments/evaluate is a thin wrapper (DataFrame out) over the estimators'
    // prequential evaluation; a second copy of that loop in datasets/ would drift from the first.
    const allowed = (f: string, i: string): boolean =>
      i.startsWith("algorithms/base/") || (f.startsWith("datasets/experiments/") && i.startsWith("algorithms/evaluation/"));
    const bad = sources("datasets").flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith("src/") || (i.startsWith("algorithms/") && !allowed(f, i)))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it("shipped code never imports test/ or dev dependencies, and danfojs only lazily", () => {
    const dev = ["vitest", "fast-check", "tinybench", "typescript"];
    const bad = ["src", "algorithms", "datasets"].flatMap((dir) =>
      sources(dir).flatMap((f) =>
        imports(f)
          .filter((i) => i.startsWith("test/") || dev.includes(i) || i.startsWith("danfojs"))
          .map((i) => `${f} → ${i}`),
      ),
    );
    expect(bad).toEqual([]);
  });

  it("src/api reaches the runtime only through Pipeline.run", () => {
    const runEntry = ["src/runtime/executor.js", "src/runtime/runtime.js"];
    const bad = sources("src/api").flatMap((f) =>
      imports(f, true)
        .filter((i) => i.startsWith("src/runtime/") && !(f === "src/api/pipeline.ts" && runEntry.includes(i)))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });
});
