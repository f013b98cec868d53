import { randomUUID } from 'node:crypto';
import { NO_STREAM, WrongExpectedVersionError, type ResolvedEvent } from '@eventstore/db-client';
import type { RecordedEvent } from '../port.ts';
import { fromEsdbEvent } from './event-mapping.ts';
import { readStreamRecords, recordAt, type EsdbClient } from './esdb-reads.ts';

/**
 * The event-id index that makes idempotency stricter than EventStoreDB's own.
 *
 * EventStoreDB only recognises a repeated event id within one stream, and only reliably
 * for an exact expected revision or no_stream; it never notices the same id in another
 * stream. The port promises more, so every id gets a claim stream
 * `$tz-eventid-{id}` (a `$` stream: reserved, so no user stream can collide, and its
 * `$`-typed events are dropped by the system-event filter, so no reader of user events
 * ever sees them). Before a batch is appended, each of its ids gets an *attempt* there:
 * "this id is to be event `revision` of `stream`, in the batch whose first event is
 * `batchFirstId` at `batchFirstRevision`". The claim stream is written with an exact
 * expected revision, so claims on one id are serialised.
 *
 * An attempt is resolved by looking at the target stream, whose revisions never change
 * once written:
 * - landed:  the batch's first event is there, so the whole batch is (appends are atomic);
 * - dead:    another event holds the batch's first revision, so the batch never will;
 * - pending: the stream has not reached that revision yet (in flight, or the writer died).
 *
 * Why this is enough: a writer reads the target stream's revision first, then the
 * claims, and its attempt is written before its append. So when a first writer's batch
 * has landed, any later writer sees the landed attempt; two writers to one stream with
 * the same planned revision are arbitrated by EventStoreDB's expected-revision check;
 * and of two writers claiming one id for different streams, the second to write its
 * attempt must first read the first one's, and refuses.
 *
 * Honest limits:
 * - An attempt that stays pending for another stream (its writer died between claim and
 *   append) blocks that id for every other stream for good: refused as other_stream,
 *   which only a caller reusing an id for a different event could ever hit.
 * - Only events appended through this adapter are indexed; events written into
 *   EventStoreDB by other tools are not checked for id reuse.
 * - A refused or lost append can leave attempts behind: invisible to every reader of the
 *   port, but they stay in the log (EventStoreDB never rewrites either).
 * - Each new event costs one claim read and one claim write (issued in parallel per
 *   batch), besides the append itself; the claim streams double the records in $all.
 * - In a secured cluster the connection's user must be allowed to read and write `$`
 *   streams (an $admins member, or $systemStreamAcl granting it).
 */

export const CLAIM_STREAM_PREFIX = '$tz-eventid-';
export const CLAIM_EVENT_TYPE = '$tz-eventid-attempt';
/** Attempts read per id; each costs a lost race or a retried append, so thousands means a runaway caller. */
const ATTEMPTS_MAX = 10_000;

export interface ClaimAttempt {
  stream: string;
  revision: bigint;
  batchFirstRevision: bigint;
  batchFirstId: string;
}

export type IdStatus =
  | { kind: 'free' }
  | { kind: 'stored'; event: RecordedEvent }
  | { kind: 'claimed_elsewhere'; stream: string };

export interface IdLookup {
  id: string;
  status: IdStatus;
  attempts: ClaimAttempt[];
  /** Revision of the claim stream as read; the next attempt is written expecting it. */
  claimRevision: bigint | undefined;
}

/** Records of target streams read while resolving attempts, shared across the ids of one batch. */
export type RecordCache = Map<string, Promise<ResolvedEvent | undefined>>;

export function claimStream(id: string): string {
  return `${CLAIM_STREAM_PREFIX}${id}`;
}

/** What is known about one id relative to the stream `target` it is about to be appended to. */
export async function lookUpId(client: EsdbClient, id: string, target: string, cache: RecordCache): Promise<IdLookup> {
  const records = await readStreamRecords(client, claimStream(id), { direction: 'forwards', maxCount: ATTEMPTS_MAX });
  if (records.length === ATTEMPTS_MAX) throw new Error(`event id ${id} has ${ATTEMPTS_MAX} or more claim attempts; refusing to go on`);
  const attempts = records.map(parseAttempt);
  const claimRevision = records.at(-1)?.event?.revision;
  let pendingElsewhere: string | undefined;
  for (const attempt of attempts) {
    const first = await cachedRecordAt(client, cache, attempt.stream, attempt.batchFirstRevision);
    if (first?.event?.id === attempt.batchFirstId) {
      const own = await cachedRecordAt(client, cache, attempt.stream, attempt.revision);
      if (own?.event?.id !== id) throw new Error(`claim for event id ${id} says ${attempt.stream}@${attempt.revision}, which holds another event`);
      return { id, status: { kind: 'stored', event: fromEsdbEvent(own) }, attempts, claimRevision };
    }
    if (first === undefined && attempt.stream !== target) pendingElsewhere = attempt.stream;
  }
  const status: IdStatus = pendingElsewhere === undefined ? { kind: 'free' } : { kind: 'claimed_elsewhere', stream: pendingElsewhere };
  return { id, status, attempts, claimRevision };
}

/**
 * Writes one attempt per id (skipping ids whose identical attempt is already there).
 * Returns false when another writer claimed one of the ids since it was looked up: the
 * caller looks again.
 */
export async function writeAttempts(client: EsdbClient, lookups: readonly IdLookup[], planned: readonly ClaimAttempt[]): Promise<boolean> {
  const results = await Promise.all(
    lookups.map(async (lookup, i) => {
      const attempt = planned[i]!;
      if (lookup.attempts.some((a) => sameAttempt(a, attempt))) return true;
      try {
        await client.appendToStream(
          claimStream(lookup.id),
          { id: randomUUID(), contentType: 'application/json', type: CLAIM_EVENT_TYPE, data: serializeAttempt(attempt), metadata: undefined },
          { expectedRevision: lookup.claimRevision ?? NO_STREAM },
        );
        return true;
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) return false;
        throw error;
      }
    }),
  );
  return results.every(Boolean);
}

function cachedRecordAt(client: EsdbClient, cache: RecordCache, stream: string, revision: bigint): Promise<ResolvedEvent | undefined> {
  const key = `${stream}\u0000${revision}`;
  let found = cache.get(key);
  if (found === undefined) {
    found = recordAt(client, stream, revision);
    cache.set(key, found);
  }
  return found;
}

function sameAttempt(a: ClaimAttempt, b: ClaimAttempt): boolean {
  return a.stream === b.stream && a.revision === b.revision && a.batchFirstRevision === b.batchFirstRevision && a.batchFirstId === b.batchFirstId;
}

function serializeAttempt(a: ClaimAttempt): Record<string, string> {
  return { stream: a.stream, revision: String(a.revision), batchFirstRevision: String(a.batchFirstRevision), batchFirstId: a.batchFirstId };
}

function parseAttempt(resolved: ResolvedEvent): ClaimAttempt {
  const d = resolved.event?.data as Partial<Record<keyof ClaimAttempt, unknown>> | undefined;
  if (
    typeof d?.stream !== 'string' ||
    typeof d.revision !== 'string' ||
    typeof d.batchFirstRevision !== 'string' ||
    typeof d.batchFirstId !== 'string'
  ) {
    throw new Error(`malformed claim attempt in ${resolved.event?.streamId ?? 'a claim stream'}`);
  }
  return { stream: d.stream, revision: BigInt(d.revision), batchFirstRevision: BigInt(d.batchFirstRevision), batchFirstId: d.batchFirstId };
}
