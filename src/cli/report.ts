import Table from "cli-table3";
import type { OperatorCounters } from "../index.js";
import type { DeviceWindow } from "./sensor-job.js";

/** All windows of one device, summed up. */
export interface DeviceSummary {
  readonly device: string;
  readonly windows: number;
  readonly readings: number;
  /** Mean temperature over all the device's readings (window means weighted by count). */
  readonly meanTemp: number;
  readonly maxVibration: number;
  readonly anomalies: number;
  /** The window with the highest mean temperature. */
  readonly hottest: { readonly start: number; readonly meanTemp: number };
}

/** Per-device summaries of fired windows, sorted by device. */
export function summarizeDevices(windows: readonly DeviceWindow[]): DeviceSummary[] {
  const byDevice = new Map<string, DeviceWindow[]>();
  for (const w of windows) {
    const list = byDevice.get(w.device);
    if (list === undefined) byDevice.set(w.device, [w]);
    else list.push(w);
  }
  const summaries: DeviceSummary[] = [];
  for (const [device, list] of byDevice) {
    let readings = 0;
    let sumTemp = 0;
    let maxVibration = -Infinity;
    let anomalies = 0;
    let hottest = { start: NaN, meanTemp: -Infinity };
    for (const w of list) {
      readings += w.readings;
      sumTemp += w.meanTemp * w.readings;
      maxVibration = Math.max(maxVibration, w.maxVibration);
      anomalies += w.anomalies;
      if (w.meanTemp > hottest.meanTemp) hottest = { start: w.start, meanTemp: w.meanTemp };
    }
    summaries.push({ device, windows: list.length, readings, meanTemp: sumTemp / readings, maxVibration, anomalies, hottest });
  }
  return summaries.sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : 0));
}

/** Event time as `HH:MM:SS` (UTC), with the day number when past the first day. */
export function formatTime(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  const clock = new Date(ms - day * 86_400_000).toISOString().slice(11, 19);
  return day === 0 ? clock : `d${day} ${clock}`;
}

// No colours (the output is often piped) and no rule between rows.
const plain = { style: { head: [], border: [], compact: true } };

/** The per-device table. */
export function deviceTable(summaries: readonly DeviceSummary[]): string {
  const t = new Table({
    ...plain,
    head: ["device", "windows", "readings", "mean temp °C", "max vibration mm/s", "spikes (truth)", "hottest window"],
    colAligns: ["left", "right", "right", "right", "right", "right", "left"],
  });
  for (const s of summaries) {
    t.push([
      s.device,
      s.windows,
      s.readings,
      s.meanTemp.toFixed(2),
      s.maxVibration.toFixed(3),
      s.anomalies,
      `${formatTime(s.hottest.start)} (${s.hottest.meanTemp.toFixed(2)} °C)`,
    ]);
  }
  return t.toString();
}

/** The `p.metrics()` table: one row per operator uid. */
export function metricsTable(metrics: Record<string, OperatorCounters>): string {
  const t = new Table({
    ...plain,
    head: ["operator", "in", "out", "emitted", "filtered", "dead-lettered", "late"],
    colAligns: ["left", "right", "right", "right", "right", "right", "right"],
  });
  for (const [uid, c] of Object.entries(metrics)) t.push([uid, c.in, c.out, c.emitted, c.filtered, c.deadLettered, c.late]);
  return t.toString();
}
