// The public surface of "streamine/datasets": re-exports only.
export { sensorStream, type SensorEvent, type SensorReading, type SensorStream, type SensorStreamOptions } from "./synth/sensor-stream.js";
export {
  cardTransactions,
  type CardTransaction,
  type CardTransactionStream,
  type CardTransactionsOptions,
  type FraudPattern,
} from "./synth/card-transactions.js";
export {
  chickWeightsFeatures,
  loadChickWeights,
  loadTrumpApproval,
  trumpApprovalFeatures,
  type RiverSample,
} from "./loaders/river.js";
export {
  listNabFiles,
  loadNabLabels,
  loadNabSeries,
  streamNabSeries,
  type NabFileRef,
  type NabLabelledFile,
  type NabRow,
  type NabRowRange,
  type NabSeries,
} from "./loaders/nab.js";
export { loadNabProfiles, loadNabPublishedResults, loadNabThresholds, type NabProfileWeights } from "./loaders/nab-config.js";
export {
  loadNabDetectorScores,
  loadNabScoresTable,
  type NabResultsOptions,
  type NabScoresRow,
  type NabScoresTable,
} from "./loaders/nab-results.js";
export { nabDeviceReadings, type NabDeviceReading, type NabDeviceReadingsOptions } from "./loaders/nab-devices.js";
export {
  fimiFiles,
  loadFimiReferenceCounts,
  loadFimiTransactions,
  streamFimiTransactions,
  type FimiFile,
  type FimiReferenceCount,
} from "./loaders/fimi.js";
export type { SyntheticSample, SyntheticStream } from "./synth/synth-options.js";
export { seaStream, type SeaOptions } from "./synth/sea.js";
export { hyperplaneStream, type HyperplaneOptions } from "./synth/hyperplane.js";
export { friedmanStream, type FriedmanOptions } from "./synth/friedman.js";
export { conceptDrift, type ConceptDriftOptions, type DriftKind } from "./synth/concept-drift.js";
export { dataset, datasets, type DatasetName } from "./registry.js";
export type { Dataset, DatasetTask, LoadOptions } from "./loaders/dataset.js";
export { streamTabular, type RowReader, type TabularColumns, type TabularSample } from "./loaders/tabular.js";
export { streamNabCorpus, type NabSample } from "./loaders/nab-corpus.js";
export { take } from "./loaders/take.js";
export { evaluate, DEFAULT_EVERY, type EvaluateOptions } from "./experiments/evaluate.js";
export { toDataFrame, type DataFrame } from "./experiments/to-data-frame.js";
export { toVegaLite, type Band, type VegaLiteOptions, type VegaLiteSpec } from "./experiments/to-vega-lite.js";
export type { TableRow, VegaFieldType } from "./experiments/rows.js";
export { plot, writePlot } from "./experiments/plot.js";
