/**
 * A replay thread of `verify` (parallel-replay.ts): replays its share of the catalogue's
 * projections from batches of upcast events, serialized by the main thread with
 * v8.serialize, through the same BundleReplay the single-threaded path uses.
 *
 * It counts each batch applied, and each answer posted, in the shared control array, so
 * the main thread, which stays synchronous, can wait for it with Atomics.wait and read the
 * answer with receiveMessageOnPort. After a failure it keeps counting batches (so the main
 * thread never waits on a lane that stopped working) and answers `failed`.
 */
import v8 from 'node:v8';
import { workerData } from 'node:worker_threads';
import { assertNever } from '../domain/decider.ts';
import type { RecordedEvent } from '../eventstore/port.ts';
import { PROJECTIONS } from '../projections/catalog.ts';
import { BundleReplay } from './bundle-replay.ts';
import type { FromReplayWorker, ReplayWorkerData, ToReplayWorker } from './parallel-replay.ts';

const { names, control, port } = workerData as ReplayWorkerData;
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
      if (failure === undefined && replay !== undefined) {
        try {
          for (const event of v8.deserialize(message.events) as RecordedEvent[]) replay.push(event);
        } catch (error) {
          failure = describe(error);
        }
      }
      bump(BATCHES);
      return;
    case 'finish':
      if (failure === undefined && replay !== undefined) {
        try {
          answer({ kind: 'digests', digests: replay.finish() });
          return;
        } catch (error) {
          failure = describe(error);
        }
      }
      answer({ kind: 'failed', message: failure ?? 'no replay' });
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
