import type { RegistryEntry } from "../base/registry-entry.js";
import { CountMinSketch } from "./count-min-sketch.js";
import { LossyCounting } from "./lossy-counting.js";
import { MisraGries } from "./misra-gries.js";
import { SpaceSaving } from "./space-saving.js";

/** Frequent-item sketches checked by the contract suite. */
export const sketchRegistry: readonly RegistryEntry[] = [
  { name: "SpaceSaving", kind: "sketch", cls: SpaceSaving },
  { name: "MisraGries", kind: "sketch", cls: MisraGries },
  { name: "LossyCounting", kind: "sketch", cls: LossyCounting },
  { name: "CountMinSketch", kind: "sketch", cls: CountMinSketch },
];
