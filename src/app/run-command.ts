import type { AppendResult, EventStore, EventToAppend, RecordedEvent } from '../eventstore/port.ts';
import { WrongExpectedRevisionError } from '../eventstore/errors.ts';
import { storedDataOf } from '../eventstore/validating-store.ts';
import { isRejection, type Decider, type DomainEvent, type Rejection } from '../domain/decider.ts';
import type { CommandContext } from './command-context.ts';
import type { StateCache } from './state-cache.ts';
import type { StreamLocks } from './stream-locks.ts';

/** A domain rule refused the command; carries the stable rejection code. */
export class CommandRejectedError extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
    this.name = 'CommandRejectedError';
  }
}

export interface StepResult {
  stream: string;
  /** Ids of the events this step wrote (or found already written, on a replay). */
  eventIds: string[];
  /** Global position of the last event written or found; undefined when nothing was. */
  position: bigint | undefined;
  /** True when this step's events were already stored: a replay of a completed request. */
  replayed: boolean;
}

/** Bounded: a hot stream under contention fails loudly rather than spinning. */
export const MAX_CONFLICT_RETRIES = 8;
const PAGE = 1000;

export function toDomainEvent<E extends DomainEvent>(e: RecordedEvent): E {
  return { type: e.type, data: e.data } as E;
}

export interface StepDeps {
  store: EventStore;
  cache: StateCache;
  /** Queues commands per stream in this process; conflicts then come only from other processes. */
  locks?: StreamLocks;
}

/**
 * One step of a command on one stream: fold, decide, append with the expected revision;
 * on WrongExpectedRevision fold the newer events and decide again (bounded). The stream's
 * expected revision is what closes every race on that stream's invariants.
 *
 * `evolve` may update the state in place and return it (large states such as a fund's
 * per-application ledger would be quadratic to copy): the cache owns that object, and
 * `decide` must never mutate it.
 */
export async function runStep<S, E extends DomainEvent>(
  deps: StepDeps,
  ctx: CommandContext,
  stream: string,
  decider: Pick<Decider<unknown, S, E>, 'evolve' | 'initialState'> & { name: string },
  decide: (state: S) => readonly E[] | Rejection,
): Promise<StepResult> {
  if (deps.locks) return deps.locks.run(stream, () => runUnlocked(deps, ctx, stream, decider, decide));
  return runUnlocked(deps, ctx, stream, decider, decide);
}

async function runUnlocked<S, E extends DomainEvent>(
  deps: StepDeps,
  ctx: CommandContext,
  stream: string,
  decider: Pick<Decider<unknown, S, E>, 'evolve' | 'initialState'> & { name: string },
  decide: (state: S) => readonly E[] | Rejection,
): Promise<StepResult> {
  const key = `${decider.name}\u0000${stream}`;
  for (let attempt = 0; ; attempt++) {
    const replayFirstId = ctx.replay ? ctx.ids.peekFirst(stream, attempt > 0) : undefined;
    let decided: { decision: readonly E[] | Rejection; revision: bigint | undefined } | undefined =
      attempt === 0 && replayFirstId === undefined ? decideOnCache(deps, key, decide) : undefined;
    if (decided === undefined) {
      const { state, revision, seen } = await catchUp(deps, key, stream, decider, replayFirstId);
      if (seen) return { stream, eventIds: seen.ids, position: seen.position, replayed: true };
      decided = { decision: decide(state), revision };
    }
    const { decision, revision } = decided;
    if (isRejection(decision)) throw new CommandRejectedError(decision);
    if (decision.length === 0) return { stream, eventIds: [], position: undefined, replayed: false };
    const eventIds = ctx.ids.forStep(stream, decision.length, attempt > 0);
    const toAppend: EventToAppend[] = decision.map((e, i) => ({
      id: eventIds[i]!,
      type: e.type,
      schemaVersion: 1,
      data: e.data,
      metadata: {
        actor: { id: ctx.principal.id, role: ctx.principal.role },
        correlationId: ctx.correlationId,
        causationId: ctx.causationId,
        requestId: ctx.requestId,
        occurredAt: ctx.occurredAt,
      },
    }));
    try {
      const result = await deps.store.append(stream, toAppend, revision ?? 'no_stream');
      advanceCache(deps, key, decider, revision, decision, result);
      return { stream, eventIds, position: result.position, replayed: false };
    } catch (err) {
      if (err instanceof WrongExpectedRevisionError && attempt < MAX_CONFLICT_RETRIES) continue;
      throw err;
    }
  }
}

