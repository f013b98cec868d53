/**
 * The projection replay of `verify` on several cores: the catalogue's projections shared
 * out among replay threads (replay-worker.ts), each replaying its share into its own
 * temporary databases. Projections are independent of each other, so this is the part of
 * verify that parallelises without changing what is checked; the main thread keeps reading,
 * hashing and validating the events in order, and names the first fault exactly as before.
 *
 * The main thread stays synchronous (verifyBundle is): events go out in chunks serialized
 * once with v8.serialize and posted to every lane; each lane counts what it applied in a
 * shared array, and the main thread waits with Atomics.wait when a lane is more than
 * IN_FLIGHT_CHUNKS_MAX chunks behind, which bounds the memory held in the queues. Answers
 * (digests, failures) are read with receiveMessageOnPort.
 *
 * Only the catalogue's own definitions can be replayed in a thread (a thread cannot be
 * handed code); anything else is replayed here, by BundleReplay.
 */
import os from 'node:os';
import v8 from 'node:v8';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { RecordedEvent } from '../eventstore/port.ts';
import { PROJECTIONS } from '../projections/catalog.ts';
import type { ProjectionDefinition } from '../projections/definition.ts';
import { siblingModule, startModuleWorker } from '../shared/module-worker.ts';
import type { ProjectionDigestEntry } from './bundle-format.ts';
import { BundleReplay } from './bundle-replay.ts';

export type ToReplayWorker = { kind: 'batch'; events: Uint8Array } | { kind: 'finish' } | { kind: 'stop' };
export type FromReplayWorker = { kind: 'digests'; digests: ProjectionDigestEntry[] } | { kind: 'failed'; message: string } | { kind: 'stopped' };
export interface ReplayWorkerData {
  names: string[];
  /** Two Int32 counters: batches applied, answers posted. */
  control: SharedArrayBuffer;
  port: MessagePort;
}

/** What verify and export need of a replay, in this thread or in others. */
export interface Replay {
  push(event: RecordedEvent): void;
  finish(): ProjectionDigestEntry[];
  dispose(): void;
}

const CHUNK_EVENTS = 1000;
const IN_FLIGHT_CHUNKS_MAX = 8;
/** A lane silent this long is taken for dead (a thread that crashed cannot say so). */
const ANSWER_WAIT_MS_MAX = 30 * 60_000;
const STOP_WAIT_MS_MAX = 10_000;
const WAKE_MS = 1000;
/** Below this many events, starting threads (a second or more each under tsx) costs more than it saves. */
export const PARALLEL_REPLAY_EVENTS_MIN = 50_000;
const SATURATED_LOAD_PER_CORE = 2;

/**
 * Replay threads worth starting for `events` events on this machine now: 0 means replay in
 * this thread. Threads cost CPU of their own (start-up, a copy of every event: 100 k events
 * verified in 16.2 s wall / 13.5 CPU-s on one thread, 19.0 s / 16.5 CPU-s with one replay
 * thread at load 8 on 2 cores, but 11.1 s against 8.6 s at load 3), so none when the load
 * says the machine is saturated (the two measurements put the line between them); otherwise
 * one per core beyond the main thread's, which keeps one busy reading, hashing and validating.
 */
export function replayThreadsFor(events: number, definitions: readonly ProjectionDefinition[], loadAverage: number = os.loadavg()[0] ?? 0): number {
  if (events < PARALLEL_REPLAY_EVENTS_MIN) return 0;
  const cores = os.availableParallelism();
  if (cores < 2 || loadAverage >= SATURATED_LOAD_PER_CORE * cores) return 0;
  return Math.min(definitions.length, cores - 1);
}

/** A replay of `definitions` on `threads` threads, or in this thread when that is 0 or a definition is not the catalogue's. */
export function openReplay(definitions: readonly ProjectionDefinition[], threads: number): Replay {
  if (threads <= 0 || definitions.length < 2 || !definitions.every((d) => PROJECTIONS.includes(d))) return BundleReplay.open(definitions);
  return ParallelReplay.start(definitions, Math.min(threads, definitions.length));
}

interface Lane {
  worker: Worker;
  port: MessagePort;
  counters: Int32Array;
  names: string[];
  sent: number;
  stopped: boolean;
}

class ParallelReplay implements Replay {
  readonly #definitions: readonly ProjectionDefinition[];
  readonly #lanes: Lane[];
  #chunk: RecordedEvent[] = [];

