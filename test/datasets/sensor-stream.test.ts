import { describe, expect, it } from "vitest";
import { sensorStream, type SensorReading } from "streamine/datasets";

describe("sensorStream", () => {
  it("yields devices × readingsPerDevice readings, each reading once", () => {
    const stream = sensorStream({ seed: 1, devices: 7, readingsPerDevice: 250, intervalMs: 500, disorderMs: 3_000 });
    const readings = [...stream];
    expect(stream.count).toBe(7 * 250);
    expect(readings).toHaveLength(7 * 250);
    const perDevice = new Map<string, Set<number>>();
    for (const r of readings) {
      const seen = perDevice.get(r.device) ?? new Set<number>();
      seen.add(r.ts);
      perDevice.set(r.device, seen);
    }
    expect([...perDevice.keys()].sort()).toEqual(["sensor-0", "sensor-1", "sensor-2", "sensor-3", "sensor-4", "sensor-5", "sensor-6"]);
    for (const timestamps of perDevice.values()) {
      expect(timestamps.size).toBe(250); // distinct timestamps: no reading duplicated or lost
      const sorted = [...timestamps].sort((a, b) => a - b);
      const first = sorted[0] ?? NaN;
      expect(first).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThan(500);
      expect(sorted.every((ts, i) => ts === first + i * 500)).toBe(true);
    }
  });

  it("is deterministic for a seed and re-iterable", () => {
    const a = [...sensorStream({ seed: 99, devices: 5, readingsPerDevice: 200 })];
    const again = sensorStream({ seed: 99, devices: 5, readingsPerDevice: 200 });
    expect([...again]).toEqual(a);
    expect([...again]).toEqual(a);
  });

  it("differs between seeds", () => {
    const a = [...sensorStream({ seed: 1, devices: 5, readingsPerDevice: 200 })];
    const b = [...sensorStream({ seed: 2, devices: 5, readingsPerDevice: 200 })];
    expect(b).toHaveLength(a.length);
    expect(b).not.toEqual(a);
    expect(b.map((r) => r.temp)).not.toEqual(a.map((r) => r.temp));
  });

  it.each([0, 1, 999, 2_000, 7_500])("keeps disorder within disorderMs = %i and is actually out of order when > 0", (disorderMs) => {
    const readings = [...sensorStream({ seed: 3, devices: 8, readingsPerDevice: 300, disorderMs })];
    let maxTs = -Infinity;
    let maxLag = 0;
    for (const r of readings) {
      maxLag = Math.max(maxLag, maxTs - r.ts);
      maxTs = Math.max(maxTs, r.ts);
    }
    expect(maxLag).toBeLessThanOrEqual(disorderMs);
    if (disorderMs === 0) expect(maxLag).toBe(0);
    if (disorderMs >= 999) expect(maxLag).toBeGreaterThan(disorderMs / 2);
  });

  it("injects spikes at about anomalyRate and flags them", () => {
    const readings = [...sensorStream({ seed: 5, devices: 10, readingsPerDevice: 2_000, anomalyRate: 0.02 })];
    const anomalies = readings.filter((r) => r.anomaly);
    // 20_000 Bernoulli(0.02) draws: mean 400, sd ≈ 19.8; ±100 is over 5 sd.
    expect(anomalies.length).toBeGreaterThan(300);
    expect(anomalies.length).toBeLessThan(500);
    const meanTemp = (rs: readonly SensorReading[]): number => rs.reduce((s, r) => s + r.temp, 0) / rs.length;
    expect(meanTemp(anomalies) - meanTemp(readings.filter((r) => !r.anomaly))).toBeGreaterThan(10);
    expect(readings.every((r) => r.vibration >= 0 && Number.isFinite(r.temp))).toBe(true);
    expect([...sensorStream({ seed: 5, devices: 3, readingsPerDevice: 500, anomalyRate: 0 })].some((r) => r.anomaly)).toBe(false);
  });

  it("fills documented defaults and rejects bad options, naming them", () => {
    const s = sensorStream();
    expect(s.options).toEqual({ seed: 42, devices: 10, readingsPerDevice: 1_000, startMs: 0, intervalMs: 1_000, disorderMs: 2_000, anomalyRate: 0.01 });
    expect(s.count).toBe(10_000);
    expect(() => sensorStream({ devices: 0 })).toThrow(/devices must be an integer ≥ 1/);
    expect(() => sensorStream({ intervalMs: 0.5 })).toThrow(/intervalMs/);
    expect(() => sensorStream({ disorderMs: -1 })).toThrow(/disorderMs/);
    expect(() => sensorStream({ anomalyRate: 1.5 })).toThrow(/anomalyRate must be a number in \[0, 1\]/);
    expect(() => sensorStream({ count: 5 } as never)).toThrow(/unknown option "count"/);
  });
});
