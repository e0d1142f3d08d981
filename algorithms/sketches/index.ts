// Frequent-items sketches ([mining] §2): re-exports only.
export { CountMinSketch, type CountMinSketchOptions } from "./count-min-sketch.js";
export type { ItemCount, SketchItem } from "./item.js";
export { LossyCounting, type LossyCountingOptions } from "./lossy-counting.js";
export { MisraGries, type MisraGriesOptions } from "./misra-gries.js";
export { SpaceSaving, type SpaceSavingOptions } from "./space-saving.js";
