/**
 * The shape of every aggregate: decide(command, state) -> events | rejection, and
 * evolve(state, event) -> state. Pure: time, ids and randomness arrive in the command
 * (or in a context the app layer builds from projections), never from a global.
 */
export interface DomainEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

/** A command refused by the rules. `code` is stable: clients and tests match on it. */
export interface Rejection {
  readonly rejected: true;
  readonly code: string;
  readonly message: string;
  /** The command field at fault, as a dotted path, when one is. */
  readonly field?: string;
}

export function reject(code: string, message: string, field?: string): Rejection {
  return field === undefined ? { rejected: true, code, message } : { rejected: true, code, message, field };
}

export function isRejection(x: unknown): x is Rejection {
  return typeof x === 'object' && x !== null && (x as { rejected?: unknown }).rejected === true;
}

export type Decision<E extends DomainEvent> = readonly E[] | Rejection;

export interface Decider<C, S, E extends DomainEvent> {
  decide(command: C, state: S): Decision<E>;
  evolve(state: S, event: E): S;
  initialState(): S;
}

/** Folds a stream's events into state. */
export function fold<S, E extends DomainEvent>(decider: Pick<Decider<unknown, S, E>, 'evolve' | 'initialState'>, events: readonly E[]): S {
  let state = decider.initialState();
  for (const e of events) state = decider.evolve(state, e);
  return state;
}

/** For the `default` branch of a switch over a union: fails to compile when a case is missing. */
export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}

/** Programmer errors (a broken invariant), as opposed to rejections of bad commands. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`invariant violated: ${message}`);
}
