// The job of the crash-recovery test, run as a child process that the test kills with SIGKILL:
//   node kill-job.mjs <buildDir> <input.csv> <output.jsonl> <checkpointDir> [everyRecords]
// CSV readings → event-time tumbling windows per device → one JSON line per window, written to a
// file sink with checkpoints; rerun with the same arguments, it resumes from the newest checkpoint.
const [buildDir, input, output, dir, every = "300"] = process.argv.slice(2);
const { Pipeline, fromCsv, toFile, tumbling, watermarks } = await import(`${buildDir}/src/index.js`);

const p = Pipeline.create({ name: "kill-test", batchSize: 50, checkpoint: { dir, everyRecords: Number(every) } });
p.source(fromCsv(input, { cast: true }))
  .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(2_000))
  .keyBy((r) => r.device)
  .window(tumbling(10_000))
  .aggregate({
    createAccumulator: () => ({ n: 0, sum: 0, max: -Infinity }),
    add: (r, a) => ({ n: a.n + 1, sum: a.sum + r.v, max: Math.max(a.max, r.v) }),
    merge: (a, b) => ({ n: a.n + b.n, sum: a.sum + b.sum, max: Math.max(a.max, b.max) }),
    getResult: (a) => a,
  })
  .map((w) => ({ device: w.key, start: w.window.start, n: w.value.n, sum: w.value.sum, max: w.value.max }))
  .sink(toFile(output));
await p.run();
