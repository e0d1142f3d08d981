import { loadNabLabels, loadNabSeries } from "./nab.js";

/** One reading of a NAB series replayed as a device. @public */
export interface NabDeviceReading {
  /** The series' name, e.g. `machine_temperature_system_failure`. */
  readonly device: string;
  /** The row's timestamp (epoch ms, read as UTC). */
  readonly ts: number;
  readonly value: number;
  /** Ground truth: the row lies inside one of the file's labelled anomaly windows. */
  readonly inAnomalyWindow: boolean;
}

/** Options of {@link nabDeviceReadings}. @public */
export interface NabDeviceReadingsOptions {
  /** Corpus categories replayed; default `["realKnownCause", "realAWSCloudwatch"]`. */
  readonly categories?: readonly string[];
  /** The shared data folder holding `nab/`; default as the other NAB loaders. */
  readonly dataDir?: string;
}

/**
 * NAB's real series replayed as a fleet of devices in event time: every row of every file of the
 * chosen categories, one device per file, merged by timestamp (ties by device name, then row), with
 * each row marked when it lies in a labelled anomaly window. The series span different years, so
 * devices come and go as event time passes, as in a real fleet.
 *
 * @example
 * ```ts
 * import { nabDeviceReadings } from "streamine/datasets";
 * const readings = nabDeviceReadings({ categories: ["realKnownCause"] });
 * expect(new Set(readings.map((r) => r.device)).size).toBe(7);
 * expect(readings.every((r, i) => i === 0 || r.ts >= (readings[i - 1]?.ts ?? 0))).toBe(true);
 * expect(readings.some((r) => r.inAnomalyWindow)).toBe(true);
 * ```
 * @public
 */
export function nabDeviceReadings(options: NabDeviceReadingsOptions = {}): NabDeviceReading[] {
  const categories = options.categories ?? ["realKnownCause", "realAWSCloudwatch"];
  const files = loadNabLabels(options.dataDir).filter((f) => categories.includes(f.category));
  const unknown = categories.filter((c) => !files.some((f) => f.category === c));
  if (unknown.length > 0) throw new Error(`nabDeviceReadings: no NAB files in categor${unknown.length === 1 ? "y" : "ies"} ${unknown.join(", ")}`);
  const readings: NabDeviceReading[] = [];
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const { timestamps, values } = loadNabSeries(file, options.dataDir);
    const inWindow = new Uint8Array(timestamps.length);
    for (const w of file.windows) inWindow.fill(1, w.start, w.end + 1);
    for (let i = 0; i < timestamps.length; i++) {
      readings.push({ device: file.name, ts: timestamps[i] as number, value: values[i] as number, inAnomalyWindow: inWindow[i] === 1 });
    }
  }
  // stable: equal timestamps keep device-name, then row, order
  return readings.sort((a, b) => a.ts - b.ts);
}
