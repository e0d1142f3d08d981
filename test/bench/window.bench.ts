// Issue 3 §6: keyed event-time window sums through the pipeline against a hand-written loop
// over the same array, in one process, printed as ratios. Runs alternate hand / pipeline and
// the median of `reps` runs counts, so drift on a busy machine hits both sides alike. (Timed
// by hand rather than with tinybench, which runs each task's iterations back to back.)
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

/**
 * Checks once that both sides produce the same (key, window, value) results (count, sum and an
 * order-independent fingerprint), warms both up, then times `reps` alternating runs.
 */
async function compare(label: string, records: readonly BenchRecord[], spec: BenchSpec, hand: HandLoop, reps: number): Promise<Measured> {
  const handCheck = new ResultCheck();
  const handLate = hand(records, spec, (k, s, v) => handCheck.add(k, s, v));
  const pipelineCheck = new ResultCheck();
  await runPipeline(records, spec, (k, s, v) => pipelineCheck.add(k, s, v));
  if (!handCheck.equals(pipelineCheck) || handLate !== 0) {
    throw new Error(`${label}: results differ: hand loop ${handCheck} (${handLate} late), pipeline ${pipelineCheck}`);
  }
  // a second, untimed round with the timed sink, so both sides run optimized code when timed
  hand(records, spec, new Tally().emit);
  await runPipeline(records, spec, new Tally().emit);
  const handSamples: number[] = [];
  const pipelineSamples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const handTally = new Tally();
    handSamples.push(await timeMs(() => hand(records, spec, handTally.emit)));
    const pipelineTally = new Tally();
    pipelineSamples.push(await timeMs(() => runPipeline(records, spec, pipelineTally.emit)));
    for (const t of [handTally, pipelineTally]) {
      if (t.count !== handCheck.count || t.total !== handCheck.total) throw new Error(`${label}: a timed run produced different results`);
    }
  }
  return {
    label,
    records: records.length,
    results: handCheck.count,
    handMs: median(handSamples),
    pipelineMs: median(pipelineSamples),
    handSamples,
    pipelineSamples,
  };
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

  let records1k: readonly BenchRecord[] = generateRecords(RECORDS, 1_000, MAX_DISORDER_MS);
  const tumbling1k = await compare("tumbling 60 s, 1k keys", records1k, tumblingSpec(1_000), handTumbling, reps);
  const sliding1k = await compare("sliding 60 s/1 s, 1k keys", records1k, slidingSpec(1_000), handSliding, reps);
  records1k = [];
  const records100k = generateRecords(RECORDS, 100_000, MAX_DISORDER_MS);
  const tumbling100k = await compare("tumbling 60 s, 100k keys", records100k, tumblingSpec(100_000), handTumbling, reps);

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
