import { Random } from "../../algorithms/base/random.js";

/** One reading of a simulated IoT sensor. @public */
export interface SensorReading {
  /** Device id `sensor-<n>`, n zero-padded to the width of the last id (`sensor-00` … `sensor-19`). */
  readonly device: string;
  /** Event time in ms: when the device took the reading. */
  readonly ts: number;
  /** Temperature in °C. */
  readonly temp: number;
  /** Vibration RMS in mm/s (never negative). */
  readonly vibration: number;
  /** Ground truth: `true` when an event was injected at this reading (`event` says which). */
  readonly anomaly: boolean;
  /** Ground truth: "spike" (this reading only), "levelShift" (the device's level jumps from here on), "driftStart" (its level starts to creep from here on), or "none". */
  readonly event: SensorEvent;
}

/** What {@link sensorStream} injected at a reading. @public */
export type SensorEvent = "none" | "spike" | "levelShift" | "driftStart";

/** Options of {@link sensorStream}. @public */
export interface SensorStreamOptions {
  /** Seed of the generator; default 42. Equal options give identical streams. */
  seed?: number;
  /** Number of devices; default 10. */
  devices?: number;
  /** Readings per device; default 1_000. The stream has `devices × readingsPerDevice` readings. */
  readingsPerDevice?: number;
  /** Event time of the first reading period in ms; default 0. */
  startMs?: number;
  /** Each device reports every `intervalMs` ms of event time; default 1_000. */
  intervalMs?: number;
  /**
   * Largest delay in ms between taking a reading and emitting it; default 2_000. Delays are
   * uniform integers in `[0, disorderMs]`, so every reading's `ts` is at least the largest `ts`
   * emitted before it minus `disorderMs`: `watermarks.boundedOutOfOrderness(disorderMs)` never
   * sees a late reading. 0 gives a stream in event-time order.
   */
  disorderMs?: number;
  /** Probability that a reading carries an injected spike (`anomaly: true`); default 0.01. */
  anomalyRate?: number;
  /** Amplitude in °C of a sinusoidal cycle of period `seasonPeriodMs` (all devices in phase); default 0 (none). */
  seasonAmplitude?: number;
  /** Period of the seasonal cycle in ms; default 86_400_000 (a day). */
  seasonPeriodMs?: number;
  /** Probability per reading that the device's temperature level jumps by ±`levelShiftSize` for good; default 0. */
  levelShiftRate?: number;
  /** Size in °C of a level shift; default 6. */
  levelShiftSize?: number;
  /** Probability per reading that a device not yet drifting starts to creep by `driftPerReading` °C per reading; default 0. */
  driftRate?: number;
  /** °C per reading of a drifting device (sign drawn per drift); default 0.02. */
  driftPerReading?: number;
  /** Probability per reading that the device falls silent for `dropoutReadings` readings (they are never emitted); default 0. */
  dropoutRate?: number;
  /** Length of a dropout in readings; default 30. */
  dropoutReadings?: number;
}

/** A re-iterable generated stream: each iteration replays the same readings. @public */
export interface SensorStream extends Iterable<SensorReading> {
  /** The options with every default filled in. */
  readonly options: Readonly<Required<SensorStreamOptions>>;
  /** Number of readings one iteration yields (devices × readingsPerDevice, less the dropouts). */
  readonly count: number;
}

const DEFAULTS: Required<SensorStreamOptions> = {
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
};

/**
 * A seeded stream of IoT sensor readings with bounded disorder and injected anomalies.
 *
 * @remarks
 * Device `d` takes reading `i` at `ts = startMs + phase(d) + i · intervalMs`, with a fixed
 * per-device phase in `[0, intervalMs)`. Each reading gets an arrival time `ts + delay`,
 * `delay` uniform in `[0, disorderMs]`, and readings are yielded in arrival order (ties in
 * generation order), so the disorder is bounded by `disorderMs`. Temperatures follow a
 * per-device baseline with a slow drift and Gaussian noise; vibration likewise. With
 * probability `anomalyRate` a reading gets a spike (+12 to +20 °C and 4–8× vibration) and
 * `anomaly: true`, `event: "spike"`.
 *
 * Optional realism, all off by default (and then drawing no random numbers, so a stream's readings
 * do not change when an option is added): a shared seasonal cycle; level shifts (the reading where
 * the level jumps is labelled "levelShift"); slow drifts (labelled "driftStart" where the creep
 * begins; a device drifts at most once); dropouts (runs of readings never emitted: `count` is
 * then found by a dry run, once). Generation is lazy: memory stays proportional to
 * `devices × (disorderMs / intervalMs + 1)`.
 * @param options - see {@link SensorStreamOptions}; every option has a default.
 * @example
 * ```ts
 * import { sensorStream } from "streamine/datasets";
 * const stream = sensorStream({ seed: 7, devices: 3, readingsPerDevice: 100 });
 * const readings = [...stream];
 * expect(readings).toHaveLength(300);
 * expect(stream.count).toBe(300);
 * expect([...stream]).toEqual(readings);
 * expect(new Set(readings.map((r) => r.device))).toEqual(new Set(["sensor-0", "sensor-1", "sensor-2"]));
 * ```
 * @public
 */
