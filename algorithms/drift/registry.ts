import type { RegistryEntry } from "../base/registry-entry.js";
import { PageHinkley } from "./page-hinkley.js";

/** Drift detectors checked by the contract suite. */
export const driftRegistry: readonly RegistryEntry[] = [{ name: "PageHinkley", kind: "drift", cls: PageHinkley }];
