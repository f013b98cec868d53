import type { SerializedEvent } from '../append-validation.ts';
import type { ExpectedRevision } from '../port.ts';
import type { AppendRequest } from './group-commit.ts';

/**
 * A group of appends as one flat array of primitives for postMessage: the structured
 * clone of a flat array costs markedly less than that of one object per event, and
 * copying events to the writer thread is most of what the thread costs.
 *
 * Layout: requests, then per request: stream, expected, event count, then per event:
 * id, type, schemaVersion, data, metadata.
 */
export type WireGroup = (string | number | bigint)[];

export function encodeGroup(requests: readonly AppendRequest[]): WireGroup {
  const wire: WireGroup = [requests.length];
  for (const r of requests) {
    wire.push(r.stream, r.expected, r.events.length);
    for (const e of r.events) wire.push(e.id, e.type, e.schemaVersion, e.data, e.metadata);
  }
  return wire;
}

export function decodeGroup(wire: WireGroup): AppendRequest[] {
  let at = 0;
  const next = () => wire[at++]!;
  const count = next() as number;
  const requests: AppendRequest[] = [];
  for (let r = 0; r < count; r++) {
    const stream = next() as string;
    const expected = next() as ExpectedRevision;
    const eventCount = next() as number;
    const events: SerializedEvent[] = [];
    for (let e = 0; e < eventCount; e++) {
      events.push({ id: next() as string, type: next() as string, schemaVersion: next() as number, data: next() as string, metadata: next() as string });
    }
    requests.push({ stream, expected, events });
  }
  if (at !== wire.length) throw new Error(`group wire: ${wire.length - at} values left over`);
  return requests;
}