export function sensorStream(options: SensorStreamOptions = {}): SensorStream {
  const o = resolveOptions(options);
  let count = o.dropoutRate > 0 ? -1 : o.devices * o.readingsPerDevice;
  return {
    options: o,
    get count(): number {
      if (count < 0) {
        count = 0;
        for (const _ of generate(o)) count++;
      }
      return count;
    },
    [Symbol.iterator]: () => generate(o),
  };
}

function resolveOptions(options: SensorStreamOptions): Readonly<Required<SensorStreamOptions>> {
  if (typeof options !== "object" || options === null) throw new TypeError("sensorStream: options must be an object");
  for (const key of Object.keys(options)) {
    if (!(key in DEFAULTS)) {
      throw new TypeError(`sensorStream: unknown option "${key}" (allowed: ${Object.keys(DEFAULTS).join(", ")})`);
    }
  }
  const o = { ...DEFAULTS };
  for (const [key, value] of Object.entries(options) as [keyof SensorStreamOptions, number | undefined][]) {
    if (value !== undefined) o[key] = value;
  }
  requireInteger("seed", o.seed, -(2 ** 31));
  requireInteger("devices", o.devices, 1);
  requireInteger("readingsPerDevice", o.readingsPerDevice, 0);
  requireInteger("startMs", o.startMs, Number.MIN_SAFE_INTEGER);
  requireInteger("intervalMs", o.intervalMs, 1);
  requireInteger("disorderMs", o.disorderMs, 0);
  for (const name of ["anomalyRate", "levelShiftRate", "driftRate", "dropoutRate"] as const) requireProbability(name, o[name]);
  for (const name of ["seasonAmplitude", "levelShiftSize", "driftPerReading"] as const) {
    if (typeof o[name] !== "number" || !(o[name] >= 0 && Number.isFinite(o[name]))) throw new RangeError(`sensorStream: ${name} must be a finite number ≥ 0, got ${String(o[name])}`);
  }
  requireInteger("seasonPeriodMs", o.seasonPeriodMs, 1);
  requireInteger("dropoutReadings", o.dropoutReadings, 1);
  return Object.freeze(o);
}

function requireProbability(name: string, value: number): void {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) throw new RangeError(`sensorStream: ${name} must be a number in [0, 1], got ${String(value)}`);
}

