// The public surface of "streamine/datasets": re-exports only.
export { sensorStream, type SensorReading, type SensorStream, type SensorStreamOptions } from "./synth/sensor-stream.js";
