// One benchmark case on its own, for profiling and for measuring peak RSS in isolation:
//   node --expose-gc dist/test/bench/one.js <tumbling|sliding> <keys> <pipeline|hand> [runs] [--rss] [--profile FILE]
//   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/test/bench/one.js tumbling 1000 pipeline 3
// Without --rss it prints one line per run; with --rss it runs once and prints a JSON line with
// the peak RSS (resourceUsage().maxRSS) and the RSS once the input array is built.
// --profile FILE writes a .cpuprofile of the runs only (started through the inspector once the
// input is built, so neither its generation nor the GC work that causes is in it).
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { generateRecords, slidingSpec, tumblingSpec, type BenchSpec } from "./data.js";
import { handSliding, handTumbling } from "./hand-loop.js";
import { runPipeline } from "./pipeline.js";
import { collectGarbage, perSec, timeMs } from "./timing.js";

export interface RssReport {
  readonly kind: string;
  readonly keys: number;
  readonly impl: string;
  /** Peak resident set size of the whole process, bytes. */
  readonly maxRss: number;
  /** RSS after the input array is built and garbage collected, before the run, bytes. */
  readonly rssWithInput: number;
  /** Heap used after the input array is built, bytes. */
  readonly heapWithInput: number;
  /** Heap used right after the run, before any forced GC (live state plus uncollected garbage), bytes. */
  readonly heapAfterRun: number;
  readonly results: number;
}

async function timeUngc(fn: () => unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function usage(): never {
  console.error("usage: one.js <tumbling|sliding> <keys> <pipeline|hand> [runs] [--rss] [--profile FILE]");
  process.exit(2);
}

async function main(argv: readonly string[]): Promise<void> {
  const rss = argv.includes("--rss");
  const at = argv.indexOf("--profile");
  const profileFile = at >= 0 ? argv[at + 1] : undefined;
  const [kind, keysArg, impl, runsArg] = argv.filter((a, i) => a !== "--rss" && (at < 0 || (i !== at && i !== at + 1)));
  const keys = Number(keysArg);
  const runs = Number(runsArg ?? "3");
  if ((kind !== "tumbling" && kind !== "sliding") || !(keys >= 1) || (impl !== "pipeline" && impl !== "hand") || !(runs >= 1)) usage();
  const spec: BenchSpec = kind === "tumbling" ? tumblingSpec(keys) : slidingSpec(keys);
  const records = generateRecords(spec.records, spec.keys, spec.maxDisorderMs);
  let results = 0;
  const emit = (): void => {
    results++;
  };
  const once = (): unknown =>
    impl === "pipeline" ? runPipeline(records, spec, emit) : (kind === "tumbling" ? handTumbling : handSliding)(records, spec, emit);

  if (rss) {
    collectGarbage();
    const { rss: rssWithInput, heapUsed: heapWithInput } = process.memoryUsage();
    await once();
    const heapAfterRun = process.memoryUsage().heapUsed;
    const maxRss = process.resourceUsage().maxRSS * 1024;
    const report: RssReport = { kind, keys, impl, maxRss, rssWithInput, heapWithInput, heapAfterRun, results };
    console.log(JSON.stringify(report));
    return;
  }
  const session = profileFile === undefined ? null : new Session();
  if (session !== null) {
    collectGarbage();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 250 });
    await session.post("Profiler.start");
  }
  for (let r = 0; r < runs; r++) {
    results = 0;
    // no forced GC between profiled runs: it would show up as the pipeline's GC time
    const ms = session === null ? await timeMs(once) : await timeUngc(once);
    console.log(`${kind} ${keys} keys ${impl}: ${ms.toFixed(0)} ms, ${perSec(spec.records, ms)}, ${results} results`);
  }
  if (session !== null && profileFile !== undefined) {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(profileFile, JSON.stringify(profile));
    session.disconnect();
  }
}

await main(process.argv.slice(2));
