import { createHash } from "node:crypto";
import { JetStreamApiCodes, JetStreamApiError, jetstream } from "@nats-io/jetstream";
import { Kvm, type KV, type KvEntry } from "@nats-io/kv";
import { Objm, type ObjectStore } from "@nats-io/obj";
import type { NatsConnection } from "@nats-io/transport-node";
import { connectNats, describeServers, validateConnectionOptions, type NatsConnectionOptions } from "../connectors/nats/connection.js";
import { CheckpointError, ConfigError } from "../errors.js";
import type { CheckpointStorage } from "./fs-storage.js";

/**
 * Where and how {@link CheckpointOptions.jetstream} stores checkpoints: a NATS server with
 * JetStream (connection options as every NATS connector takes them) and the bucket.
 * @public
 */
export interface JetStreamCheckpointOptions extends NatsConnectionOptions {
  /**
   * Name of the KV bucket (manifests, `latest` pointer) and of the Object Store bucket
   * (checkpoint blobs); letters, digits, `-` and `_`. Default: `ckpt-` and the pipeline's name,
   * other characters replaced by `_`.
   */
  bucket?: string;
}

const BUCKET = /^[A-Za-z0-9_-]+$/;
const LATEST = "latest";

/** The bucket used when none is given: `ckpt-<pipeline>`, characters NATS refuses replaced by `_`. @internal */
export function defaultCheckpointBucket(pipeline: string): string {
  return `ckpt-${pipeline.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** Throws a {@link ConfigError} naming the first bad field of `o`. @internal */
export function validateJetStreamOptions(where: string, o: JetStreamCheckpointOptions): void {
  validateConnectionOptions(where, o, ["bucket"]);
  if (o.bucket !== undefined && (typeof o.bucket !== "string" || !BUCKET.test(o.bucket))) {
    throw new ConfigError(`${where}.bucket must be letters, digits, "-" and "_" only, got ${JSON.stringify(o.bucket)}`);
  }
}

/** What the KV bucket holds for each checkpoint; the `latest` pointer holds a copy of the newest. */
interface Manifest {
  readonly id: number;
  readonly object: string;
  readonly size: number;
  readonly sha256: string;
  readonly createdAtMs: number;
}

interface Handles {
  readonly nc: NatsConnection;
  readonly kv: KV;
  readonly os: ObjectStore;
}

const pad = (id: number): string => String(id).padStart(10, "0");
const objectName = (id: number): string => `chk-${pad(id)}`;
const manifestKey = (id: number): string => `manifest.${pad(id)}`;
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Checkpoints in NATS JetStream. The Object Store bucket holds one object per checkpoint
 * (`chk-<id>`); the KV bucket of the same name holds a manifest per checkpoint
 * (`manifest.<id>`: id, object, size, sha256, createdAtMs) and the `latest` pointer.
 *
 * @remarks
 * A write uploads the object, then its manifest, then moves `latest` with compare-and-set on
 * the revision this storage last read or wrote, and only then deletes checkpoints older than
 * the newest `keep`. A crash at any step leaves the pointer on a complete checkpoint. Two
 * processes of one job sharing a bucket fail loudly: the one whose pointer revision is stale
 * refuses to publish (checked before uploading and enforced by the compare-and-set). If both
 * upload the same id at the same instant, the loser may replace the object under the winner's
 * pointer; the pointer carries the winner's size and SHA-256, so reading it then fails, naming
 * the object, rather than restoring the wrong state.
 * @internal
 */
export class JetStreamCheckpointStorage implements CheckpointStorage {
  readonly description: string;
  private handles: Promise<Handles> | null = null;
  /** Revision of `latest` this storage last read or wrote (0: none); undefined until read. */
  private pointerRevision: number | undefined = undefined;

  constructor(
    private readonly options: JetStreamCheckpointOptions,
    readonly bucket: string,
    private readonly keep: number,
  ) {
    this.description = `JetStream bucket "${bucket}" on ${this.servers()}`;
  }

  async write(id: number, bytes: Uint8Array): Promise<void> {
    const { kv, os } = await this.open();
    // Checked before uploading so a stale writer touches nothing; the compare-and-set enforces it.
    const current = await this.readPointer(kv);
    const expected = current?.revision ?? 0;
    const seen = this.pointerRevision;
    if (seen === undefined ? current !== null && current.manifest.id >= id : expected !== seen) throw this.stale(id, current);
    const manifest: Manifest = { id, object: objectName(id), size: bytes.length, sha256: sha256(bytes), createdAtMs: Date.now() };
    const json = JSON.stringify(manifest);
    try {
      await os.putBlob({ name: manifest.object }, bytes);
      await kv.put(manifestKey(id), json);
    } catch (error) {
      throw new CheckpointError(`cannot write checkpoint ${id} as object "${manifest.object}" to ${this.description}: ${message(error)}`, { cause: error });
    }
    try {
      this.pointerRevision = expected === 0 ? await kv.create(LATEST, json) : await kv.update(LATEST, json, expected);
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamWrongLastSequence) {
        throw this.stale(id, await this.readPointer(kv).catch(() => null));
      }
      throw new CheckpointError(`cannot move the "${LATEST}" pointer to checkpoint ${id} in ${this.description}: ${message(error)}`, { cause: error });
    }
    await this.prune(kv, os, id);
  }

  async latest(): Promise<{ id: number; bytes: Uint8Array; name: string } | null> {
    const { kv, os } = await this.open();
    const pointer = await this.readPointer(kv);
    this.pointerRevision = pointer?.revision ?? 0;
    if (pointer === null) return null;
    const m = pointer.manifest;
    const where = `pointer "${LATEST}" in KV bucket "${this.bucket}" names object "${m.object}" in Object Store "${this.bucket}" on ${this.servers()}`;
    let bytes: Uint8Array | null;
    try {
      bytes = await os.getBlob(m.object);
    } catch (error) {
      throw new CheckpointError(`checkpoint ${m.id}: ${where}, which cannot be read: ${message(error)}`, { cause: error });
    }
    if (bytes === null) throw new CheckpointError(`checkpoint ${m.id}: ${where}, which is missing`);
    if (bytes.length !== m.size || sha256(bytes) !== m.sha256) {
      throw new CheckpointError(`checkpoint ${m.id}: ${where}, which is corrupt: ${bytes.length} bytes, expected ${m.size} with SHA-256 ${m.sha256}`);
    }
    return { id: m.id, bytes, name: `${this.bucket}/${m.object}` };
  }

  /** Closes the connection, if one was opened; later calls open a new one. */
  async close(): Promise<void> {
    const handles = this.handles;
    this.handles = null;
    if (handles === null) return;
    const h = await handles.catch(() => null);
    if (h !== null && !h.nc.isClosed()) await h.nc.close();
  }

  private open(): Promise<Handles> {
    this.handles ??= this.connect();
    return this.handles;
  }

  private async connect(): Promise<Handles> {
    const timeout = this.options.timeoutMs ?? 5_000;
    let nc: NatsConnection;
    try {
      nc = await connectNats(this.options, `streamine checkpoints ${this.bucket}`, `to use checkpoint bucket "${this.bucket}"`);
    } catch (error) {
      throw new CheckpointError(message(error), { cause: error });
    }
    try {
      const js = jetstream(nc, { timeout });
      const [kv, os] = await Promise.all([new Kvm(js).create(this.bucket, { history: 1, timeout }), new Objm(js).create(this.bucket)]);
      return { nc, kv, os };
    } catch (error) {
      await nc.close().catch(() => undefined);
      throw new CheckpointError(`cannot open the KV and Object Store buckets "${this.bucket}" on ${this.servers()} (is JetStream enabled?): ${message(error)}`, { cause: error });
    }
  }

  /** The `latest` pointer and its revision, or null when there is none; a malformed one throws. */
  private async readPointer(kv: KV): Promise<{ manifest: Manifest; revision: number } | null> {
    let entry: KvEntry | null;
    try {
      entry = await kv.get(LATEST);
    } catch (error) {
      throw new CheckpointError(`cannot read pointer "${LATEST}" in KV bucket "${this.bucket}" on ${this.servers()}: ${message(error)}`, { cause: error });
    }
    if (entry === null || entry.operation !== "PUT") return null;
    let m: Partial<Manifest> | null = null;
    try {
      m = entry.json<Partial<Manifest> | null>();
    } catch {
      // reported below
    }
    if (m === null || typeof m !== "object" || !Number.isSafeInteger(m.id) || typeof m.object !== "string" || typeof m.sha256 !== "string" || !Number.isSafeInteger(m.size)) {
      throw new CheckpointError(`pointer "${LATEST}" in KV bucket "${this.bucket}" on ${this.servers()} is corrupt: ${JSON.stringify(entry.string().slice(0, 200))}`);
    }
    return { manifest: m as Manifest, revision: entry.revision };
  }

  private stale(id: number, current: { manifest: Manifest; revision: number } | null): CheckpointError {
    const now = current === null ? "no checkpoint" : `checkpoint ${current.manifest.id} (revision ${current.revision})`;
    const seen = this.pointerRevision === undefined ? "" : ` since this job read revision ${this.pointerRevision}`;
    return new CheckpointError(
      `stale checkpoint writer: checkpoint ${id} was not published because pointer "${LATEST}" in KV bucket "${this.bucket}" on ${this.servers()} ` +
        `now names ${now}${seen}; another process is writing checkpoints to this bucket (run one process per job, or give each its own bucket)`,
    );
  }

  /** Deletes the objects and manifests of all but the newest `keep` checkpoints up to `newest`. */
  private async prune(kv: KV, os: ObjectStore, newest: number): Promise<void> {
    try {
      const ids: number[] = [];
      for await (const key of await kv.keys("manifest.>")) {
        const id = Number(key.slice("manifest.".length));
        if (Number.isSafeInteger(id) && id <= newest) ids.push(id);
      }
      ids.sort((a, b) => b - a);
      for (const old of ids.slice(this.keep)) {
        if ((await os.info(objectName(old)))?.deleted === false) await os.delete(objectName(old));
        await kv.purge(manifestKey(old));
      }
    } catch (error) {
      throw new CheckpointError(`checkpoint ${newest} is stored, but removing older ones from ${this.description} failed: ${message(error)}`, { cause: error });
    }
  }

  private servers(): string {
    return describeServers(this.options);
  }
}
