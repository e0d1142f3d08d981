import type { Transformation } from "../graph/transformation.js";
import type { Clock } from "../time/clock.js";
import { Batch } from "./batch.js";
import type { OperatorCounters } from "./counters.js";
import type { DeadLetter } from "./dead-letter.js";
import { Node, type NodeState } from "./node.js";

/** One operator's part of a checkpoint: its node's valve and counters, and the operator's own state. @internal */
export interface OperatorSnapshot {
  readonly uid: string;
  readonly node: NodeState;
  /** What `Operator.snapshotState` returned; absent for a stateless operator. */
  readonly state?: unknown;
}

/**
 * The physical graph of one run: a {@link Node} per transformation, wired synchronously.
 * Records and watermarks are injected at source nodes; everything downstream happens inside
 * that call. The executor drives it from async sources; the test harness drives it by hand.
 * @internal
 */
export class Runtime {
  readonly nodes = new Map<Transformation, Node>();
  readonly pending: Promise<unknown>[] = [];
  private readonly injectBatch = new Batch(64);
  private readonly deadLetterNode: Node | null = null;
  /** Nodes in closing order: those fed by the dead-letter stream last, so a sink that dead-letters while closing still reaches them. */
  private readonly closingOrder: Node[] = [];

  constructor(
    transformations: readonly Transformation[],
    readonly clock: Clock,
    readonly batchSize: number,
    checkpointing = false,
  ) {
    for (const t of transformations) {
      const node = new Node(t.uid, t.create(), clock, batchSize, this.pending, checkpointing);
      if (t.kind !== "operator") node.addInput();
      if (t.kind === "dead-letters") this.deadLetterNode = node;
      this.nodes.set(t, node);
    }
    for (const t of transformations) {
      const node = this.node(t);
      for (const edge of t.inputs) this.node(edge.from).connect(node, edge.tagId);
    }
    const deadNode = this.deadLetterNode;
    const letters = new Batch(1);
    const toDeadLetters = (letter: DeadLetter): void => {
      if (deadNode === null) return;
      letters.push(letter, NaN);
      deadNode.receiveBatch(letters, 0);
      letters.clear();
    };
    // Failures downstream of the dead-letter stream are counted where they happen but not fed
    // back into it, which could loop forever.
    const downstreamOfDeadLetters = new Set<Transformation>();
    for (const t of transformations) {
      if (t.kind === "dead-letters" || t.inputs.some((e) => downstreamOfDeadLetters.has(e.from))) downstreamOfDeadLetters.add(t);
    }
    for (const [t, node] of this.nodes) node.deadLetterSink = downstreamOfDeadLetters.has(t) ? null : toDeadLetters;
    for (const [t, node] of this.nodes) if (!downstreamOfDeadLetters.has(t)) this.closingOrder.push(node);
    for (const [t, node] of this.nodes) if (downstreamOfDeadLetters.has(t)) this.closingOrder.push(node);
    for (const node of this.nodes.values()) node.open();
  }

  node(t: Transformation): Node {
    const node = this.nodes.get(t);
    if (node === undefined) throw new Error(`transformation ${t.uid} is not part of this run`);
    return node;
  }

  /** Feeds records into a source node, with event timestamps when given (NaN otherwise). */
  inject(source: Node, values: readonly unknown[], timestamps?: ArrayLike<number>): void {
    const b = this.injectBatch;
    for (let i = 0; i < values.length; i++) b.push(values[i], timestamps === undefined ? NaN : (timestamps[i] as number));
    source.receiveBatch(b, 0);
    b.clear();
  }

  injectWatermark(source: Node, watermarkMs: number): void {
    source.receiveWatermark(watermarkMs, 0);
  }

  /** Waits for outstanding async sink work. */
  async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const work = this.pending.splice(0, this.pending.length);
      await Promise.all(work);
    }
  }

  /** Ends the run: the dead-letter stream gets its final watermark, then every operator closes. */
  async finish(): Promise<void> {
    if (this.deadLetterNode !== null) this.deadLetterNode.receiveWatermark(Infinity, 0);
    await this.drain();
    for (const node of this.closingOrder) {
      await node.op.close();
      node.flush();
    }
    await this.drain();
  }

  /** Ends a failed run: every operator is closed (errors while closing are ignored), nothing more fires. */
  async abort(): Promise<void> {
    for (const node of this.closingOrder) {
      try {
        await node.op.close();
      } catch {
        // the run already failed with the error that matters
      }
    }
    await Promise.allSettled(this.pending.splice(0, this.pending.length));
  }

  /**
   * Every operator's state, taken between batches (when nothing is buffered between nodes).
   * The result shares nothing mutable with the running operators only if they follow
   * `Operator.snapshotState`'s rule; the checkpoint codec serialises it at once.
   */
  snapshot(checkpointId = 0): OperatorSnapshot[] {
    const out: OperatorSnapshot[] = [];
    for (const node of this.nodes.values()) {
      const state = node.op.snapshotState?.(checkpointId);
      out.push(state === undefined ? { uid: node.uid, node: node.snapshot() } : { uid: node.uid, node: node.snapshot(), state });
    }
    return out;
  }

  /**
   * Restores operators by uid, before any input. Operators that the snapshot does not mention
   * start empty (Flink: a new operator in a changed job). State of a uid this pipeline does not
   * have fails unless `allowNonRestoredState` (a gone stateless operator only loses its counters). Errors name the operator; the caller adds the file.
   */
  restore(snapshots: readonly OperatorSnapshot[], allowNonRestoredState: boolean): void {
    const byUid = new Map<string, Node>();
    for (const node of this.nodes.values()) byUid.set(node.uid, node);
    for (const snap of snapshots) {
      const node = byUid.get(snap.uid);
      if (node === undefined) {
        // A stateless operator that is gone loses only its counters, as in Flink.
        if (allowNonRestoredState || snap.state === undefined) continue;
        throw new Error(
          `operator "${snap.uid}" has state in the checkpoint but is not in this pipeline (give it back its uid with .uid(), or set checkpoint.allowNonRestoredState to drop its state)`,
        );
      }
      try {
        node.restore(snap.node);
        if (snap.state !== undefined) {
          if (node.op.restoreState === undefined) throw new Error("the operator here keeps no state, the checkpoint has some");
          node.op.restoreState(snap.state);
        }
      } catch (error) {
        throw new Error(`operator "${snap.uid}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
  }

  /** Tells every operator that checkpoint `checkpointId` is durable (sinks commit). */
  notifyCheckpointComplete(checkpointId: number): void {
    for (const node of this.nodes.values()) node.op.notifyCheckpointComplete?.(checkpointId);
  }

  counters(): Record<string, OperatorCounters> {
    const out: Record<string, OperatorCounters> = {};
    for (const node of this.nodes.values()) out[node.uid] = { ...node.counters, side: { ...node.counters.side } };
    return out;
  }
}
