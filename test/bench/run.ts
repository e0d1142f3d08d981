// Entry of `npm run bench` (node --expose-gc dist/test/bench/run.js). BENCH_REPS sets the
// number of timed runs per side (default 7). A missed target is reported, not an error exit:
// benchmarks inform, tests never assert time.
import { anomalyBench } from "./anomaly.bench.js";
import { checkpointBench } from "./checkpoint.bench.js";
import { clusteringBench } from "./clustering.bench.js";
import { estimatorBench } from "./estimators.bench.js";
import { iotBench } from "./iot.bench.js";
import { itemsetStreamBench } from "./itemset-stream.bench.js";
import { itemsetsBench } from "./itemsets.bench.js";
import { natsBench } from "./nats.bench.js";
import { sketchesBench } from "./sketches.bench.js";
import { windowBench } from "./window.bench.js";

const parsed = Number(process.env["BENCH_REPS"] ?? "7");
const reps = Number.isInteger(parsed) && parsed >= 1 ? parsed : 7;
const log = (line: string): void => console.log(line);
await windowBench({ reps, log });
log("");
estimatorBench({ reps, log });
log("");
anomalyBench({ reps, log });
log("");
clusteringBench({ reps, log });
log("");
sketchesBench({ reps, log });
log("");
itemsetsBench({ reps, log });
log("");
itemsetStreamBench({ reps, log });
log("");
await checkpointBench({ reps, log });
log("");
await natsBench({ reps, log });
log("");
await iotBench({ reps, log });
