/**
 * The projection replay of `verify` on several cores: the catalogue's projections shared
 * out among replay threads (replay-worker.ts), each replaying its share into its own
 * temporary databases. Projections are independent of each other, so this is the part of
 * verify that parallelises without changing what is checked; the main thread keeps reading,
 * hashing and validating the events in order, and names the first fault exactly as before.
 *
 * Two ways to feed the lanes. openReplay (export): events upcast here go out in chunks
 * serialized once with v8.serialize. openLineReplay (verify): the bundle lines themselves go
 * out as bytes in a SharedArrayBuffer, and the lanes parse and upcast them — the schema
 * check, a third of a lane's work — except every other line, upcast here to even out the
 * two threads of a 2-core machine; schema faults come back as messages and are put in line
 * order by verify-events.ts.
 *
 * The main thread stays synchronous (verifyBundle is): each chunk is posted to every lane; each lane counts what it applied in a
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
import { invariant } from '../domain/decider.ts';
import type { RecordedEvent } from '../eventstore/port.ts';
import { PROJECTIONS } from '../projections/catalog.ts';
import type { ProjectionDefinition } from '../projections/definition.ts';
import { siblingModule, startModuleWorker } from '../shared/module-worker.ts';
import { isAppRegistry } from '../app/event-registry.ts';
import type { EventRegistry } from '../eventstore/registry.ts';
import type { BundleFault } from './bundle-fault.ts';
import type { ProjectionDigestEntry } from './bundle-format.ts';
import { BundleReplay, digestReplayed } from './bundle-replay.ts';

/**
 * `lines`: bundle lines (their bytes one after the other in a SharedArrayBuffer every lane
 * reads without a copy; line k ends at ends[k]) that the main thread found canonical valid
 * envelopes; the lane parses them, upcasts them (the schema check) and replays them — but
 * for the lines upcastOnMainThread picks, empty there, whose events come in `upcast`
 * (v8.serialize, in line order). `sync` asks for `synced` once every
 * earlier message is done.
 */
export type ToReplayWorker =
  | { kind: 'batch'; events: Uint8Array }
  | { kind: 'lines'; text: Uint8Array; ends: Uint32Array; positions: BigUint64Array; firstIndex: number; upcast: Uint8Array }
  | { kind: 'sync' }
  | { kind: 'finish' }
  | { kind: 'digest'; names: string[] }
  | { kind: 'stop' };
/** `fault`: the first line the schemas refuse (posted once, at once; the lane applies nothing after it). */
export type FromReplayWorker =
  | { kind: 'digests'; digests: ProjectionDigestEntry[] }
  | { kind: 'failed'; message: string }
  | { kind: 'stopped' }
  | { kind: 'fault'; fault: BundleFault }
  | { kind: 'synced' }
  | { kind: 'closed'; files: { name: string; file: string; bytes: number }[] };
export interface ReplayWorkerData {
  names: string[];
  /** Lines mode: the lane upcasts with buildEventRegistry's registry. */
  upcast: boolean;
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
/**
 * In lines mode, one line in this many is upcast by the main thread and sent as an event.
 * At 100 k events the replay thread was the longer (≈ 6.5 CPU-s against 4.5 when it upcast
 * every line; the upcast is ≈ 2 of its 6.5): half of it moved back evens them.
 */
const UPCAST_HERE_EVERY = 2;

/** Whether line `index` is upcast by the main thread in lines mode (the lanes apply the same rule to the chunks they get). */
export function upcastOnMainThread(index: number): boolean {
  return index % UPCAST_HERE_EVERY === 0;
}
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
  return ParallelReplay.start(definitions, Math.min(threads, definitions.length), false);
}

/**
 * A replay fed with bundle lines rather than events: the threads parse and upcast them
 * (the schema check) themselves, which takes that work and the copying of objects off the
 * thread reading the bundle. Schema faults come back asynchronously: `faultSoFar` and
 * `sync` report the first. undefined when it cannot run on threads (then the caller
 * upcasts and uses openReplay): no threads, a definition not the catalogue's, or a
 * registry that a thread cannot rebuild.
 */
export function openLineReplay(definitions: readonly ProjectionDefinition[], threads: number, registry: EventRegistry): LineReplay | undefined {
  if (threads <= 0 || definitions.length === 0 || !definitions.every((d) => PROJECTIONS.includes(d)) || !isAppRegistry(registry)) return undefined;
  return ParallelReplay.start(definitions, Math.min(threads, definitions.length), true);
}

