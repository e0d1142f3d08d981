// The job of the crash-recovery test, run as a child process that the test kills with SIGKILL:
//   node kill-job.mjs <buildDir> <input.csv> <output.jsonl> <checkpointDir> <everyRecords> [<natsUrl> <stream> <subjectPrefix>]
// CSV readings → event-time tumbling windows per device → a LinearRegression per device, kept as
// snapshot bytes in keyed state, predicting each window's sum before learning it → one JSON line
// per window, written to a file sink with checkpoints and, given a NATS server, published to a
// JetStream stream with a Nats-Msg-Id per (job, device, window); rerun with the same arguments,
// it resumes from the newest checkpoint.
const [buildDir, input, output, dir, every, natsUrl, stream, prefix] = process.argv.slice(2);
const { Pipeline, ValueStateDescriptor, fromCsv, subjectToken, toFile, toJetStream, tumbling, watermarks } = await import(`${buildDir}/src/index.js`);
const { LinearRegression } = await import(`${buildDir}/algorithms/index.js`);

const modelPerDevice = {
  open(ctx) {
    this.model = ctx.getState(new ValueStateDescriptor("model", null));
  },
  processElement(w, _ctx, out) {
    const bytes = this.model.value();
    const model = bytes === null ? new LinearRegression({ learningRate: 0.01, interceptLr: 0.01 }) : LinearRegression.restore(bytes);
    const x = [w.n / 300, w.max / 1_000];
    const predicted = model.predictOne(x);
    model.learnOne(x, w.sum / 100_000);
    this.model.update(model.snapshot());
    out.collect({ ...w, predicted });
  },
};

const p = Pipeline.create({ name: "kill-test", batchSize: 50, checkpoint: { dir, everyRecords: Number(every ?? 300) } });
const predictions = p
  .source(fromCsv(input, { cast: true }))
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
  .keyBy((w) => w.device)
  .process(modelPerDevice);
predictions.sink(toFile(output));
if (natsUrl !== undefined) {
  predictions.sink(
    toJetStream({ servers: natsUrl, stream, subject: (w) => `${prefix}.${subjectToken(w.device)}`, msgId: (w) => `kill-test/${w.device}/${w.start}` }),
  );
}
await p.run();
