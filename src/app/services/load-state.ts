import type { Decider, DomainEvent } from '../../domain/decider.ts';
import { toDomainEvent, type StepDeps } from '../run-command.ts';

/** Events read per page: the same bound as the command runner's. */
const PAGE = 1000;

/** Read-only: it may be the state cache's own entry (no copy per load). */
export interface LoadedState<S> {
  readonly state: S;
  /** Revision of the last event folded; undefined when the stream does not exist. */
  readonly revision: bigint | undefined;
}

export type FoldableDecider<S, E extends DomainEvent> = Pick<Decider<unknown, S, E>, 'evolve' | 'initialState'> & { name: string };

/**
 * The folded state of a stream another command needs to READ (a class opening reads its
 * institution and the catalogue), sharing runStep's state cache under the same key
 * (`name` NUL `stream`), so a read after a command folds only the newer events.
 *
 * Reads run under the stream's lock: some evolves update the cached state in place (the
 * catalogue's project map), and two folds of the same cached object at once would apply
 * the newer events twice. The caller must not hold that stream's lock already (it is not
 * re-entrant): load what a command reads BEFORE its runStep, never inside `decide`.
 *
 * What is read here guards nothing by itself: only the stream a command appends to is
 * protected by its expected revision. Each service says which race that leaves.
 */
export function loadState<S, E extends DomainEvent>(deps: StepDeps, stream: string, decider: FoldableDecider<S, E>): Promise<LoadedState<S>> {
  // An inline arrow, not a named one: tsx names a named local function with a
  // defineProperty call, an allocation per load.
  return deps.locks ? deps.locks.run(stream, () => foldStream(deps, stream, decider)) : foldStream(deps, stream, decider);
}

async function foldStream<S, E extends DomainEvent>(deps: StepDeps, stream: string, decider: FoldableDecider<S, E>): Promise<LoadedState<S>> {
  const key = `${decider.name}\u0000${stream}`;
  const cached = deps.cache.take<S>(key);
  if (cached && deps.cache.isCurrent(stream, cached.revision)) {
    deps.cache.set(key, cached);
    return cached;
  }
  let state = cached ? cached.state : decider.initialState();
  let revision = cached?.revision;
  for (;;) {
    const from = revision === undefined ? 0n : revision + 1n;
    const page = await deps.store.readStream(stream, { fromRevision: from, limit: PAGE });
    for (const e of page) {
      state = decider.evolve(state, toDomainEvent<E>(e));
      revision = e.revision;
    }
    if (page.length < PAGE) break;
  }
  // A stream found empty is remembered as such: the command that creates it (a
  // registration, a submission) then decides on it without reading it a second time.
  const loaded = { revision, state };
  deps.cache.set(key, loaded);
  return loaded;
}
