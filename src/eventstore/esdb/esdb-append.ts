import { MaxAppendSizeExceededError, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import type { SerializedEvent } from '../append-validation.ts';
import { EventIdConflictError, InvalidAppendError, WrongExpectedRevisionError } from '../errors.ts';
import type { AppendResult, ExpectedRevision, RecordedEvent } from '../port.ts';
import { fromEsdbEvent, sameContent, toEsdbEvent } from './event-mapping.ts';
import { currentRevision, readStreamRecords, type EsdbClient } from './esdb-reads.ts';
import { lookUpId, writeAttempts, type ClaimAttempt, type IdLookup, type RecordCache } from './id-claims.ts';

/**
 * Appends with the port's meaning on EventStoreDB (see id-claims.ts for the id index).
 *
 * Every expected-revision kind is turned into an exact one: the adapter reads the
 * stream's revision, checks the caller's expectation itself, and appends expecting
 * exactly that revision. A concurrent writer in between makes EventStoreDB refuse, and
 * the whole round runs again: for 'any' and 'stream_exists' it then usually succeeds;
 * for an exact revision or 'no_stream' the next round's check reports the conflict (or,
 * when the winner was this very batch sent twice, its original result).
 */

/** Rounds before giving up under contention; each lost round means another append won. */
const ROUNDS_MAX = 50;

export class EventStoreContentionError extends Error {
  readonly code = 'event_store_contention';
  constructor(stream: string) {
    super(`append to ${stream}: other writers won ${ROUNDS_MAX} rounds in a row`);
    this.name = 'EventStoreContentionError';
  }
}

export async function appendToEsdb(
  client: EsdbClient,
  stream: string,
  events: readonly SerializedEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  for (let round = 0; round < ROUNDS_MAX; round++) {
    if (round > 0) await jitter(round);
    const outcome = await appendRound(client, stream, events, expected);
    if (outcome !== 'contended') return outcome;
  }
  throw new EventStoreContentionError(stream);
}

async function appendRound(
  client: EsdbClient,
  stream: string,
  events: readonly SerializedEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult | 'contended'> {
  // The revision first, the claims after: see the argument in id-claims.ts.
  const current = await currentRevision(client, stream);
  const cache: RecordCache = new Map();
  const lookups = await Promise.all(events.map((e) => lookUpId(client, e.id, stream, cache)));
  const replayed = replayOrConflict(stream, events, lookups);
  if (replayed !== undefined) return replayed;
  if (!expectationHolds(expected, current)) throw new WrongExpectedRevisionError(stream, expected, current);

  const first = (current ?? -1n) + 1n;
  const batchFirstId = events[0]!.id;
  const planned: ClaimAttempt[] = events.map((_, i) => ({ stream, revision: first + BigInt(i), batchFirstRevision: first, batchFirstId }));
  if (!(await writeAttempts(client, lookups, planned))) return 'contended';
  try {
    await client.appendToStream(stream, events.map(toEsdbEvent), { expectedRevision: current ?? NO_STREAM });
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return 'contended';
    if (error instanceof MaxAppendSizeExceededError) {
      throw new InvalidAppendError('events', `the batch is over EventStoreDB's MaxAppendSize of ${error.maxAppendSize} bytes`);
    }
    throw error;
  }
  return readBack(client, stream, first, events);
}

/**
 * The answer when some id of the batch is already taken: the original result if the
 * batch is exactly a run of stored events (same stream, same content, consecutive
 * revisions in batch order), else the conflict. undefined when every id is free.
 * Same rules, same order of checks, as the SQLite adapter.
 */
function replayOrConflict(stream: string, events: readonly SerializedEvent[], lookups: readonly IdLookup[]): AppendResult | undefined {
  const firstTaken = lookups.findIndex((l) => l.status.kind !== 'free');
  if (firstTaken === -1) return undefined;
  const stored: (RecordedEvent | undefined)[] = [];
  for (const [i, lookup] of lookups.entries()) {
    const status = lookup.status;
    if (status.kind === 'claimed_elsewhere') throw new EventIdConflictError(lookup.id, 'other_stream');
    if (status.kind === 'stored') {
      if (status.event.stream !== stream) throw new EventIdConflictError(lookup.id, 'other_stream');
      if (!sameContent(status.event, events[i]!)) throw new EventIdConflictError(lookup.id, 'other_content');
    }
    stored.push(status.kind === 'stored' ? status.event : undefined);
  }
  const head = stored[0];
  const isRun = head !== undefined && stored.every((e, i) => e !== undefined && e.revision === head.revision + BigInt(i));
  if (!isRun) throw new EventIdConflictError(lookups[firstTaken]!.id, 'partial_batch');
  const last = stored.at(-1)!;
  return { revision: last.revision, position: last.position };
}

function expectationHolds(expected: ExpectedRevision, current: bigint | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === undefined;
  if (expected === 'stream_exists') return current !== undefined;
  return current === expected;
}

/**
 * The result from the events themselves: EventStoreDB's append reply carries one
 * position for the whole write and none at all when it took the write as a repeat, so
 * the batch is read back, which also proves that exactly these ids landed.
 */
async function readBack(client: EsdbClient, stream: string, first: bigint, events: readonly SerializedEvent[]): Promise<AppendResult> {
  const records = await readStreamRecords(client, stream, { direction: 'forwards', fromRevision: first, maxCount: events.length });
  const landed = records.map(fromEsdbEvent);
  const matches = landed.length === events.length && landed.every((e, i) => e.id === events[i]!.id && e.revision === first + BigInt(i));
  if (!matches) throw new Error(`append to ${stream}: the events read back at revision ${first} are not the ones appended`);
  const last = landed.at(-1)!;
  return { revision: last.revision, position: last.position };
}

function jitter(round: number): Promise<void> {
  const ms = Math.random() * Math.min(2 ** round, 50);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
