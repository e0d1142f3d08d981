// Detection delay and false alarms of every drift detector on seeded synthetic streams with a
// known change point (issue 4 §4), and the §6 targets on River's doc stream shape. The bounds are
// the measured figures (stated beside each) with some slack; nothing here is computed by the code under test.
import { describe, expect, it } from "vitest";
import { ADWIN, DDM, EDDM, HDDM_A, HDDM_W, PageHinkley, Random } from "streamine/algorithms";

interface Detector {
  update(x: number): void;
  readonly drift: boolean;
}

/** River's doc stream: 1,000 draws from {0, 1}, then 1,000 from {4, 5, 6, 7}; change at index 1,000. */
function riverDocStream(seed: number): number[] {
  const r = new Random(seed);
  const out: number[] = [];
  for (let i = 0; i < 1_000; i++) out.push(r.nextInt(2));
  for (let i = 0; i < 1_000; i++) out.push(4 + r.nextInt(4));
  return out;
}

/** An error stream: Bernoulli(p0) before `change`, Bernoulli(p1) from it on. */
function errors(seed: number, n: number, change: number, p0: number, p1: number): number[] {
  const r = new Random(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.next() < (i < change ? p0 : p1) ? 1 : 0);
  return out;
}

/** Gaussian values: N(0, 1) before `change`, N(shift, 1) from it on. */
function gaussian(seed: number, n: number, change: number, shift: number): number[] {
  const r = new Random(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.nextGaussian() + (i < change ? 0 : shift));
  return out;
}

function detections(d: Detector, stream: readonly number[]): number[] {
  const out: number[] = [];
  stream.forEach((x, i) => {
    d.update(x);
    if (d.drift) out.push(i);
  });
  return out;
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];

describe("§6 quality targets on River's doc stream (change at 1,000)", () => {
  it.each([12345, 1, 2, 3, 4, 5, 42])("Page-Hinkley (defaults) first detects within 10 samples of the change, seed %i", (seed) => {
    const first = detections(new PageHinkley(), riverDocStream(seed))[0];
    expect(first).toBeGreaterThanOrEqual(1_000);
    expect(first).toBeLessThanOrEqual(1_010); // measured 1003–1009 over these seeds
  });

  it.each([12345, 1, 2, 3, 4, 5, 42])("ADWIN with clock 1 detects once, within 10 samples of the change, seed %i", (seed) => {
    const found = detections(new ADWIN({ clock: 1 }), riverDocStream(seed));
    expect(found.length).toBe(1);
    expect(found[0]).toBeGreaterThanOrEqual(1_000);
    expect(found[0]).toBeLessThanOrEqual(1_010); // measured 1003–1004
  });

  it("ADWIN with the default clock 32 detects at the first check after the change (index 1023, as River's doc example)", () => {
    // Checks run after updates 32, 64, …; 1023 is the 1024th update, the first check past 1000 + minWindowLength.
    for (const seed of [12345, 1, 2]) expect(detections(new ADWIN(), riverDocStream(seed))).toEqual([1023]);
  });
});

interface Case {
  readonly name: string;
  readonly make: () => Detector;
  readonly stream: (seed: number) => number[];
  /** Alarms before the change, summed over the seeds (measured; see beside each case). */
  readonly maxFalseAlarms: number;
  /** Largest delay from the change to the first detection at or after it, over the seeds. */
  readonly maxDelay: number;
}

const N = 4_000;
const CHANGE = 2_000;
const bernoulli = (seed: number): number[] => errors(seed, N, CHANGE, 0.2, 0.5);
const normal = (seed: number): number[] => gaussian(seed, N, CHANGE, 1);

