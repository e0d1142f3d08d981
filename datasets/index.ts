// The public surface of "streamine/datasets": re-exports only.
export { sensorStream, type SensorReading, type SensorStream, type SensorStreamOptions } from "./synth/sensor-stream.js";
export {
  chickWeightsFeatures,
  loadChickWeights,
  loadTrumpApproval,
  trumpApprovalFeatures,
  type RiverSample,
} from "./loaders/river.js";
