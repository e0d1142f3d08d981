// Issue 3 §6: keyed event-time window sums through the pipeline against a hand-written loop
// over the same array, in one process, printed as ratios. Runs alternate hand / pipeline (and
// case / case) and the median of `reps` runs counts, so drift on a busy machine hits all sides
// alike. (Timed by hand rather than with tinybench, which runs each task's runs back to back.)
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { generateRecords, MAX_DISORDER_MS, RECORDS, ResultCheck, slidingSpec, tumblingSpec, type BenchRecord, type BenchSpec } from "./data.js";
import { handSliding, handTumbling, type Emit } from "./hand-loop.js";
import type { RssReport } from "./one.js";
import { runPipeline } from "./pipeline.js";
import { hasGc, mb, median, perSec, timeMs } from "./timing.js";

/** The sink of timed runs: the issue's `count++; total += r.value`. */
class Tally {
  count = 0;
  total = 0;
  readonly emit: Emit = (_key, _start, value) => {
    this.count++;
    this.total += value;
  };
}

type HandLoop = (records: readonly BenchRecord[], spec: BenchSpec, emit: Emit) => number;

interface Measured {
  readonly label: string;
  readonly records: number;
  readonly results: number;
  readonly handMs: number;
  readonly pipelineMs: number;
  readonly handSamples: readonly number[];
  readonly pipelineSamples: readonly number[];
}

export interface WindowBenchOptions {
  readonly reps: number;
  readonly log: (line: string) => void;
}

interface Case {
  readonly label: string;
  readonly spec: BenchSpec;
  readonly hand: HandLoop;
}

/**
 * Checks once per case that both sides produce the same (key, window, value) results (count,
 * sum and an order-independent fingerprint) and warms both up; then times `reps` rounds, each
 * running every case's hand loop and pipeline once, so that load changes on a shared machine
 * hit all of them alike (the sliding / tumbling ratio compares runs from the same rounds).
 */
async function measure(records: readonly BenchRecord[], cases: readonly Case[], reps: number): Promise<Measured[]> {
  const checks: ResultCheck[] = [];
  for (const { label, spec, hand } of cases) {
    const handCheck = new ResultCheck();
    const handLate = hand(records, spec, (k, s, v) => handCheck.add(k, s, v));
    const pipelineCheck = new ResultCheck();
    await runPipeline(records, spec, (k, s, v) => pipelineCheck.add(k, s, v));
    if (!handCheck.equals(pipelineCheck) || handLate !== 0) {
      throw new Error(`${label}: results differ: hand loop ${handCheck} (${handLate} late), pipeline ${pipelineCheck}`);
    }
    checks.push(handCheck);
  }
  // a second, untimed round with the timed sink, so both sides run optimized code when timed
  for (const { spec, hand } of cases) {
    hand(records, spec, new Tally().emit);
    await runPipeline(records, spec, new Tally().emit);
  }
  const samples = cases.map(() => ({ hand: [] as number[], pipeline: [] as number[] }));
  for (let r = 0; r < reps; r++) {
    for (let c = 0; c < cases.length; c++) {
      const { label, spec, hand } = cases[c] as Case;
      const check = checks[c] as ResultCheck;
      const handTally = new Tally();
      samples[c]?.hand.push(await timeMs(() => hand(records, spec, handTally.emit)));
      const pipelineTally = new Tally();
      samples[c]?.pipeline.push(await timeMs(() => runPipeline(records, spec, pipelineTally.emit)));
      for (const t of [handTally, pipelineTally]) {
        if (t.count !== check.count || t.total !== check.total) throw new Error(`${label}: a timed run produced different results`);
      }
    }
  }
  return cases.map(({ label }, c) => {
    const { hand, pipeline } = samples[c] ?? { hand: [], pipeline: [] };
    return {
      label,
      records: records.length,
      results: checks[c]?.count ?? 0,
      handMs: median(hand),
      pipelineMs: median(pipeline),
      handSamples: hand,
      pipelineSamples: pipeline,
    };
  });
}

/** Runs `one.js … --rss` in a child process, so the peak RSS is that of this job alone. */
function childRss(kind: "tumbling" | "sliding", keys: number, impl: "pipeline" | "hand"): RssReport {
  const script = fileURLToPath(new URL("./one.js", import.meta.url));
  const child = spawnSync(process.execPath, ["--expose-gc", script, kind, String(keys), impl, "1", "--rss"], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`RSS child failed (${String(child.status)}): ${child.stderr}`);
  const line = child.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as RssReport;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
}

const verdict = (ok: boolean): string => (ok ? "PASS" : "MISS");

