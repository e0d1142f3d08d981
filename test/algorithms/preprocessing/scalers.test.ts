import { max, mean, min, variance } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { EstimatorConfigError, EstimatorInputError, MinMaxScaler, Random, StandardScaler } from "streamine/algorithms";

/** 300 records of 3 features on different scales: N(0,1), 100 + 20·N(0,1), uniform [−5, 5). */
function rows(seed: number, n = 300): number[][] {
  const r = new Random(seed);
  return Array.from({ length: n }, () => [r.nextGaussian(), 100 + 20 * r.nextGaussian(), 10 * r.next() - 5]);
}
const column = (xs: readonly number[][], j: number): number[] => xs.map((x) => x[j] as number);
/** |a − b| ≤ 1e-12·max(1, |b|): Welford against simple-statistics' two-pass sums on well-conditioned data. */
const close = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));

describe("StandardScaler", () => {
  it("keeps running means and population variances equal to simple-statistics' at every step", () => {
    const xs = rows(1);
    const s = new StandardScaler();
    xs.forEach((x, t) => {
      s.learnOne(x);
      if (t % 50 === 49 || t < 3) {
        const seen = xs.slice(0, t + 1);
        for (let j = 0; j < 3; j++) {
          close(s.means[j] as number, mean(column(seen, j)));
          close(s.variances[j] as number, variance(column(seen, j)));
        }
      }
    });
  });

  it("transforms with the statistics learned so far: (x − mean)/std", () => {
    const xs = rows(2, 100);
    const s = new StandardScaler();
    for (const x of xs) s.learnOne(x);
    const probe = [0.5, 90, -1];
    const z = s.transformOne(probe);
    for (let j = 0; j < 3; j++) {
      const c = column(xs, j);
      close(z[j] as number, ((probe[j] as number) - mean(c)) / Math.sqrt(variance(c)));
    }
    const centred = new StandardScaler({ withStd: false });
    for (const x of xs) centred.learnOne(x);
    close(centred.transformOne(probe)[1] as number, 90 - mean(column(xs, 1)));
  });

  it("scales a zero-variance feature to 0, and everything to 0 before learning", () => {
    const s = new StandardScaler();
    expect([...s.transformOne([3, 4])]).toEqual([0, 0]);
    expect([...new StandardScaler({ withStd: false }).transformOne([3, 4])]).toEqual([3, 4]);
    s.learnOne([3, 4]);
    expect([...s.transformOne([5, 4])]).toEqual([0, 0]); // one record: variance 0
    s.learnOne([5, 4]);
    expect([...s.transformOne([5, 4])]).toEqual([1, 0]); // mean 4, std 1; the constant feature stays 0
  });

  it("returns one scratch array, overwritten by the next call", () => {
    const s = new StandardScaler();
    s.learnOne([1]);
    s.learnOne([3]);
    const a = s.transformOne([3]);
    const b = s.transformOne([1]);
    expect(a).toBe(b);
    expect([...b]).toEqual([-1]);
  });

  it("rejects bad input naming the method, and bad options naming the constructor", () => {
    const s = new StandardScaler();
    s.learnOne([1, 2]);
    expect(() => s.transformOne([1, NaN])).toThrow("StandardScaler.transformOne: x[1] must be a finite number");
    expect(() => s.transformOne([1])).toThrow(EstimatorInputError);
    expect(() => new StandardScaler({ withStd: 1 as unknown as boolean })).toThrow(EstimatorConfigError);
    expect(() => new StandardScaler({ withMean: true } as object)).toThrow('StandardScaler.constructor: unknown option "withMean"');
  });
});

describe("MinMaxScaler", () => {
  it("tracks the running min and max (simple-statistics) and maps them to 0 and 1", () => {
    const xs = rows(3);
    const s = new MinMaxScaler();
    for (const x of xs) s.learnOne(x);
    for (let j = 0; j < 3; j++) {
      const c = column(xs, j);
      const lo = min(c);
      const hi = max(c);
      const probe = [0, 0, 0];
      probe[j] = lo;
      expect(s.transformOne(probe)[j]).toBe(0);
      probe[j] = hi;
      expect(s.transformOne(probe)[j]).toBe(1);
      probe[j] = (lo + hi) / 2;
      close(s.transformOne(probe)[j] as number, 0.5);
    }
  });

  it("maps values outside the range outside [0, 1] unless clip is set", () => {
    const open = new MinMaxScaler();
    const clipped = new MinMaxScaler({ clip: true });
    for (const s of [open, clipped]) {
      s.learnOne([0]);
      s.learnOne([10]);
    }
    expect([...open.transformOne([15])]).toEqual([1.5]);
    expect([...clipped.transformOne([15])]).toEqual([1]);
    expect([...clipped.transformOne([-5])]).toEqual([0]);
  });

  it("scales to 0 before learning and while a feature is constant", () => {
    const s = new MinMaxScaler();
    expect([...s.transformOne([1, 2])]).toEqual([0, 0]);
    s.learnOne([1, 2]);
    expect([...s.transformOne([7, 2])]).toEqual([0, 0]);
  });
});
