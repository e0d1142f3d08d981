// Summarises V8 .cpuprofile files (node --cpu-prof): self time per function and per source line,
// mapped back to the TypeScript sources through the .js.map files next to dist/.
//   node dist/test/bench/profile-summary.js /tmp/prof/t1k [--top 25] [--exclude generateRecords]
// A directory means every .cpuprofile in it. Samples under an excluded function (by default the
// input generator) are left out, so shares are of the benchmarked work.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
  readonly positionTicks?: readonly { readonly line: number; readonly ticks: number }[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const root = process.cwd();

class SourceMaps {
  private readonly maps = new Map<string, { map: SourceMap; lines: string[] } | null>();

  /** `file:line` of a 0-based generated position, in the TypeScript source when a map exists. */
  locate(url: string, line0: number, column0: number | null): string {
    if (!url.startsWith("file://")) return url === "" ? "" : `${url}:${line0 + 1}`;
    const file = fileURLToPath(url);
    const entry = this.load(file);
    if (entry !== null) {
      const col = column0 ?? (entry.lines[line0]?.search(/\S/) ?? 0);
      const m = entry.map.findEntry(line0, Math.max(col, 0));
      if ("originalSource" in m && typeof m.originalSource === "string") {
        const source = m.originalSource.startsWith("file://") ? fileURLToPath(m.originalSource) : resolve(dirname(file), m.originalSource);
        return `${relative(root, source)}:${m.originalLine + 1}`;
      }
    }
    return `${relative(root, file)}:${line0 + 1}`;
  }

  private load(file: string): { map: SourceMap; lines: string[] } | null {
    let entry = this.maps.get(file);
    if (entry === undefined) {
      try {
        const payload = JSON.parse(readFileSync(`${file}.map`, "utf8")) as ConstructorParameters<typeof SourceMap>[0];
        entry = { map: new SourceMap(payload), lines: readFileSync(file, "utf8").split("\n") };
      } catch {
        entry = null;
      }
      this.maps.set(file, entry);
    }
    return entry;
  }
}

/** The text of `file:line` (as the source is now: rebuild and profile together), shortened. */
function sourceLine(where: string): string {
  const m = /^(.*):(\d+)$/.exec(where);
  if (m === null || m[1] === undefined || m[1].startsWith("node:")) return "";
  try {
    const text = readFileSync(resolve(root, m[1]), "utf8").split("\n")[Number(m[2]) - 1] ?? "";
    const t = text.trim();
    return t.length > 90 ? `${t.slice(0, 87)}...` : t;
  } catch {
    return "";
  }
}

function profilesIn(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => join(path, f));
}

function addTo(map: Map<string, number>, key: string, x: number): void {
  map.set(key, (map.get(key) ?? 0) + x);
}

function top(map: Map<string, number>, n: number): [string, number][] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

export function summarise(files: readonly string[], exclude: ReadonlySet<string>, n: number): string[] {
  const maps = new SourceMaps();
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byLine = new Map<string, number>();
  let totalUs = 0;
  let excludedUs = 0;
  let lineTicks = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
    const nodes = new Map<number, ProfileNode>();
    const parent = new Map<number, number>();
    for (const node of profile.nodes) {
      nodes.set(node.id, node);
      for (const c of node.children ?? []) parent.set(c, node.id);
    }
    const excluded = new Map<number, boolean>();
    const isExcluded = (id: number): boolean => {
      const known = excluded.get(id);
      if (known !== undefined) return known;
      const node = nodes.get(id);
      const p = parent.get(id);
      const result = node !== undefined && (exclude.has(node.callFrame.functionName) || (p !== undefined && isExcluded(p)));
      excluded.set(id, result);
      return result;
    };
    const selfUs = new Map<number, number>();
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i] ?? -1;
      // a sample lasts until the next one (DevTools' convention; timeDeltas[0] is the wait for the first)
      const dt = profile.timeDeltas[i + 1] ?? 0;
      if (isExcluded(id)) {
        excludedUs += dt;
        continue;
      }
      totalUs += dt;
      selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    }
    for (const [id, us] of selfUs) {
      const node = nodes.get(id);
      if (node === undefined) continue;
      const { functionName, url, lineNumber, columnNumber } = node.callFrame;
      const where = maps.locate(url, lineNumber, columnNumber);
      addTo(byFunction, `${functionName === "" ? "(anonymous)" : functionName}  ${where}`, us);
      addTo(byFile, where === "" ? functionName : where.replace(/:\d+$/, ""), us);
    }
    for (const node of profile.nodes) {
      if (isExcluded(node.id) || node.positionTicks === undefined) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      for (const { line, ticks } of node.positionTicks) {
        lineTicks += ticks;
        // V8 reports lines of inlined callees (from any script) under the caller: a line before
        // the caller's start is certainly such a line, so it is not mapped (use --no-turbo-inlining)
        const where = line - 1 < lineNumber ? `(inlined into ${functionName})` : maps.locate(url, line - 1, null);
        addTo(byLine, where, ticks);
      }
    }
  }
  const pct = (us: number, of: number): string => `${((100 * us) / of).toFixed(1).padStart(5)}%`;
  const out: string[] = [];
  out.push(`${files.length} profile(s): ${(totalUs / 1e3).toFixed(0)} ms sampled (${(excludedUs / 1e3).toFixed(0)} ms under ${[...exclude].join(", ") || "nothing"} left out)`);
  out.push("", "self time by function:");
  for (const [k, us] of top(byFunction, n)) out.push(`  ${pct(us, totalUs)}  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${k}`);
  out.push("", "self time by file:");
  for (const [k, us] of top(byFile, 12)) out.push(`  ${pct(us, totalUs)}  ${k}`);
  out.push("", "hot lines (share of line ticks):");
  for (const [k, t] of top(byLine, n)) out.push(`  ${pct(t, lineTicks)}  ${k.padEnd(44)} ${sourceLine(k)}`);
  return out;
}

const args = process.argv.slice(2);
const exclude = new Set<string>();
const files: string[] = [];
let n = 25;
for (let i = 0; i < args.length; i++) {
  const a = args[i] ?? "";
  if (a === "--top") n = Number(args[++i]);
  else if (a === "--exclude") exclude.add(args[++i] ?? "");
  else files.push(...profilesIn(a));
}
if (exclude.size === 0) exclude.add("generateRecords");
if (files.length === 0) {
  console.error("usage: profile-summary.js <file.cpuprofile|dir>… [--top N] [--exclude functionName]…");
  process.exit(2);
}
for (const line of summarise(files, exclude, n)) console.log(line);
