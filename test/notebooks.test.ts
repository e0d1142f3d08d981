// Executes every notebook in notebooks/ headlessly (jupyter nbconvert, tslab kernel), as a user
// rerunning it would, on a small slice of its data (STREAMINE_NOTEBOOK_SLICE=1), and fails on any
// cell error. The notebooks import the package by name: the build goes to dist/ and
// notebooks/node_modules/streamine links to the repository (`npm install --prefix notebooks`).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const folder = join(root, "notebooks");
const notebooks = readdirSync(folder).filter((f) => /^\d\d-[a-z0-9-]+\.ipynb$/.test(f)).sort();
const out = mkdtempSync(join(tmpdir(), "streamine-notebooks-"));

interface Cell {
  readonly cell_type: string;
  readonly source: string | string[];
  readonly outputs?: readonly { output_type: string; name?: string; text?: string | string[]; ename?: string; evalue?: string; data?: Record<string, string | string[]> }[];
  readonly execution_count?: number | null;
}
const cells = (path: string): Cell[] => (JSON.parse(readFileSync(path, "utf8")) as { cells: Cell[] }).cells;
const text = (t: string | string[] | undefined): string => (Array.isArray(t) ? t.join("") : (t ?? ""));

beforeAll(async () => {
  await run("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root });
  if (!existsSync(join(folder, "node_modules", "streamine"))) {
    await run("npm", ["install", "--prefix", folder, "--no-package-lock", "--no-audit", "--no-fund"], { cwd: root });
  }
  try {
    await run("jupyter", ["kernelspec", "list"]);
  } catch {
    throw new Error("jupyter is not installed: .ci/run installs jupyter-nbconvert, python3-ipykernel, jupyter-client and the tslab kernel");
  }
}, 300_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("notebooks", () => {
  it("are there, four of them, committed with their outputs stripped", () => {
    expect(notebooks).toHaveLength(4);
    for (const nb of notebooks) {
      for (const cell of cells(join(folder, nb))) {
        if (cell.cell_type !== "code") continue;
        expect(cell.outputs ?? [], nb).toEqual([]);
        expect(cell.execution_count ?? null, nb).toBeNull();
      }
    }
  });

  it.each(notebooks.map((nb) => [nb]))(
    "%s executes on a small slice without a cell error",
    async (nb) => {
      await run("jupyter", ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", "--output-dir", out, join(folder, nb)], {
        cwd: folder,
        env: { ...process.env, STREAMINE_NOTEBOOK_SLICE: "1" },
        maxBuffer: 64 * 1024 * 1024,
      });
      const executed = cells(join(out, nb)).filter((c) => c.cell_type === "code");
      const errors = executed.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === "error" || o.name === "stderr"));
      expect(errors.map((o) => `${o.ename ?? ""} ${o.evalue ?? ""} ${text(o.text)}`)).toEqual([]);
      // tslab leaves execution_count empty, so what shows the cells ran is what they printed and drew.
      const outputs = executed.flatMap((c) => c.outputs ?? []);
      expect(outputs.some((o) => o.name === "stdout")).toBe(true);
      expect(outputs.some((o) => text(o.data?.["text/html"]).startsWith("<svg"))).toBe(true);
    },
    900_000,
  );
});
