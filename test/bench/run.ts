// Entry of `npm run bench` (node --expose-gc dist/test/bench/run.js). BENCH_REPS sets the
// number of timed runs per side (default 7). A missed target is reported, not an error exit:
// benchmarks inform, tests never assert time.
import { windowBench } from "./window.bench.js";

const reps = Number(process.env["BENCH_REPS"] ?? "7");
await windowBench({ reps: Number.isInteger(reps) && reps >= 1 ? reps : 7, log: (line) => console.log(line) });
