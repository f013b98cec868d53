/**
 * A replay thread of `verify` (parallel-replay.ts): replays its share of the catalogue's
 * projections through the same BundleReplay the single-threaded path uses, from batches of
 * upcast events serialized by the main thread with v8.serialize, or from bundle lines that
 * it parses and upcasts itself (lines mode: the schema check moves here, the main thread
 * keeping the canonical-form and envelope checks, which balanced the two best; the first
 * line the schemas refuse is reported at once as a fault, named as the one-thread verify
 * names it, and nothing after it is applied).
 *
 * It counts each batch applied, and each answer posted, in the shared control array, so
 * the main thread, which stays synchronous, can wait for it with Atomics.wait and read the
 * answer with receiveMessageOnPort. After a failure it keeps counting batches (so the main
 * thread never waits on a lane that stopped working) and answers `failed`.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import { workerData } from 'node:worker_threads';
import { assertNever } from '../domain/decider.ts';
import { buildEventRegistry } from '../app/event-registry.ts';
import type { EventEnvelope } from '../eventstore/envelope.ts';
import { EventSchemaError, UnknownEventTypeError } from '../eventstore/errors.ts';
import type { RecordedEvent } from '../eventstore/port.ts';
import type { EventRegistry } from '../eventstore/registry.ts';
import { PROJECTIONS } from '../projections/catalog.ts';
import type { ProjectionDefinition } from '../projections/definition.ts';
import { schemaFault, type BundleFault } from './bundle-fault.ts';
import { BundleReplay, digestReplayed, recordedFromEnvelope } from './bundle-replay.ts';
import { upcastOnMainThread, type FromReplayWorker, type ReplayWorkerData, type ToReplayWorker } from './parallel-replay.ts';

const { names, upcast, control, port } = workerData as ReplayWorkerData;
const registry: EventRegistry | undefined = upcast ? buildEventRegistry() : undefined;
/** Set at the first schema fault: lines after it are not applied (verify stops there). */
let faulted = false;
/** The read models closed by `finish`, digested on `digest` (some of them by the main thread meanwhile). */
let closed: { definition: ProjectionDefinition; file: string }[] = [];
const counters = new Int32Array(control);
const BATCHES = 0;
const ANSWERS = 1;

let failure: string | undefined;
let replay: BundleReplay | undefined;
try {
  const definitions = names.map((name) => {
    const definition = PROJECTIONS.find((d) => d.name === name);
    if (definition === undefined) throw new Error(`the catalogue has no projection ${name}`);
    return definition;
  });
  replay = BundleReplay.open(definitions);
} catch (error) {
  failure = describe(error);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function bump(counter: number): void {
  Atomics.add(counters, counter, 1);
  Atomics.notify(counters, counter);
}

function answer(message: FromReplayWorker): void {
  port.postMessage(message);
  bump(ANSWERS);
}

port.on('message', (message: ToReplayWorker) => {
  switch (message.kind) {
    case 'batch':
      if (failure === undefined && replay !== undefined && !faulted) {
        try {
          for (const event of v8.deserialize(message.events) as RecordedEvent[]) replay.push(event);
        } catch (error) {
          failure = describe(error);
        }
      }
      bump(BATCHES);
      return;
    case 'lines':
      if (failure === undefined && replay !== undefined && !faulted) {
        try {
          applyLines(replay, message);
        } catch (error) {
          failure = describe(error);
        }
      }
      bump(BATCHES);
      return;
    case 'sync':
      answer({ kind: 'synced' });
      return;
    case 'finish':
      if (failure === undefined && replay !== undefined && !faulted) {
        try {
          closed = replay.close();
          answer({ kind: 'closed', files: closed.map((c) => ({ name: c.definition.name, file: c.file, bytes: fs.statSync(c.file).size })) });
          return;
        } catch (error) {
          failure = describe(error);
        }
      }
      answer({ kind: 'failed', message: failure ?? (faulted ? 'stopped at a schema fault' : 'no replay') });
      return;
    case 'digest':
      try {
        const mine = new Set(message.names);
        answer({ kind: 'digests', digests: closed.filter((c) => mine.has(c.definition.name)).map((c) => digestReplayed(c.definition, c.file)) });
      } catch (error) {
        answer({ kind: 'failed', message: describe(error) });
      }
      return;
    case 'stop':
      replay?.dispose();
      answer({ kind: 'stopped' });
      port.close();
      return;
    default:
      assertNever(message);
  }
});

/** Parses, upcasts and replays lines the main thread found canonical valid envelopes. */
function applyLines(target: BundleReplay, message: Extract<ToReplayWorker, { kind: 'lines' }>): void {
  if (registry === undefined) throw new Error('lines sent to a replay thread started without a registry');
  const chunk = Buffer.from(message.text.buffer, message.text.byteOffset, message.text.byteLength);
  const upcastThere = v8.deserialize(message.upcast) as RecordedEvent[];
  let next = 0;
  let start = 0;
  for (let k = 0; k < message.ends.length; k++) {
    const end = message.ends[k]!;
    const bytes = chunk.subarray(start, end);
    start = end;
    const index = message.firstIndex + k;
    if (upcastOnMainThread(index)) {
      target.push(upcastThere[next++]!);
      continue;
    }
    const envelope = JSON.parse(bytes.toString('utf8')) as EventEnvelope;
    let event: RecordedEvent;
    try {
      event = registry.upcast(recordedFromEnvelope(envelope, message.positions[k]!));
    } catch (error) {
      if (!(error instanceof EventSchemaError || error instanceof UnknownEventTypeError)) throw error;
      return stopAt(schemaFault(index, envelope.id, error.message));
    }
    target.push(event);
  }
}

function stopAt(fault: BundleFault): void {
  faulted = true;
  answer({ kind: 'fault', fault });
}
