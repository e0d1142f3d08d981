import { max, mean } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { sensorStream, type SensorReading } from "streamine/datasets";
import { runSensorJob, type DeviceWindow } from "../../../src/cli/sensor-job.js";

interface Expected {
  device: string;
  start: number;
  readings: number;
  meanTemp: number;
  maxVibration: number;
  anomalies: number;
}

/**
 * Brute force: replays the stream in batches of `batchSize`, judges each reading against the
 * watermark emitted after the previous batch (max ts − bound − 1), and groups the accepted ones.
 */
function oracle(readings: readonly SensorReading[], windowMs: number, boundMs: number, batchSize: number) {
  const groups = new Map<string, SensorReading[]>();
  let watermark = -Infinity;
  let maxTs = -Infinity;
  let late = 0;
  readings.forEach((r, i) => {
    const start = Math.floor(r.ts / windowMs) * windowMs;
    if (start + windowMs - 1 <= watermark) late++;
    else {
      const k = `${r.device}|${start}`;
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    maxTs = Math.max(maxTs, r.ts);
    if ((i + 1) % batchSize === 0) watermark = Math.max(watermark, maxTs - boundMs - 1);
  });
  const windows: Expected[] = [...groups].map(([k, rs]) => ({
    device: k.split("|")[0] ?? "",
    start: Number(k.split("|")[1]),
    readings: rs.length,
    meanTemp: mean(rs.map((r) => r.temp)),
    maxVibration: max(rs.map((r) => r.vibration)),
    anomalies: rs.filter((r) => r.anomaly).length,
  }));
  return { windows: sortWindows(windows), late };
}

function sortWindows<W extends { device: string; start: number }>(ws: readonly W[]): W[] {
  return [...ws].sort((a, b) => (a.device === b.device ? a.start - b.start : a.device < b.device ? -1 : 1));
}

function expectSameWindows(actual: readonly DeviceWindow[], expected: readonly Expected[], windowMs: number): void {
  const got = sortWindows(actual);
  expect(got.map((w) => [w.device, w.start, w.end, w.readings, w.anomalies])).toEqual(
    expected.map((w) => [w.device, w.start, w.start + windowMs, w.readings, w.anomalies]),
  );
  got.forEach((w, i) => {
    const e = expected[i];
    expect(w.meanTemp).toBeCloseTo(e?.meanTemp ?? NaN, 9);
    expect(w.maxVibration).toBe(e?.maxVibration);
  });
}

describe("runSensorJob", () => {
  it("gives every device 60 readings in each of two minute windows (hand count)", async () => {
    // Device phases are < 1 s, so 120 readings at 1 s span [phase, phase + 119 s] ⊂ [0, 120 s).
    const result = await runSensorJob({ devices: 4, readingsPerDevice: 120, seed: 11 });
    expect(result.readings).toBe(480);
    expect(result.late).toBe(0);
    expect(result.deadLetters).toBe(0);
    expect(sortWindows(result.windows).map((w) => [w.device, w.start, w.end, w.readings])).toEqual([
      ["sensor-0", 0, 60_000, 60],
      ["sensor-0", 60_000, 120_000, 60],
      ["sensor-1", 0, 60_000, 60],
      ["sensor-1", 60_000, 120_000, 60],
      ["sensor-2", 0, 60_000, 60],
      ["sensor-2", 60_000, 120_000, 60],
      ["sensor-3", 0, 60_000, 60],
      ["sensor-3", 60_000, 120_000, 60],
    ]);
  });

  it("matches a brute-force grouping when the bound covers the disorder", async () => {
    const settings = { devices: 6, readingsPerDevice: 900, seed: 3, windowMs: 30_000, disorderMs: 4_000, anomalyRate: 0.05 };
    const readings = [...sensorStream({ seed: 3, devices: 6, readingsPerDevice: 900, disorderMs: 4_000, anomalyRate: 0.05 })];
    const result = await runSensorJob({ ...settings, boundMs: 4_000, batchSize: 64 });
    const expected = oracle(readings, 30_000, 4_000, 64);
    expect(expected.late).toBe(0);
    expect(result.late).toBe(0);
    expectSameWindows(result.windows, expected.windows, 30_000);
    expect(result.windows.reduce((s, w) => s + w.anomalies, 0)).toBe(readings.filter((r) => r.anomaly).length);
  });

  it.each([1, 7, 100])("drops exactly the late readings when the bound is below the disorder (batch size %i)", async (batchSize) => {
    const readings = [...sensorStream({ seed: 8, devices: 5, readingsPerDevice: 600, disorderMs: 5_000 })];
    const result = await runSensorJob({
      devices: 5,
      readingsPerDevice: 600,
      seed: 8,
      windowMs: 10_000,
      disorderMs: 5_000,
      boundMs: 1_000,
      batchSize,
    });
    const expected = oracle(readings, 10_000, 1_000, batchSize);
    expect(expected.late).toBeGreaterThan(0);
    expect(result.late).toBe(expected.late);
    expectSameWindows(result.windows, expected.windows, 10_000);
  });

  it("reports counters that reconcile, with the window's late count equal to the late output", async () => {
    const result = await runSensorJob({ devices: 3, readingsPerDevice: 500, disorderMs: 3_000, boundMs: 0, batchSize: 5 });
    const m = result.metrics;
    for (const c of Object.values(m)) expect(c.in).toBe(c.out + c.filtered + c.deadLettered + c.late);
    expect(m["sensor-stream"]?.in).toBe(1_500);
    expect(m["window-stats"]).toMatchObject({ in: 1_500, late: result.late, emitted: result.windows.length });
    expect(result.late).toBeGreaterThan(0);
    expect(result.options).toMatchObject({ devices: 3, readingsPerDevice: 500, seed: 42, windowMs: 60_000, boundMs: 0 });
  });

  it("reports progress up to the number of readings", async () => {
    const seen: number[] = [];
    await runSensorJob({ devices: 2, readingsPerDevice: 300, batchSize: 100, onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([100, 200, 300, 400, 500, 600]);
  });
});
