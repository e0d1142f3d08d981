// NAB's real series replayed as devices: every row once, merged in event time, labels matching
// the windows of labels/combined_windows.json.
import { describe, expect, it } from "vitest";
import { loadNabLabels, loadNabSeries, nabDeviceReadings } from "streamine/datasets";

describe("nabDeviceReadings", () => {
  it("replays every row of realKnownCause and realAWSCloudwatch once, one device per file, in timestamp order", () => {
    const readings = nabDeviceReadings();
    const files = loadNabLabels().filter((f) => f.category === "realKnownCause" || f.category === "realAWSCloudwatch");
    expect(files).toHaveLength(24);
    expect(readings).toHaveLength(files.reduce((n, f) => n + f.rows, 0));
    for (let i = 1; i < readings.length; i++) expect((readings[i]?.ts ?? 0) >= (readings[i - 1]?.ts ?? 0)).toBe(true);
    const taxi = readings.filter((r) => r.device === "nyc_taxi");
    const series = loadNabSeries("realKnownCause/nyc_taxi.csv");
    expect(taxi.map((r) => r.value)).toEqual([...series.values]);
    expect(taxi.map((r) => r.ts)).toEqual([...series.timestamps]);
  });

  it("marks exactly the rows inside each file's labelled windows", () => {
    const readings = nabDeviceReadings({ categories: ["realKnownCause"] });
    for (const file of loadNabLabels().filter((f) => f.category === "realKnownCause")) {
      const marks = readings.filter((r) => r.device === file.name).map((r) => r.inAnomalyWindow);
      const expected = Array.from({ length: file.rows }, (_, i) => file.windows.some((w) => i >= w.start && i <= w.end));
      expect(marks, file.name).toEqual(expected);
    }
  });

  it("names a category that has no files", () => {
    expect(() => nabDeviceReadings({ categories: ["realKnownCause", "nope"] })).toThrow("nabDeviceReadings: no NAB files in category nope");
  });
});
