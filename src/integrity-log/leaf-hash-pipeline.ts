/**
 * Leaf hashes computed on a second thread while the main thread reads the store and writes
 * the tree. In a catch-up the main thread's work per leaf is the store read, the tree and
 * the rows; the leaf text and its SHA-256 are as much again, and on two cores they need
 * not wait for each other: `submit` sends events (as stored text) in chunks as they are
 * applied — or hashes a chunk itself when the thread is behind — and `drain`, at the batch's
 * flush, synchronously, hashes the last partial chunk and waits for the thread's answers, in order.
 *
 * The thread starts on the first chunk and ends after IDLE_MS without one (a live log sends
 * single events, which the writer hashes itself). It answers "not vouched" for events the
 * text road cannot take; the writer hashes those through the envelope, as without it.
 */
import os from 'node:os';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { StoredEventText } from '../eventstore/port.ts';
import { hashLeafText } from '../integrity/hasher.ts';
import { siblingModule, startModuleWorker } from '../shared/module-worker.ts';
import { envelopeTextOf } from '../integrity/envelope-text.ts';

export const FIELDS_PER_EVENT = 6;
/** Events per message: enough to amortise a message, few enough that the thread starts early. */
const CHUNK_EVENTS = 128;
const IDLE_MS = 2_000;
/** Events submitted and not drained this long (their batch was abandoned): the thread ends anyway. */
const ABANDONED_MS = 60_000;
/** A thread that made no progress in this long is taken for dead: its chunks and all later ones are hashed on the main thread. */
const ANSWER_WAIT_MS_MAX = 10_000;
const WAKE_MS = 200;
/**
 * Chunks the thread may have in hand before the main thread hashes the next one itself:
 * whichever thread has time takes the work, and at a flush the main thread hashes the last
 * partial chunk rather than wait.
 */
const BACKLOG_CHUNKS_MAX = 2;

export interface LeafHashChunk {
  seq: number;
  /** id, stream, type, recordedAt, dataJson, metadataJson of each event, in turn. */
  strings: string[];
  revisions: number[];
  schemaVersions: number[];
}

export interface LeafHashAnswer {
  seq: number;
  /** 32 bytes per event; meaningful where `ok` is 1. */
  hashes: Uint8Array;
  ok: Uint8Array;
}

export interface LeafHashWorkerData {
  port: MessagePort;
  /** [0]: chunks answered. */
  counters: Int32Array;
}

/** Whether a second thread can help: more than one core. */
export function leafHashThreadUseful(): boolean {
  return os.availableParallelism() > 1;
}

/** A chunk sent to the thread: its events are kept, to be hashed here if the thread never answers. */
interface SentChunk {
  seq: number;
  /** Which thread it went to (threads are numbered as they start). */
  thread: number;
  events: readonly StoredEventText[];
}

export class LeafHashPipeline {
  #worker: Worker | undefined;
  #port: MessagePort | undefined;
  #counters: Int32Array | undefined;
  #idle: NodeJS.Timeout | undefined;
  /** Threads started so far; the running one is number #threads. */
  #threads = 0;
  /** Set once a thread failed to answer: everything is hashed here from then on. */
  #broken = false;
  /** Events submitted and not yet in a segment. */
  #pending: StoredEventText[] = [];
  /** Since the last drain, in order: a chunk sent to the thread, or the answers of a chunk hashed here. */
  #segments: (SentChunk | (Buffer | undefined)[])[] = [];
  #sent = 0;
  #submitted = 0;
  #lastSendMs = 0;

