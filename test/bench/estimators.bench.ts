// Estimator benchmarks (issue 4 §7): samples/s of every estimator (d = 10, 200k samples for the
// vector models, fewer for the slow ones), each against @stdlib/ml's incremental SGD regression
// (predict + learn, d = 10, 200k samples) timed in the same process, and against River's published
// figures on a 2-core machine of the same kind as the cross-language bar where River has one. Each
// case runs in a process of its own (with its peer), as an application using one model would:
// sharing one process lets the JIT's type feedback from one model's inputs slow down the next.
// The cases are in vector-cases.ts and stream-cases.ts.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { registry } from "../../algorithms/index.js";
import type { BenchCase } from "./bench-case.js";
import { D, N, regressionData, type RegressionData } from "./estimator-data.js";
import { streamCases } from "./stream-cases.js";
import { throughput } from "./timing.js";
import { vectorCases } from "./vector-cases.js";

const require = createRequire(import.meta.url);

interface StdlibSgd {
  (x: number[], y: number): void;
  predict(x: number[]): number;
}
type StdlibFactory = (options: { learningRate: string; eta0: number; lambda: number }) => StdlibSgd;

const CASES: readonly BenchCase[] = [...vectorCases, ...streamCases];

/** One benchmark case's figures, as printed by the case process. */
interface CaseResult {
  readonly perSec: number;
  readonly check: number;
  readonly peerPerSec: number;
  readonly peerCheck: number;
}

function peerThroughput(reps: number, { xs, ys }: RegressionData): { perSec: number; check: number } {
  const incrSGDRegression = require("@stdlib/ml/incr/sgd-regression/lib/index.js") as StdlibFactory;
  return throughput(reps, xs.length, () => {
    const acc = incrSGDRegression({ learningRate: "constant", eta0: 0.02, lambda: 0 });
    let err = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number[];
      const y = ys[i] as number;
      err += i === 0 ? Math.abs(y) : Math.abs(acc.predict(x) - y);
      acc(x, y);
    }
    return err / xs.length;
  });
}

/** Runs one case in this process: the peer's throughput, then the case's. */
export function runCase(id: string, reps: number): CaseResult {
  const c = CASES.find((k) => k.id === id);
  if (c === undefined) throw new Error(`unknown estimator case "${id}"; known: ${CASES.map((k) => k.id).join(", ")}`);
  const data = regressionData(1);
  const peer = peerThroughput(reps, data);
  const r = throughput(Math.min(reps, c.maxReps ?? reps), c.n, c.prepare(data));
  return { perSec: r.perSec, check: r.check, peerPerSec: peer.perSec, peerCheck: peer.check };
}

function inChild(id: string, reps: number): CaseResult {
  const script = fileURLToPath(new URL("./estimator-case.js", import.meta.url));
  const out = execFileSync(process.execPath, ["--expose-gc", script, id, String(reps)], { encoding: "utf8" });
  return JSON.parse(out) as CaseResult;
}

const fmt = (r: number): string => (r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(1)} k/s`);
const count = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
const ratio = (r: number): string => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2));
/** River's figure as the issue writes it: 61k/s, 4.5k/s, 0.51 M/s. */
const riverText = (perSec: number): string => (perSec >= 1e5 ? `${perSec / 1e6} M/s` : `${perSec / 1e3}k/s`);

const WIDTHS = [52, 5, 11, 10, 27, 36, 24, 7];

function row(cells: readonly string[]): string {
  return cells.map((c, i) => (i === 0 || i >= 4 ? c.padEnd(WIDTHS[i] ?? 0) : c.padStart(WIDTHS[i] ?? 0))).join("  ").trimEnd();
}

/** The printed row of one case: ratios, targets and the verdict on them. */
function caseRow(c: BenchCase, r: CaseResult): string {
  const vsPeer = r.perSec / r.peerPerSec;
  let peerCell = `${ratio(vsPeer)} × peer`;
  let pass = true;
  if (c.peerTarget !== undefined) {
    peerCell += ` (target ≥ ${c.peerTarget})`;
    pass &&= vsPeer >= c.peerTarget;
  }
  let riverCell = "";
  if (c.river !== undefined) {
    const vsRiver = r.perSec / c.river.perSec;
    riverCell = `${ratio(vsRiver)} × River ${riverText(c.river.perSec)}`;
    if (c.river.target !== undefined) {
      riverCell += ` (target ≥ ${c.river.target})`;
      pass &&= vsRiver >= c.river.target;
    }
  }
  const hasTarget = c.peerTarget !== undefined || c.river?.target !== undefined;
  return row([c.label, count(c.n), fmt(r.perSec), fmt(r.peerPerSec), peerCell, riverCell, c.check(r.check), hasTarget ? (pass ? "PASS" : "MISS") : ""]);
}

export function estimatorBench({ reps, log }: { reps: number; log: (line: string) => void }): void {
  const t0 = Date.now();
  log(
    `estimator bench: d = ${D}, ${N / 1000}k samples for vector models, n per row (fewer for slow models, 1-D streams for drift detectors and statistics), ` +
      `median of ${reps} runs after a warm-up (at most 3 where n is cut for a slow model), node ${process.version}, ` +
      `${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(2) ?? "?"}`,
  );
  log(
    `each case in a process of its own, with the peer (@stdlib/ml incrSGDRegression, predict + learn, d = ${D}, ${N / 1000}k samples) timed in that process first; ` +
      `× peer: samples/s over the peer's; × River: over River's published figure`,
  );
  log("");
  log(row(["estimator", "n", "samples/s", "peer/s", "vs peer (same process)", "vs River (published, 2 cores)", "check", "target"]));
  log("-".repeat(WIDTHS.reduce((a, b) => a + b + 2, -2)));
  let family = "";
  for (const c of CASES) {
    const r = inChild(c.id, reps);
    if (c.family !== family) {
      family = c.family;
      log(`${family}:`);
    }
    if (c.id === "linear") {
      const peer = fmt(r.peerPerSec);
      log(row(["@stdlib/ml incrSGDRegression (peer), predict + learn", count(N), peer, peer, "1.00 (the peer itself)", "", `MAE ${r.peerCheck.toFixed(4)}`, ""]));
    }
    log(caseRow(c, r));
  }
  const covered = new Set(CASES.flatMap((c) => c.covers));
  const missing = registry.filter((e) => e.kind !== "anomaly").map((e) => e.name).filter((name) => !covered.has(name));
  log("");
  log(`registry classes without a row (anomaly detectors are in the anomaly bench): ${missing.length === 0 ? "none" : missing.join(", ")}`);
  log(`estimator bench: ${CASES.length} cases in ${((Date.now() - t0) / 1_000).toFixed(0)} s, load average ${loadavg()[0]?.toFixed(2) ?? "?"}`);
}