function requireInteger(name: string, value: number, min: number): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`sensorStream: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
}

interface Device {
  readonly id: string;
  readonly phaseMs: number;
  readonly baseTemp: number;
  readonly baseVibration: number;
  readonly driftPeriod: number;
  /** °C added by level shifts and drift so far. */
  offset: number;
  drifting: boolean;
  /** °C per reading of the drift (0 until it starts). */
  creep: number;
  /** Readings left in the current dropout. */
  silentFor: number;
  /** A level shift or drift start that fell in a dropout, to label on the next emitted reading. */
  pending: SensorEvent;
}

interface Pending {
  readonly arrival: number;
  readonly seq: number;
  readonly reading: SensorReading;
}

function* generate(o: Readonly<Required<SensorStreamOptions>>): Generator<SensorReading, void, undefined> {
  const rng = new Random(o.seed);
  const width = String(o.devices - 1).length;
  const devices: Device[] = [];
  for (let d = 0; d < o.devices; d++) {
    devices.push({
      id: `sensor-${String(d).padStart(width, "0")}`,
      phaseMs: rng.nextInt(o.intervalMs),
      baseTemp: 20 + 5 * rng.nextGaussian(),
      baseVibration: 1 + 0.5 * rng.next(),
      driftPeriod: 600 + rng.nextInt(1_800),
      offset: 0,
      drifting: false,
      creep: 0,
      silentFor: 0,
      pending: "none",
    });
  }
  const heap = new ArrivalHeap();
  let seq = 0;
  for (let i = 0; i < o.readingsPerDevice; i++) {
    for (const dev of devices) {
      const ts = o.startMs + dev.phaseMs + i * o.intervalMs;
      const drift = Math.sin((2 * Math.PI * i) / dev.driftPeriod);
      let temp = dev.baseTemp + 2 * drift + 0.5 * rng.nextGaussian();
      let vibration = Math.abs(dev.baseVibration + 0.1 * drift + 0.05 * rng.nextGaussian());
      const spike = rng.next() < o.anomalyRate;
      if (spike) {
        temp += 12 + 8 * rng.next();
        vibration *= 4 + 4 * rng.next();
      }
      const delay = rng.nextInt(o.disorderMs + 1);
      const shift = inject(dev, o, rng);
      if (o.seasonAmplitude > 0) temp += o.seasonAmplitude * Math.sin((2 * Math.PI * ts) / o.seasonPeriodMs);
      temp += dev.offset;
      if (dev.silentFor > 0 || (o.dropoutRate > 0 && rng.next() < o.dropoutRate)) {
        dev.silentFor = dev.silentFor > 0 ? dev.silentFor - 1 : o.dropoutReadings - 1;
        // A shift during a dropout is labelled on the device's next emitted reading.
        if (shift !== "none") dev.pending = shift;
        continue;
      }
      const event: SensorEvent = spike ? "spike" : shift !== "none" ? shift : dev.pending;
      dev.pending = spike ? (shift !== "none" ? shift : dev.pending) : "none";
      heap.push({ arrival: ts + delay, seq: seq++, reading: { device: dev.id, ts, temp, vibration, anomaly: event !== "none", event } });
    }
    // Every later reading has ts, hence arrival, ≥ this bound: what arrives before it is final.
    const nextRoundStart = o.startMs + (i + 1) * o.intervalMs;
    while (heap.size > 0 && heap.peekArrival() < nextRoundStart) yield heap.pop().reading;
  }
  while (heap.size > 0) yield heap.pop().reading;
}

/** Draws this reading's level shift or drift start, if enabled, and moves the device's level. */
function inject(dev: Device, o: Readonly<Required<SensorStreamOptions>>, rng: Random): SensorEvent {
  let event: SensorEvent = "none";
  if (o.levelShiftRate > 0 && rng.next() < o.levelShiftRate) {
    dev.offset += (rng.next() < 0.5 ? -1 : 1) * o.levelShiftSize;
    event = "levelShift";
  }
  // Drawn on every reading, drifting or not, so driftPerReading changes no other reading.
  if (o.driftRate > 0 && rng.next() < o.driftRate && !dev.drifting) {
    dev.drifting = true;
    dev.creep = (rng.next() < 0.5 ? -1 : 1) * o.driftPerReading;
    if (event === "none") event = "driftStart";
  }
  dev.offset += dev.creep;
  return event;
}

/** A binary min-heap on (arrival, seq). */
class ArrivalHeap {
  private readonly items: Pending[] = [];

  get size(): number {
    return this.items.length;
  }

  peekArrival(): number {
    return this.items[0]?.arrival ?? Infinity;
  }

  push(p: Pending): void {
    const a = this.items;
    a.push(p);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const up = a[parent];
      if (up === undefined || !before(p, up)) break;
      a[i] = up;
      i = parent;
    }
    a[i] = p;
  }

  pop(): Pending {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined) throw new Error("ArrivalHeap.pop: empty heap");
    if (a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const left = a[l];
      if (left === undefined) break;
      const right = a[l + 1];
      const useRight = right !== undefined && before(right, left);
      const child = useRight ? right : left;
      if (!before(child, last)) break;
      a[i] = child;
      i = useRight ? l + 1 : l;
    }
    a[i] = last;
    return top;
  }
}

function before(x: Pending, y: Pending): boolean {
  return x.arrival < y.arrival || (x.arrival === y.arrival && x.seq < y.seq);
}