export async function windowBench({ reps, log }: WindowBenchOptions): Promise<boolean> {
  const t0 = Date.now();
  log(
    `streamine window bench: ${reps} timed runs per side, node ${process.version}${hasGc ? "" : " (no --expose-gc)"}, ` +
      `${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(2) ?? "?"} (other processes skew the ratios)`,
  );
  log("input: 2 M records {key, ts, v}, ts = i − U{0…1500} ms, watermark bound 2 s, batch 1024, 60 s windows");
  log("hand loop: Map<key, sum> per window (tumbling); 1 s panes + running per-key sums (sliding)\n");

  // one input array in memory at a time, as the issue specifies (a second would change GC behaviour)
  let records: readonly BenchRecord[] = generateRecords(RECORDS, 1_000, MAX_DISORDER_MS);
  const [tumbling1k, sliding1k] = await measure(
    records,
    [
      { label: "tumbling 60 s, 1k keys", spec: tumblingSpec(1_000), hand: handTumbling },
      { label: "sliding 60 s/1 s, 1k keys", spec: slidingSpec(1_000), hand: handSliding },
    ],
    reps,
  );
  records = []; // let the first array go before the second is built
  records = generateRecords(RECORDS, 100_000, MAX_DISORDER_MS);
  const [tumbling100k] = await measure(records, [{ label: "tumbling 60 s, 100k keys", spec: tumblingSpec(100_000), hand: handTumbling }], reps);
  records = [];
  if (tumbling1k === undefined || sliding1k === undefined || tumbling100k === undefined) throw new Error("missing measurements");

  const rssPipeline = childRss("tumbling", 100_000, "pipeline");
  const rssHand = childRss("tumbling", 100_000, "hand");

  const widths = [40, 11, 11, 9, 7, 6, 7, 7];
  log(row(["case", "hand loop", "pipeline", "results", "ratio", "best", "target", "verdict"], widths));
  log("-".repeat(widths.reduce((a, b) => a + b + 2, -2)));
  let ok = true;
  const ratioRow = (label: string, slowMs: number, fastMs: number, best: number, rates: readonly string[], target: number | null): void => {
    const ratio = fastMs / slowMs;
    const pass = target === null || ratio >= target;
    ok &&= pass;
    const cells = [label, ...rates, ratio.toFixed(2), best.toFixed(2), target === null ? "(none)" : `≥ ${target.toFixed(2)}`];
    log(row([...cells, target === null ? "" : verdict(pass)], widths));
  };
  const minOf = (xs: readonly number[]): number => Math.min(...xs);
  const pipelineVsHand = (m: Measured, target: number | null): void =>
    ratioRow(
      `${m.label}`,
      m.pipelineMs,
      m.handMs,
      minOf(m.handSamples) / minOf(m.pipelineSamples),
      [perSec(m.records, m.handMs), perSec(m.records, m.pipelineMs), String(m.results)],
      target,
    );
  pipelineVsHand(tumbling1k, 0.3);
  pipelineVsHand(tumbling100k, 0.2);
  pipelineVsHand(sliding1k, null);
  ratioRow(
    "pipeline: sliding / tumbling, 1k keys",
    sliding1k.pipelineMs,
    tumbling1k.pipelineMs,
    minOf(tumbling1k.pipelineSamples) / minOf(sliding1k.pipelineSamples),
    ["", "", ""],
    0.5,
  );
  log("ratio: pipeline / hand loop throughput (last row: sliding / tumbling), from the medians; best: from the fastest runs");
  log("");
  log(
    `peak RSS, tumbling 100k keys (one run in its own process): pipeline ${mb(rssPipeline.maxRss)}, hand loop ${mb(rssHand.maxRss)}; ` +
      `input array alone ${mb(rssPipeline.rssWithInput)} RSS, ${mb(rssPipeline.heapWithInput)} heap`,
  );
  log(`  heap right after the run, before GC: pipeline ${mb(rssPipeline.heapAfterRun)}, hand loop ${mb(rssHand.heapAfterRun)}`);
  log("");
  log("per-run ms (hand | pipeline):");
  for (const m of [tumbling1k, tumbling100k, sliding1k]) {
    const fmt = (xs: readonly number[]): string => xs.map((x) => x.toFixed(0)).join(" ");
    log(`  ${m.label.padEnd(28)} ${fmt(m.handSamples)} | ${fmt(m.pipelineSamples)}`);
  }
  log(`\n${ok ? "all targets met" : "some targets missed"} (${((Date.now() - t0) / 1_000).toFixed(0)} s, load average ${loadavg()[0]?.toFixed(2) ?? "?"})`);
  return ok;
}