// Measured over SEEDS (20 streams of 4,000, change at 2,000): false alarms before the change / largest delay.
const cases: Case[] = [
  // 0 / 79
  { name: "ADWIN on N(0,1) → N(1,1)", make: () => new ADWIN(), stream: normal, maxFalseAlarms: 0, maxDelay: 90 },
  // 0 / 50
  { name: "ADWIN clock 1 on N(0,1) → N(1,1)", make: () => new ADWIN({ clock: 1 }), stream: normal, maxFalseAlarms: 0, maxDelay: 60 },
  // 0 / 143
  { name: "ADWIN on errors 20 % → 50 %", make: () => new ADWIN(), stream: bernoulli, maxFalseAlarms: 0, maxDelay: 160 },
  // 20 / 77 (δ = 0.005 is small against σ = 1)
  { name: "PageHinkley on N(0,1) → N(1,1)", make: () => new PageHinkley(), stream: normal, maxFalseAlarms: 22, maxDelay: 90 },
  // 8 / 698
  { name: "DDM on errors 20 % → 50 %", make: () => new DDM(), stream: bernoulli, maxFalseAlarms: 10, maxDelay: 720 },
  // 22 / 1028 (EDDM targets gradual drift; its maximum of p′ + 2s′ is set early and high)
  { name: "EDDM (alpha 0.8, beta 0.75) on errors 20 % → 50 %", make: () => new EDDM({ alpha: 0.8, beta: 0.75 }), stream: bernoulli, maxFalseAlarms: 25, maxDelay: 1_100 },
  // 1 / 205
  { name: "HDDM_A on errors 20 % → 50 %", make: () => new HDDM_A(), stream: bernoulli, maxFalseAlarms: 2, maxDelay: 220 },
  // 4 / 48
  { name: "HDDM_W on errors 20 % → 50 %", make: () => new HDDM_W(), stream: bernoulli, maxFalseAlarms: 5, maxDelay: 60 },
];

describe.each(cases)("$name", ({ make, stream, maxFalseAlarms, maxDelay }) => {
  it(`stays within the measured false alarms before the change at ${CHANGE} and detects it within the stated delay, over ${SEEDS.length} seeds`, () => {
    let falseAlarms = 0;
    const delays: number[] = [];
    for (const seed of SEEDS) {
      const found = detections(make(), stream(seed));
      falseAlarms += found.filter((i) => i < CHANGE).length;
      const first = found.find((i) => i >= CHANGE);
      expect(first, `seed ${seed} missed the change`).toBeDefined();
      delays.push((first as number) - CHANGE);
    }
    expect(falseAlarms).toBeLessThanOrEqual(maxFalseAlarms);
    expect(Math.max(...delays)).toBeLessThanOrEqual(maxDelay);
  });
});

describe("false alarms on long stationary streams (20 seeds × 10,000 samples)", () => {
  const count = (make: () => Detector, gen: (seed: number) => number[]): number =>
    SEEDS.reduce((s, seed) => s + detections(make(), gen(seed)).length, 0);
  const flat01 = (seed: number): number[] => errors(seed, 10_000, 10_000, 0.2, 0.2);
  const flatN = (seed: number): number[] => gaussian(seed, 10_000, 10_000, 0);

  it.each([
    // [name, detector, stream, bound]; the measured count is in each name.
    ["ADWIN, N(0,1): measured 0", () => new ADWIN(), flatN, 0],
    ["ADWIN clock 1, N(0,1): measured 0", () => new ADWIN({ clock: 1 }), flatN, 0],
    ["ADWIN, errors 20 %: measured 0", () => new ADWIN(), flat01, 0],
    ["PageHinkley defaults, N(0,1): measured 120 (δ = 0.005 is small against σ = 1)", () => new PageHinkley(), flatN, 130],
    ["DDM, errors 20 %: measured 8", () => new DDM(), flat01, 10],
    ["EDDM defaults, errors 20 %: measured 545 (River's doc also raises alpha/beta for this reason)", () => new EDDM(), flat01, 600],
    ["EDDM alpha 0.8 beta 0.75, errors 20 %: measured 22", () => new EDDM({ alpha: 0.8, beta: 0.75 }), flat01, 25],
    ["HDDM_A, errors 20 %: measured 2", () => new HDDM_A(), flat01, 3],
    ["HDDM_W, errors 20 %: measured 15", () => new HDDM_W(), flat01, 18],
  ] as const)("%s", (_name, make, gen, bound) => {
    expect(count(make, gen)).toBeLessThanOrEqual(bound);
  });
});
