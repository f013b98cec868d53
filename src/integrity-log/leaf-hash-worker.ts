/**
 * The thread behind leaf-hash-pipeline.ts: leaf text (src/integrity/envelope-text.ts) and SHA-256 for chunks
 * of events sent as their stored text, answered in order with 32 bytes per event and a flag
 * saying whether the text road answered (0: the main thread hashes that event itself).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { hashLeafText } from '../integrity/hasher.ts';
import { envelopeTextOf } from '../integrity/envelope-text.ts';
import { FIELDS_PER_EVENT, type LeafHashChunk, type LeafHashWorkerData, type LeafHashAnswer } from './leaf-hash-pipeline.ts';

const { port, counters } = workerData as LeafHashWorkerData;

function hashChunk(chunk: LeafHashChunk): { answer: LeafHashAnswer; transfer: ArrayBuffer[] } {
  const count = chunk.revisions.length;
  const transfer = [new ArrayBuffer(32 * count), new ArrayBuffer(count)] as const;
  const hashes = new Uint8Array(transfer[0]);
  const ok = new Uint8Array(transfer[1]);
  const s = chunk.strings;
  for (let i = 0; i < count; i++) {
    const at = i * FIELDS_PER_EVENT;
    const text = envelopeTextOf({
      id: s[at] as string,
      stream: s[at + 1] as string,
      type: s[at + 2] as string,
      recordedAt: s[at + 3] as string,
      dataJson: s[at + 4] as string,
      metadataJson: s[at + 5] as string,
      revision: BigInt(chunk.revisions[i] as number),
      schemaVersion: chunk.schemaVersions[i] as number,
    });
    if (text === undefined) continue;
    hashes.set(hashLeafText(text), 32 * i);
    ok[i] = 1;
  }
  return { answer: { seq: chunk.seq, hashes, ok }, transfer: [...transfer] };
}

(port as MessagePort).on('message', (chunk: LeafHashChunk) => {
  const { answer, transfer } = hashChunk(chunk);
  port.postMessage(answer, transfer);
  Atomics.add(counters, 0, 1);
  Atomics.notify(counters, 0);
});
void parentPort;
