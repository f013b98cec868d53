import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  type EventStoreDBClient,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';

/**
 * The part of the EventStoreDB client the adapter uses. Narrow on purpose: the adapter's
 * logic is also exercised against an in-memory stand-in (test/eventstore/esdb-fake.ts)
 * on machines without Docker.
 */
export type EsdbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export interface StreamReadOptions {
  direction: 'forwards' | 'backwards';
  fromRevision?: bigint;
  maxCount: number;
}

/** A stream's records; an unknown stream is an empty array, as the port wants. */
export async function readStreamRecords(client: EsdbClient, stream: string, options: StreamReadOptions): Promise<ResolvedEvent[]> {
  if (options.maxCount === 0) return [];
  const fromRevision: ReadRevision = options.fromRevision ?? (options.direction === 'forwards' ? START : END);
  const out: ResolvedEvent[] = [];
  try {
    const read = client.readStream(stream, {
      direction: options.direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision,
      maxCount: BigInt(options.maxCount),
    });
    for await (const resolved of read) out.push(resolved);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
  return out;
}

/** The record at one revision of a stream, or undefined. */
export async function recordAt(client: EsdbClient, stream: string, revision: bigint): Promise<ResolvedEvent | undefined> {
  const [resolved] = await readStreamRecords(client, stream, { direction: 'forwards', fromRevision: revision, maxCount: 1 });
  return resolved?.event?.revision === revision ? resolved : undefined;
}

/** Current revision of a stream, undefined when it does not exist. */
export async function currentRevision(client: EsdbClient, stream: string): Promise<bigint | undefined> {
  const [last] = await readStreamRecords(client, stream, { direction: 'backwards', maxCount: 1 });
  return last?.event?.revision;
}

/**
 * A $all read position for a position the port handed out. The port's positions are
 * commit positions, and for the events EventStoreDB writes today the prepare position
 * of an event equals its commit position.
 */
export function allPosition(position: bigint): ReadPosition {
  return position === 0n ? START : { commit: position, prepare: position };
}

/** One page of $all records, forwards (inclusive of `from`) or backwards. */
export async function readAllPage(
  client: EsdbClient,
  from: ReadPosition,
  direction: 'forwards' | 'backwards',
  maxCount: number,
): Promise<ResolvedEvent[]> {
  const out: ResolvedEvent[] = [];
  const read = client.readAll({ fromPosition: from, direction: direction === 'forwards' ? FORWARDS : BACKWARDS, maxCount: BigInt(maxCount) });
  for await (const resolved of read) out.push(resolved as ResolvedEvent);
  return out;
}
