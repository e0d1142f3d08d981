// The public surface of "streamine": re-exports only.
export { Pipeline, type CheckpointOptions, type PipelineOptions } from "./api/pipeline.js";
export type { JetStreamCheckpointOptions } from "./checkpoint/jetstream-storage.js";
export { DataStream, DataStreamSink } from "./api/data-stream.js";
export { KeyedStream } from "./api/keyed-stream.js";
export { WindowedStream } from "./api/windowed-stream.js";
export { OutputTag } from "./api/output-tag.js";
export type {
  AggregateFunction,
  Collector,
  Key,
  KeyedProcessContext,
  KeyedProcessFunction,
  KeyedRuntimeContext,
  OnTimerContext,
  ProcessContext,
  ProcessFunction,
  ProcessWindowFunction,
  ReduceFunction,
  TimerService,
  WindowContext,
  WindowResult,
} from "./api/functions.js";
export type { RunOptions } from "./runtime/executor.js";
export type { OperatorCounters } from "./runtime/counters.js";
export type { DeadLetter } from "./runtime/dead-letter.js";
export { fromIterable } from "./connectors/sources/iterable.js";
export { fromAsyncIterable } from "./connectors/sources/async-iterable.js";
export type { Source, SourceContext, SourcePosition, SourceReader } from "./connectors/sources/source.js";
export type { Sink, SinkOpenInfo } from "./connectors/sinks/sink.js";
export { fromCsv, type CsvOptions, type CsvRow } from "./connectors/sources/csv.js";
export { fromJsonLines, type JsonLinesOptions } from "./connectors/sources/json-lines.js";
export { fromJetStream, type JetStreamSourceOptions } from "./connectors/sources/jetstream.js";
export { fromNats, type NatsSourceOptions } from "./connectors/sources/nats.js";
export type { JetStreamMessage, NatsDeadLetterRecord, NatsMessage } from "./connectors/sources/nats-message.js";
export { toConsole, type ConsoleSinkOptions } from "./connectors/sinks/console.js";
export { toFile, type FileSinkOptions } from "./connectors/sinks/file.js";
export { toJetStream, type JetStreamSinkOptions } from "./connectors/sinks/jetstream.js";
export { toNats, type NatsSinkOptions } from "./connectors/sinks/nats.js";
export type { Bus, BusSubscribeOptions } from "./connectors/bus/bus.js";
export { MemoryBus, defaultBus, type MemoryBusOptions } from "./connectors/bus/memory-bus.js";
export { natsBus, type NatsBusOptions } from "./connectors/bus/nats-bus.js";
export type { NatsConnectionOptions } from "./connectors/nats/connection.js";
export { parseSubjectToken, subjectToken } from "./connectors/nats/subject.js";
export { watermarks, WatermarkStrategy, type WatermarkGenerator } from "./time/watermark-strategy.js";
export { ManualClock, SystemClock, type Clock } from "./time/clock.js";
export {
  countWindow,
  globalWindow,
  session,
  sessionProcessingTime,
  sliding,
  slidingProcessingTime,
  tumbling,
  tumblingProcessingTime,
  WindowAssigner,
  type TimeDomain,
  type WindowKind,
} from "./windows/assigners.js";
export { GLOBAL_WINDOW, TimeWindow } from "./windows/time-window.js";
export {
  triggers,
  ContinuousEventTimeTrigger,
  ContinuousProcessingTimeTrigger,
  CountTrigger,
  EventTimeTrigger,
  NeverTrigger,
  ProcessingTimeTrigger,
  PurgingTrigger,
  type OnMergeContext,
  type Trigger,
  type TriggerContext,
  type TriggerResult,
} from "./windows/triggers/index.js";
export {
  ListStateDescriptor,
  MapStateDescriptor,
  ValueStateDescriptor,
  type ListState,
  type MapState,
  type StateDescriptorOptions,
  type ValueState,
} from "./state/descriptors.js";
export type { StateTtlConfig, TtlTimeCharacteristic, TtlUpdateType } from "./state/ttl-config.js";
export type { StateSerializer } from "./state/serializer.js";
export { estimatorSerializer, type EstimatorRestorer } from "./state/estimator-serializer.js";
export {
  FEATURE_STATS,
  features,
  type FeatureAccumulator,
  type FeatureFields,
  type Features,
  type FeaturesFunction,
  type FeaturesOptions,
  type FeatureStat,
} from "./mining/features.js";
export type {
  Detection,
  DetectOptions,
  Explanation,
  Learned,
  Learner,
  LearnOptions,
  LearnOrder,
  MiningRecord,
  ModelOptions,
  Prediction,
  PredictionOf,
  PredictOptions,
  Predictor,
  Scored,
  ScoreOptions,
  TargetOf,
  Threshold,
  VectorOptions,
  WindowFeatureOptions,
  WindowFeatures,
} from "./mining/types.js";
export { CheckpointError, ConfigError, NatsError, PipelineStateError, StreamineError } from "./errors.js";
