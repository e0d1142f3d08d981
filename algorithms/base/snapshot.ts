import { EstimatorConfigError } from "./input-error.js";

const MAGIC = [0x53, 0x54, 0x4d, 0x4e]; // "STMN"
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Writes an estimator snapshot: `[magic][type tag][format version][options JSON][state…]`, the
 * state as typed little-endian fields in the order the estimator chooses (Flink's
 * `TypeSerializerSnapshot`: the version says how to read what follows).
 * @internal
 */
export class SnapshotWriter {
  private bytes = new Uint8Array(256);
  private view = new DataView(this.bytes.buffer);
  private pos = 0;

  constructor(tag: string, version: number, options: object) {
    for (const b of MAGIC) this.u8(b);
    const t = encoder.encode(tag);
    this.u8(t.length);
    this.raw(t);
    this.u16(version);
    this.str(JSON.stringify(options));
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.pos + n));
    grown.set(this.bytes);
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  private raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.bytes.set(b, this.pos);
    this.pos += b.length;
  }

  u8(v: number): this {
    this.ensure(1);
    this.view.setUint8(this.pos, v);
    this.pos += 1;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
    return this;
  }

  f64(v: number): this {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
    return this;
  }

  bool(v: boolean): this {
    return this.u8(v ? 1 : 0);
  }

  str(s: string): this {
    const b = encoder.encode(s);
    this.u32(b.length);
    this.raw(b);
    return this;
  }

  f64s(values: ArrayLike<number>): this {
    this.u32(values.length);
    this.ensure(values.length * 8);
    for (let i = 0; i < values.length; i++) this.f64(values[i] as number);
    return this;
  }

  json(value: unknown): this {
    return this.str(JSON.stringify(value));
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.pos);
  }
}

/** Reads the fields of a snapshot in the order they were written. @internal */
export class SnapshotReader {
  private readonly view: DataView;
  private pos = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly where: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new EstimatorConfigError(`${this.where}: snapshot is truncated`);
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  bool(): boolean {
    return this.u8() !== 0;
  }

  str(): string {
    const n = this.u32();
    this.need(n);
    const s = decoder.decode(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }

  f64s(): Float64Array {
    const n = this.u32();
    this.need(n * 8);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.f64();
    return out;
  }

  json<T>(): T {
    return JSON.parse(this.str()) as T;
  }

  /** Throws unless every byte was read: trailing bytes mean a format mismatch. */
  end(): void {
    if (this.pos !== this.bytes.length) {
      throw new EstimatorConfigError(`${this.where}: snapshot has ${this.bytes.length - this.pos} unread bytes`);
    }
  }
}

/** The header of a snapshot: which class wrote it, in which format version, with which options. */
export interface SnapshotHeader {
  readonly tag: string;
  readonly version: number;
  readonly options: unknown;
  readonly reader: SnapshotReader;
}

/**
 * Opens snapshot `bytes` for `Class.restore`: checks the magic, that the type tag is `tag` and
 * that the version is one of `versions`; a mismatch throws naming both sides.
 */
export function openSnapshot(bytes: Uint8Array, tag: string, versions: readonly number[]): SnapshotHeader {
  const where = `${tag}.restore`;
  if (!(bytes instanceof Uint8Array)) throw new EstimatorConfigError(`${where}: expected a Uint8Array snapshot`);
  const reader = new SnapshotReader(bytes, where);
  for (const b of MAGIC) {
    if (reader.u8() !== b) throw new EstimatorConfigError(`${where}: not a streamine estimator snapshot`);
  }
  const tagLength = reader.u8();
  let found = "";
  for (let i = 0; i < tagLength; i++) found += String.fromCharCode(reader.u8());
  const version = reader.u16();
  if (found !== tag) {
    throw new EstimatorConfigError(`${where}: the bytes hold a ${found} snapshot (version ${version}), not a ${tag} snapshot`);
  }
  if (!versions.includes(version)) {
    throw new EstimatorConfigError(`${where}: ${tag} snapshot version ${version} is not supported (supported: ${versions.join(", ")})`);
  }
  return { tag: found, version, options: reader.json<unknown>(), reader };
}
