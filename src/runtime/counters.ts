/**
 * Per-operator record counters. For every operator `in = out + filtered + deadLettered + late`:
 * `out` counts inputs it handled successfully (passed on, absorbed into window state, written
 * by a sink), `emitted` counts records it sent downstream, which for a 1:1 operator equals `out`
 * and for windows and flatMap does not; `side` counts records sent to each consumed side output,
 * by tag (name#id). Each operator's `in` is the sum, over its inputs, of `emitted` (main output)
 * or `side[tag]` (a side output).
 * @public
 */
export interface OperatorCounters {
  in: number;
  out: number;
  emitted: number;
  filtered: number;
  deadLettered: number;
  late: number;
  side: Record<string, number>;
}

export function newCounters(): OperatorCounters {
  return { in: 0, out: 0, emitted: 0, filtered: 0, deadLettered: 0, late: 0, side: {} };
}