export interface LineReplay {
  /**
   * Whether line `index` is upcast in the calling thread (then given with push) rather than
   * by the threads (pushLine): a share of the schema checks stays with the caller, so the
   * two sides of a 2-core machine are about equally busy (replay-worker.ts).
   */
  upcastsHere(index: number): boolean;
  /** Line `index` of events.ndjson (without its newline; copied), at global `position`: for the threads to upcast. */
  pushLine(index: number, bytes: Uint8Array, position: bigint): void;
  /** Line `index`'s event, upcast by the caller (upcastsHere(index)). */
  pushUpcast(index: number, event: RecordedEvent): void;
  /** The first schema fault a thread has reported so far, without waiting. */
  faultSoFar(): BundleFault | undefined;
  /** Waits until every line pushed is done; then the first schema fault, if any. */
  sync(): BundleFault | undefined;
  finish(): ProjectionDigestEntry[];
  dispose(): void;
}

interface Lane {
  worker: Worker;
  port: MessagePort;
  counters: Int32Array;
  names: string[];
  sent: number;
  stopped: boolean;
  fault: BundleFault | undefined;
}

const EMPTY = new Uint8Array(0);
/** A line chunk is sent when it holds CHUNK_EVENTS lines or would outgrow this. */
const LINE_CHUNK_BYTES = 1 << 20;

class ParallelReplay implements Replay, LineReplay {
  readonly #definitions: readonly ProjectionDefinition[];
  readonly #lanes: Lane[];
  #chunk: RecordedEvent[] = [];
  #text = new Uint8Array(new SharedArrayBuffer(LINE_CHUNK_BYTES));
  #textUsed = 0;
  #positions = new BigUint64Array(CHUNK_EVENTS);
  #ends = new Uint32Array(CHUNK_EVENTS);
  /** The events of the chunk's lines upcast here, in line order. */
  #hereEvents: RecordedEvent[] = [];
  #lines = 0;
  #firstIndex = 0;

  private constructor(definitions: readonly ProjectionDefinition[], lanes: Lane[]) {
    this.#definitions = definitions;
    this.#lanes = lanes;
  }

  static start(definitions: readonly ProjectionDefinition[], threads: number, upcast: boolean): ParallelReplay {
    // Dealt round the lanes in catalogue order; the catalogue lists the heavy read models apart.
    const shares: string[][] = Array.from({ length: threads }, () => []);
    definitions.forEach((d, i) => shares[i % threads]!.push(d.name));
    const lanes = shares.map((names) => {
      const { port1, port2 } = new MessageChannel();
      const control = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
      const data: ReplayWorkerData = { names, upcast, control, port: port2 };
      const worker = startModuleWorker(siblingModule(import.meta.url, 'replay-worker'), { workerData: data, transferList: [port2] });
      worker.unref();
      return { worker, port: port1, counters: new Int32Array(control), names, sent: 0, stopped: false, fault: undefined };
    });
    return new ParallelReplay(definitions, lanes);
  }

