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
    expect(s.options).toEqual({
      seed: 42,
      devices: 10,
      readingsPerDevice: 1_000,
      startMs: 0,
      intervalMs: 1_000,
      disorderMs: 2_000,
      anomalyRate: 0.01,
      seasonAmplitude: 0,
      seasonPeriodMs: 86_400_000,
      levelShiftRate: 0,
      levelShiftSize: 6,
      driftRate: 0,
      driftPerReading: 0.02,
      dropoutRate: 0,
      dropoutReadings: 30,
    });
    expect(s.count).toBe(10_000);
    expect(() => sensorStream({ devices: 0 })).toThrow(/devices must be an integer ≥ 1/);
    expect(() => sensorStream({ intervalMs: 0.5 })).toThrow(/intervalMs/);
    expect(() => sensorStream({ disorderMs: -1 })).toThrow(/disorderMs/);
    expect(() => sensorStream({ anomalyRate: 1.5 })).toThrow(/anomalyRate must be a number in \[0, 1\]/);
    expect(() => sensorStream({ count: 5 } as never)).toThrow(/unknown option "count"/);
  });
});

describe("sensorStream's optional seasonality, level shifts, drifts and dropouts", () => {
  const byDevice = (readings: readonly SensorReading[]): Map<string, SensorReading[]> => {
    const out = new Map<string, SensorReading[]>();
    for (const r of [...readings].sort((a, b) => a.ts - b.ts)) out.set(r.device, [...(out.get(r.device) ?? []), r]);
    return out;
  };
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

  it("adds a seasonal cycle of the given amplitude and period", () => {
    const readings = [...sensorStream({ seed: 4, devices: 20, readingsPerDevice: 2000, anomalyRate: 0, disorderMs: 0, seasonAmplitude: 10, seasonPeriodMs: 100_000 })];
    const plain = [...sensorStream({ seed: 4, devices: 20, readingsPerDevice: 2000, anomalyRate: 0, disorderMs: 0 })];
    const added = readings.map((r, i) => r.temp - plain[i]!.temp);
    readings.forEach((r, i) => expect(added[i]).toBeCloseTo(10 * Math.sin((2 * Math.PI * r.ts) / 100_000), 9));
    expect(readings.map((r) => r.vibration)).toEqual(plain.map((r) => r.vibration));
  });

  it("shifts a device's level by ±levelShiftSize where it labels a levelShift", () => {
    const readings = [...sensorStream({ seed: 5, devices: 10, readingsPerDevice: 3000, anomalyRate: 0, disorderMs: 0, levelShiftRate: 0.001, levelShiftSize: 8 })];
    let shifts = 0;
    for (const series of byDevice(readings).values()) {
      series.forEach((r, i) => {
        if (r.event !== "levelShift" || i < 40 || i + 40 > series.length) return;
        const jump = mean(series.slice(i, i + 40).map((s) => s.temp)) - mean(series.slice(i - 40, i).map((s) => s.temp));
        // 40-reading means: noise sd 0.5/√40 each, the slow cycle moves < 1 °C over 80 readings
        if (series.slice(i - 40, i + 40).filter((s) => s.event === "levelShift").length === 1) {
          expect(Math.abs(Math.abs(jump) - 8)).toBeLessThan(1.5);
          shifts++;
        }
      });
    }
    const labelled = readings.filter((r) => r.event === "levelShift").length;
    expect(labelled).toBeGreaterThan(15); // 30 expected
    expect(labelled).toBeLessThan(50);
    expect(shifts).toBeGreaterThan(10);
    expect(readings.filter((r) => r.anomaly).length).toBe(labelled);
  });

  it("starts a drift of ±driftPerReading °C per reading, once per device, where it labels driftStart", () => {
    const o = { seed: 6, devices: 12, readingsPerDevice: 3000, anomalyRate: 0, disorderMs: 0 };
    const drifting = byDevice([...sensorStream({ ...o, driftRate: 0.0005, driftPerReading: 0.05 })]);
    const plain = byDevice([...sensorStream({ ...o, driftRate: 0.0005, driftPerReading: 0 })]);
    let started = 0;
    for (const [device, series] of drifting) {
      const base = plain.get(device)!;
      const starts = series.map((r, i) => (r.event === "driftStart" ? i : -1)).filter((i) => i >= 0);
      expect(starts.length).toBeLessThanOrEqual(1);
      const start = starts[0] ?? series.length;
      series.forEach((r, i) => {
        const expected = i < start ? 0 : (i - start + 1) * 0.05;
        expect(Math.abs(r.temp - base[i]!.temp)).toBeCloseTo(expected, 9);
      });
      started += starts.length;
    }
    expect(started).toBeGreaterThan(6); // 1 − (1 − 0.0005)^3000 = 78 % of 12 devices
  });

  it("drops runs of dropoutReadings readings, and count says how many are left", () => {
    const stream = sensorStream({ seed: 7, devices: 5, readingsPerDevice: 4000, disorderMs: 3000, dropoutRate: 0.002, dropoutReadings: 25 });
    const readings = [...stream];
    expect(stream.count).toBe(readings.length);
    expect(readings.length).toBeLessThan(5 * 4000);
    for (const series of byDevice(readings).values()) {
      const gaps = series.slice(1).map((r, i) => Math.round((r.ts - series[i]!.ts) / 1000) - 1).filter((g) => g > 0);
      expect(gaps.length).toBeGreaterThan(0);
      for (const g of gaps) expect(g).toBe(25);
    }
  });

  it("rejects bad rates and sizes by name", () => {
    expect(() => sensorStream({ dropoutRate: 1.5 })).toThrow("sensorStream: dropoutRate must be a number in [0, 1], got 1.5");
    expect(() => sensorStream({ levelShiftSize: -1 })).toThrow("sensorStream: levelShiftSize must be a finite number ≥ 0, got -1");
    expect(() => sensorStream({ dropoutReadings: 0 })).toThrow("sensorStream: dropoutReadings must be an integer ≥ 1, got 0");
  });
});
