import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { chickWeightsFeatures, loadChickWeights, loadTrumpApproval, trumpApprovalFeatures } from "streamine/datasets";

describe("loadTrumpApproval (River datasets.TrumpApproval)", () => {
  const data = loadTrumpApproval();

  it("has River's 1,001 samples of 6 features, target five_thirty_eight", () => {
    expect(data).toHaveLength(1001);
    expect(trumpApprovalFeatures).toEqual(["ordinal_date", "gallup", "ipsos", "morning_consult", "rasmussen", "you_gov"]);
    for (const s of data) {
      expect(s.x).toHaveLength(6);
      expect(s.x.every(Number.isFinite) && Number.isFinite(s.y)).toBe(true);
    }
  });

  it("reads the first and last rows of the file", () => {
    // 736389,43.75505,43.843213,46.19925042857143,48.318749,44.104692,43.636914000000004
    expect(data[0]?.y).toBe(43.75505);
    expect([...(data[0]?.x ?? [])]).toEqual([736389, 43.843213, 46.19925042857143, 48.318749, 44.104692, 43.636914000000004]);
    // 737389,41.740203,43.843213,40.570679,37.818749,40.104692,41.636914000000004: one row a day
    expect(data[1000]?.x[0]).toBe(737389);
    expect(data[1000]?.y).toBe(41.740203);
  });
});

describe("loadChickWeights (River datasets.ChickWeights)", () => {
  const data = loadChickWeights();

  it("has River's 578 samples of 3 features (time, chick, diet), target weight", () => {
    expect(data).toHaveLength(578);
    expect(chickWeightsFeatures).toEqual(["time", "chick", "diet"]);
    for (const s of data) {
      expect(s.x).toHaveLength(3);
      expect(s.x.every(Number.isInteger) && Number.isInteger(s.y)).toBe(true);
    }
    expect(new Set(data.map((s) => s.x[1])).size).toBe(50); // 50 chicks
    expect(new Set(data.map((s) => s.x[2]))).toEqual(new Set([1, 2, 3, 4]));
  });

  it("reads the first and last rows, ordered by time then chick", () => {
    expect(data[0]).toEqual({ x: new Float64Array([0, 1, 1]), y: 42 });
    expect(data[577]).toEqual({ x: new Float64Array([21, 50, 4]), y: 264 });
    for (let i = 1; i < data.length; i++) expect(data[i]?.x[0]).toBeGreaterThanOrEqual(data[i - 1]?.x[0] ?? Infinity);
  });
});

describe("River loaders: data folder", () => {
  it("accept the data folder explicitly", () => {
    const dir = fileURLToPath(new URL("../../../shared/data", import.meta.url));
    expect(loadChickWeights(dir)).toHaveLength(578);
  });

  it("name the missing file when the folder is wrong", () => {
    expect(() => loadTrumpApproval("/nonexistent-streamine-data")).toThrow(
      "loadTrumpApproval: missing file /nonexistent-streamine-data/river/trump_approval.csv.gz. Set STREAMINE_DATA to the data folder",
    );
    expect(() => loadChickWeights("/nonexistent-streamine-data")).toThrow("loadChickWeights: missing file /nonexistent-streamine-data/river/chick-weights.csv.");
  });
});