  push(event: RecordedEvent): void {
    this.#chunk.push(event);
    if (this.#chunk.length >= CHUNK_EVENTS) this.#send();
  }

  upcastsHere(index: number): boolean {
    return upcastOnMainThread(index);
  }

  pushUpcast(index: number, event: RecordedEvent): void {
    this.pushLine(index, EMPTY, event.position);
    this.#hereEvents.push(event);
  }

  pushLine(index: number, bytes: Uint8Array, position: bigint): void {
    if (this.#lines > 0 && (this.#lines >= CHUNK_EVENTS || this.#textUsed + bytes.length > this.#text.length)) this.#sendLines();
    if (this.#lines === 0) {
      this.#firstIndex = index;
      if (bytes.length > this.#text.length) this.#text = new Uint8Array(new SharedArrayBuffer(bytes.length));
    }
    invariant(index === this.#firstIndex + this.#lines, 'lines are pushed in order, none skipped');
    this.#text.set(bytes, this.#textUsed);
    this.#textUsed += bytes.length;
    this.#ends[this.#lines] = this.#textUsed;
    this.#positions[this.#lines++] = position;
  }

  faultSoFar(): BundleFault | undefined {
    for (const lane of this.#lanes) this.#takeEarly(lane);
    return this.#firstFault();
  }

  sync(): BundleFault | undefined {
    this.#sendLines();
    for (const lane of this.#lanes) lane.port.postMessage({ kind: 'sync' } satisfies ToReplayWorker);
    for (const lane of this.#lanes) {
      const answer = this.#answer(lane, ANSWER_WAIT_MS_MAX);
      if (answer.kind !== 'synced') throw replayFailed(lane, answer);
    }
    return this.#firstFault();
  }

  finish(): ProjectionDigestEntry[] {
    this.#send();
    this.#sendLines();
    for (const lane of this.#lanes) lane.port.postMessage({ kind: 'finish' } satisfies ToReplayWorker);
    const closed = this.#lanes.map((lane) => {
      const answer = this.#answer(lane, ANSWER_WAIT_MS_MAX);
      if (answer.kind !== 'closed') throw replayFailed(lane, answer);
      return answer.files;
    });
    // The digests read every row back: this thread, idle by now, takes a share of the files.
    const { here, there } = shareDigests(closed);
    this.#lanes.forEach((lane, i) => lane.port.postMessage({ kind: 'digest', names: there[i]!.map((f) => f.name) } satisfies ToReplayWorker));
    const byName = new Map<string, ProjectionDigestEntry>();
    for (const f of here) byName.set(f.name, digestReplayed(this.#definitions.find((d) => d.name === f.name)!, f.file));
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

  /** The lines gathered, in one shared buffer, to every lane. */
  #sendLines(): void {
    if (this.#lines === 0) return;
    const message: ToReplayWorker = {
      kind: 'lines',
      text: this.#text.subarray(0, this.#textUsed),
      ends: this.#ends.slice(0, this.#lines),
      positions: this.#positions.slice(0, this.#lines),
      firstIndex: this.#firstIndex,
      upcast: v8.serialize(this.#hereEvents),
    };
    for (const lane of this.#lanes) {
      this.#waitForBacklog(lane);
      lane.port.postMessage(message);
      lane.sent++;
    }
    // The lanes read the buffer after this returns: the next chunk gets a new one.
    this.#text = new Uint8Array(new SharedArrayBuffer(LINE_CHUNK_BYTES));
    this.#textUsed = 0;
    this.#lines = 0;
    this.#hereEvents = [];
  }

  #firstFault(): BundleFault | undefined {
    let first: BundleFault | undefined;
    for (const lane of this.#lanes) {
      if (lane.fault !== undefined && (first === undefined || (lane.fault.leafIndex ?? 0) < (first.leafIndex ?? 0))) first = lane.fault;
    }
    return first;
  }

  /** Reads what a lane said before it was asked: a fault is noted, anything else is a failure. */
  #takeEarly(lane: Lane): void {
    for (let early = receiveMessageOnPort(lane.port)?.message as FromReplayWorker | undefined; early !== undefined; early = receiveMessageOnPort(lane.port)?.message as FromReplayWorker | undefined) {
      if (early.kind !== 'fault') throw replayFailed(lane, early);
      lane.fault ??= early.fault;
    }
  }

  #waitForBacklog(lane: Lane): void {
    const started = Date.now();
    for (;;) {
      const applied = Atomics.load(lane.counters, 0);
      if (lane.sent - applied <= IN_FLIGHT_CHUNKS_MAX) return;
      this.#takeEarly(lane);
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
        if (message.kind === 'fault') {
          lane.fault ??= message.fault;
          continue;
        }
        if (message.kind === 'stopped') lane.stopped = true;
        return message;
      }
      if (Date.now() - started > waitMsMax) throw new Error(`replay thread of ${lane.names.join(', ')} did not answer in ${waitMsMax} ms`);
      Atomics.wait(lane.counters, 1, answers, WAKE_MS);
    }
  }
}

type ClosedFile = { name: string; file: string; bytes: number };

/**
 * Files to digest here and on each lane (which can read only its own), largest first to
 * whichever side has fewer bytes so far: the digest's cost follows the rows read back.
 */
export function shareDigests(closed: readonly (readonly ClosedFile[])[]): { here: ClosedFile[]; there: ClosedFile[][] } {
  const here: ClosedFile[] = [];
  const there: ClosedFile[][] = closed.map(() => []);
  const load = closed.map(() => 0);
  let hereLoad = 0;
  const all = closed.flatMap((files, lane) => files.map((f) => ({ f, lane }))).sort((a, b) => b.f.bytes - a.f.bytes);
  for (const { f, lane } of all) {
    if (hereLoad <= load[lane]!) {
      here.push(f);
      hereLoad += f.bytes;
    } else {
      there[lane]!.push(f);
      load[lane]! += f.bytes;
    }
  }
  return { here, there };
}

function replayFailed(lane: Lane, answer: FromReplayWorker): Error {
  const why = answer.kind === 'failed' ? answer.message : `answered ${answer.kind}`;
  return new Error(`the replay of ${lane.names.join(', ')} failed: ${why}`);
}
