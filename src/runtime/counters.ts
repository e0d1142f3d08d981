/**
 * Per-operator record counters. For every operator `in = out + filtered + deadLettered + late`:
 * `out` counts inputs it handled successfully (passed on, absorbed into window state, written
 * by a sink), `emitted` counts records it sent downstream, which for a 1:1 operator equals `out`
 * and for windows and flatMap does not. Each operator's `in` equals the `emitted` of its inputs.
 * @public
 */
export interface OperatorCounters {
  in: number;
  out: number;
  emitted: number;
  filtered: number;
  deadLettered: number;
  late: number;
}

export function newCounters(): OperatorCounters {
  return { in: 0, out: 0, emitted: 0, filtered: 0, deadLettered: 0, late: 0 };
}
