import type { RegistryEntry } from "../base/registry-entry.js";
import { ADWIN } from "./adwin.js";
import { DDM } from "./ddm.js";
import { EDDM } from "./eddm.js";
import { HDDM_A } from "./hddm-a.js";
import { HDDM_W } from "./hddm-w.js";
import { KSWIN } from "./kswin.js";
import { PageHinkley } from "./page-hinkley.js";

/** Drift detectors checked by the contract suite. */
export const driftRegistry: readonly RegistryEntry[] = [
  { name: "PageHinkley", kind: "drift", cls: PageHinkley },
  { name: "ADWIN", kind: "drift", cls: ADWIN },
  { name: "DDM", kind: "drift", cls: DDM },
  { name: "EDDM", kind: "drift", cls: EDDM },
  { name: "HDDM_A", kind: "drift", cls: HDDM_A },
  { name: "HDDM_W", kind: "drift", cls: HDDM_W },
  { name: "KSWIN", kind: "drift", cls: KSWIN },
];