  private constructor(definitions: readonly ProjectionDefinition[], lanes: Lane[]) {
    this.#definitions = definitions;
    this.#lanes = lanes;
  }

  static start(definitions: readonly ProjectionDefinition[], threads: number): ParallelReplay {
    // Dealt round the lanes in catalogue order; the catalogue lists the heavy read models apart.
    const shares: string[][] = Array.from({ length: threads }, () => []);
    definitions.forEach((d, i) => shares[i % threads]!.push(d.name));
    const lanes = shares.map((names) => {
      const { port1, port2 } = new MessageChannel();
      const control = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
      const data: ReplayWorkerData = { names, control, port: port2 };
      const worker = startModuleWorker(siblingModule(import.meta.url, 'replay-worker'), { workerData: data, transferList: [port2] });
      worker.unref();
      return { worker, port: port1, counters: new Int32Array(control), names, sent: 0, stopped: false };
    });
    return new ParallelReplay(definitions, lanes);
  }

  push(event: RecordedEvent): void {
    this.#chunk.push(event);
    if (this.#chunk.length >= CHUNK_EVENTS) this.#send();
  }

  finish(): ProjectionDigestEntry[] {
    this.#send();
    for (const lane of this.#lanes) lane.port.postMessage({ kind: 'finish' } satisfies ToReplayWorker);
    const byName = new Map<string, ProjectionDigestEntry>();
    for (const lane of this.#lanes) {
      const answer = this.#answer(lane, ANSWER_WAIT_MS_MAX);
      if (answer.kind !== 'digests') throw replayFailed(lane, answer);
      for (const digest of answer.digests) byName.set(digest.name, digest);
    }
    // In the order of the definitions, as the single-threaded replay gives them.
    return this.#definitions.map((d) => byName.get(d.name)!);
  }

  /** Stops every lane (each deletes its temporary folder before it answers), then lets the threads go. */
  dispose(): void {
    for (const lane of this.#lanes) {
      if (!lane.stopped) lane.port.postMessage({ kind: 'stop' } satisfies ToReplayWorker);
    }
    for (const lane of this.#lanes) {
      try {
        if (!lane.stopped) this.#answer(lane, STOP_WAIT_MS_MAX);
      } catch {
        // A lane that does not answer is ended below; its folder is in the OS temp dir.
      }
      lane.stopped = true;
      lane.port.close();
      void lane.worker.terminate();
    }
  }

  /** One chunk, serialized once, to every lane; waits while a lane is too far behind. */
  #send(): void {
    if (this.#chunk.length === 0) return;
    const events = v8.serialize(this.#chunk);
    this.#chunk = [];
    for (const lane of this.#lanes) {
      this.#waitForBacklog(lane);
      lane.port.postMessage({ kind: 'batch', events } satisfies ToReplayWorker);
      lane.sent++;
    }
  }

  #waitForBacklog(lane: Lane): void {
    const started = Date.now();
    for (;;) {
      const applied = Atomics.load(lane.counters, 0);
      if (lane.sent - applied <= IN_FLIGHT_CHUNKS_MAX) return;
      const early = receiveMessageOnPort(lane.port)?.message as FromReplayWorker | undefined;
      if (early !== undefined) throw replayFailed(lane, early);
      if (Date.now() - started > ANSWER_WAIT_MS_MAX) throw new Error(`replay thread of ${lane.names.join(', ')} stopped applying events`);
      Atomics.wait(lane.counters, 0, applied, WAKE_MS);
    }
  }

  #answer(lane: Lane, waitMsMax: number): FromReplayWorker {
    const started = Date.now();
    for (;;) {
      const answers = Atomics.load(lane.counters, 1);
      const received = receiveMessageOnPort(lane.port);
      if (received !== undefined) {
        const message = received.message as FromReplayWorker;
        if (message.kind === 'stopped') lane.stopped = true;
        return message;
      }
      if (Date.now() - started > waitMsMax) throw new Error(`replay thread of ${lane.names.join(', ')} did not answer in ${waitMsMax} ms`);
      Atomics.wait(lane.counters, 1, answers, WAKE_MS);
    }
  }
}

function replayFailed(lane: Lane, answer: FromReplayWorker): Error {
  const why = answer.kind === 'failed' ? answer.message : `answered ${answer.kind}`;
  return new Error(`the replay of ${lane.names.join(', ')} failed: ${why}`);
}