  /** Queues one event; it is hashed with its chunk, on the thread or here (see BACKLOG_CHUNKS_MAX). */
  submit(event: StoredEventText): void {
    this.#pending.push(event);
    this.#submitted++;
    if (this.#pending.length < CHUNK_EVENTS) return;
    const chunk = this.#pending;
    this.#pending = [];
    const backlog = this.#counters === undefined ? 0 : this.#sent - Atomics.load(this.#counters, 0);
    if (this.#broken || backlog >= BACKLOG_CHUNKS_MAX) this.#segments.push(hashHere(chunk));
    else this.#send(chunk);
  }

  /** The answers for every event submitted since the last drain, in order: a hash, or undefined where the text road did not answer. */
  drain(): (Buffer | undefined)[] {
    if (this.#pending.length > 0) this.#segments.push(hashHere(this.#pending));
    this.#pending = [];
    const out: (Buffer | undefined)[] = [];
    for (const segment of this.#segments) {
      const answers = Array.isArray(segment) ? segment : this.#answersOf(segment);
      for (const hash of answers) out.push(hash);
    }
    this.#segments = [];
    if (out.length !== this.#submitted) throw new Error(`leaf hash pipeline answered ${out.length} events of ${this.#submitted}`);
    this.#submitted = 0;
    this.#armIdle();
    return out;
  }

  /** Ends the thread; a later submit starts another. Chunks it had not answered are hashed here at the drain. */
  close(): void {
    clearTimeout(this.#idle);
    this.#idle = undefined;
    void this.#worker?.terminate();
    this.#port?.close();
    this.#worker = undefined;
    this.#port = undefined;
    this.#counters = undefined;
    this.#sent = 0;
  }

  /** The thread's answers for `chunk`, or — its thread gone or silent — the same computed here. */
  #answersOf(chunk: SentChunk): (Buffer | undefined)[] {
    const answer = chunk.thread === this.#threads && this.#port !== undefined ? this.#next() : undefined;
    if (answer === undefined) return hashHere(chunk.events);
    if (answer.seq !== chunk.seq) throw new Error(`leaf hash thread answered chunk ${answer.seq}, expected ${chunk.seq}`);
    const hashes = Buffer.from(answer.hashes.buffer, answer.hashes.byteOffset, answer.hashes.byteLength);
    return Array.from(answer.ok, (ok, i) => (ok === 1 ? hashes.subarray(32 * i, 32 * i + 32) : undefined));
  }

  #send(events: readonly StoredEventText[]): void {
    const chunk: LeafHashChunk = { seq: this.#sent, strings: [], revisions: [], schemaVersions: [] };
    for (const event of events) {
      chunk.strings.push(event.id, event.stream, event.type, event.recordedAt, event.dataJson, event.metadataJson);
      chunk.revisions.push(Number(event.revision));
      chunk.schemaVersions.push(event.schemaVersion);
    }
    this.#ensureThread().postMessage(chunk);
    this.#segments.push({ seq: this.#sent, thread: this.#threads, events });
    this.#sent++;
    this.#lastSendMs = Date.now();
    this.#armIdle();
  }

  #ensureThread(): MessagePort {
    if (this.#port !== undefined) return this.#port;
    const { port1, port2 } = new MessageChannel();
    const counters = new Int32Array(new SharedArrayBuffer(4));
    const data: LeafHashWorkerData = { port: port2, counters };
    const worker = startModuleWorker(siblingModule(import.meta.url, 'leaf-hash-worker'), { workerData: data, transferList: [port2] });
    worker.unref();
    // A thread that fails is noticed by drain (no answer): nothing else to do here, but the error must not go unhandled.
    worker.on('error', () => {});
    port1.unref();
    this.#threads++;
    this.#worker = worker;
    this.#port = port1;
    this.#counters = counters;
    return port1;
  }

  /** The thread's next answer; undefined (and the thread ended, for good) when it made no progress for ANSWER_WAIT_MS_MAX. */
  #next(): LeafHashAnswer | undefined {
    const port = this.#port as MessagePort;
    const counters = this.#counters as Int32Array;
    let seen = Atomics.load(counters, 0);
    let progressMs = Date.now();
    for (;;) {
      const received = receiveMessageOnPort(port);
      if (received !== undefined) return received.message as LeafHashAnswer;
      const now = Atomics.load(counters, 0);
      if (now !== seen) {
        seen = now;
        progressMs = Date.now();
      } else if (Date.now() - progressMs > ANSWER_WAIT_MS_MAX) {
        this.#broken = true;
        this.close();
        return undefined;
      }
      Atomics.wait(counters, 0, seen, WAKE_MS);
    }
  }

  /** Ends the thread once nothing was sent for IDLE_MS and nothing waits to be drained (or was abandoned). */
  #armIdle(): void {
    clearTimeout(this.#idle);
    if (this.#worker === undefined) return;
    this.#idle = setTimeout(() => {
      // Chunks still unanswered at a close are hashed here when drained.
      if (this.#submitted === 0 || Date.now() - this.#lastSendMs > ABANDONED_MS) this.close();
      else this.#armIdle();
    }, IDLE_MS);
    this.#idle.unref();
  }
}

/** What the thread would answer, computed on this thread. */
function hashHere(events: readonly StoredEventText[]): (Buffer | undefined)[] {
  return events.map((event) => {
    const text = envelopeTextOf(event);
    return text === undefined ? undefined : hashLeafText(text);
  });
}
