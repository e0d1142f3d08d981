import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** A ```ts block found in a TSDoc `@example` or in a Markdown file. */
export interface DocExample {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

const FENCE = /```ts\n([\s\S]*?)```/g;

function listFiles(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path, ext));
    else if (path.endsWith(ext) && !path.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

/** The ```ts blocks inside `@example` sections of the TSDoc comments of `file`. */
function fromTsDoc(root: string, file: string): DocExample[] {
  const text = readFileSync(file, "utf8");
  const out: DocExample[] = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const body = comment[0].replace(/^\s*\*(?: |$)/gm, "");
    const at = body.indexOf("@example");
    if (at < 0) continue;
    for (const m of body.slice(at).matchAll(FENCE)) {
      out.push({ file: relative(root, file), line: lineOf(text, comment.index), code: m[1] ?? "" });
    }
  }
  return out;
}

/** The ```ts blocks of a Markdown file (```ts blocks are meant to run; use ```typescript for fragments). */
function fromMarkdown(root: string, file: string): DocExample[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(FENCE)].map((m) => ({ file: relative(root, file), line: lineOf(text, m.index), code: m[1] ?? "" }));
}

/** Every runnable example of the project: TSDoc `@example`s in the three packages and README.md. */
export function collectExamples(root: string): DocExample[] {
  const examples: DocExample[] = [];
  for (const dir of ["src", "algorithms", "datasets"]) {
    for (const file of listFiles(join(root, dir), ".ts")) examples.push(...fromTsDoc(root, file));
  }
  examples.push(...fromMarkdown(root, join(root, "README.md")));
  return examples;
}
