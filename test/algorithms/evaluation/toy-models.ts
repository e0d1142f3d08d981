// Tiny hand-checkable models for the prequential evaluation tests.
import type { Label } from "streamine/algorithms";

/** Predicts the last label it learned (0 before any) and logs the labels and first features it learned. */
export function lastValue() {
  const learned: number[] = [];
  const learnedX: number[] = [];
  return {
    learned,
    learnedX,
    predictOne: (_x: ArrayLike<number>): number => learned.at(-1) ?? 0,
    learnOne: (x: ArrayLike<number>, y: number): void => {
      learned.push(y);
      learnedX.push(x[0] ?? NaN);
    },
  };
}

/** A classifier predicting the label frequencies learned so far. */
export function frequencies() {
  const counts = new Map<Label, number>();
  let n = 0;
  return {
    predictProbaOne: (_x: ArrayLike<number>): Map<Label, number> => new Map([...counts].map(([k, c]) => [k, c / n])),
    learnOne: (_x: ArrayLike<number>, y: Label): void => {
      counts.set(y, (counts.get(y) ?? 0) + 1);
      n++;
    },
  };
}