/**
 * Decides on the cached state without reading the store first. Safe for what is written:
 * the append's expected revision is the cached one, so a state that another process has
 * moved past loses the append and the retry reads the newer events. A refusal (returned or
 * thrown) or an empty decision writes nothing for that check to catch, so those are not
 * trusted: the caller
 * reads the stream and decides again (a stale cache never refuses a valid command).
 * Synchronous from look-up to decision, so no other fold can touch the state meanwhile.
 */
function decideOnCache<S, E extends DomainEvent>(
  deps: StepDeps,
  key: string,
  decide: (state: S) => readonly E[] | Rejection,
): { decision: readonly E[]; revision: bigint | undefined } | undefined {
  const cached = deps.cache.get<S>(key);
  if (cached === undefined) return undefined;
  let decision: readonly E[] | Rejection;
  try {
    decision = decide(cached.state);
  } catch {
    // A refusal thrown by the caller's check (region scope): verified on fresh state too.
    return undefined;
  }
  if (isRejection(decision) || decision.length === 0) return undefined;
  return { decision, revision: cached.revision };
}

/**
 * Folds the events just appended into the cached state, from the data the store kept
 * (storedDataOf: the schema's output, what a later read would return), so the next command
 * on this stream decides without reading back what this one wrote. Only when the cache
 * still holds the state this decision was made on and the store reports the data;
 * otherwise the entry is left as it is, and the next command reads forward from it.
 */
function advanceCache<S, E extends DomainEvent>(
  deps: StepDeps,
  key: string,
  decider: Pick<Decider<unknown, S, E>, 'evolve' | 'initialState'>,
  decidedOn: bigint | undefined,
  decision: readonly E[],
  result: AppendResult,
): void {
  const stored = storedDataOf(result);
  if (stored === undefined || stored.length !== decision.length) return;
  if (result.revision !== (decidedOn ?? -1n) + BigInt(decision.length)) return;
  const cached = deps.cache.take<S>(key);
  if (cached?.revision !== decidedOn) {
    if (cached) deps.cache.set(key, cached);
    return;
  }
  let state = cached ? cached.state : decider.initialState();
  // evolve may update `state` in place: the entry is ours (taken) until it is put back.
  for (let i = 0; i < decision.length; i++) state = decider.evolve(state, { type: decision[i]!.type, data: stored[i] } as E);
  deps.cache.set(key, { revision: result.revision, state });
}

interface CaughtUp<S> {
  state: S;
  revision: bigint | undefined;
  /** On a replay: the events of this request's step, if they are already stored. */
  seen?: { ids: string[]; position: bigint };
}

async function catchUp<S, E extends DomainEvent>(
  deps: StepDeps,
  key: string,
  stream: string,
  decider: Pick<Decider<unknown, S, E>, 'evolve' | 'initialState'>,
  replayFirstId: string | undefined,
): Promise<CaughtUp<S>> {
  // A replay must look at the whole stream for its own events, so it starts from scratch.
  const cached = replayFirstId ? undefined : deps.cache.take<S>(key);
  if (cached && deps.cache.isCurrent(stream, cached.revision)) {
    deps.cache.set(key, cached);
    return { state: cached.state, revision: cached.revision };
  }
  let state = cached ? cached.state : decider.initialState();
  let revision = cached?.revision;
  let seen: { ids: string[]; position: bigint; revision: bigint; requestId: string } | undefined;
  for (;;) {
    const from = revision === undefined ? 0n : revision + 1n;
    const page = await deps.store.readStream(stream, { fromRevision: from, limit: PAGE });
    for (const e of page) {
      // A step's events are appended together, so they follow the first one contiguously.
      if (e.id === replayFirstId) seen = { ids: [e.id], position: e.position, revision: e.revision, requestId: e.metadata.requestId };
      else if (seen && seen.revision === e.revision - 1n && e.metadata.requestId === seen.requestId) {
        seen = { ids: [...seen.ids, e.id], position: e.position, revision: e.revision, requestId: seen.requestId };
      }
      state = decider.evolve(state, toDomainEvent<E>(e));
      revision = e.revision;
    }
    if (page.length < PAGE) break;
  }
  deps.cache.set(key, { revision, state });
  return seen ? { state, revision, seen: { ids: seen.ids, position: seen.position } } : { state, revision };
}
