/** Base of the errors the projection runtime raises; `code` is stable for the HTTP layer to map. */
export abstract class ProjectionError extends Error {
  abstract readonly code: string;
}

/**
 * A query asked for `minPosition` and the read model did not reach it within the wait.
 * The HTTP layer answers 503 `not-ready` with Retry-After: `retryAfterSeconds`.
 */
export class ProjectionNotCaughtUpError extends ProjectionError {
  readonly code = 'projection_not_caught_up';
  readonly retryAfterSeconds = 1;
  constructor(
    readonly projection: string,
    readonly minPosition: bigint,
    /** The position the served read model had reached when the wait ended. */
    readonly position: bigint,
    readonly reason: 'timeout' | 'too_many_waiters' | 'failed' | 'closed',
  ) {
    super(`projection ${projection} is at position ${position}, not yet at ${minPosition} (${reason.replaceAll('_', ' ')})`);
    this.name = 'ProjectionNotCaughtUpError';
  }
}

/**
 * Nothing can be served: the read model is being built for the first time, or it is being
 * rebuilt with a schema the previous version's file does not have. Also a 503 `not-ready`.
 */
export class ProjectionUnavailableError extends ProjectionError {
  readonly code = 'projection_unavailable';
  readonly retryAfterSeconds = 5;
  constructor(
    readonly projection: string,
    reason: string,
  ) {
    super(`projection ${projection} cannot answer yet: ${reason}`);
    this.name = 'ProjectionUnavailableError';
  }
}

/** A projection name nobody defined. */
export class UnknownProjectionError extends ProjectionError {
  readonly code = 'unknown_projection';
  constructor(
    readonly projection: string,
    known: readonly string[],
  ) {
    super(`no projection named ${JSON.stringify(projection)} (known: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownProjectionError';
  }
}

/** A definition that breaks a rule of the runtime (names, versions, digest coverage). */
export class ProjectionDefinitionError extends ProjectionError {
  readonly code = 'projection_definition';
  constructor(
    readonly projection: string,
    readonly field: string,
    message: string,
  ) {
    super(`projection ${projection}: ${field}: ${message}`);
    this.name = 'ProjectionDefinitionError';
  }
}

/** Another process (a server, a rebuild) already runs the projections of this data directory. */
export class ReadModelsLockedError extends ProjectionError {
  readonly code = 'read_models_locked';
  constructor(readonly dir: string) {
    super(`${dir} is in use by another taizhang process (a server or a rebuild); stop it first`);
    this.name = 'ReadModelsLockedError';
  }
}

/**
 * apply() threw, or the read model's file is not the one the runner expects. The batch
 * was rolled back, so the read model stays at the last good checkpoint; the projection
 * stops until the cause is fixed (a deterministic apply would throw again on a retry).
 */
export class ProjectionFailedError extends ProjectionError {
  readonly code = 'projection_failed';
  constructor(
    readonly projection: string,
    readonly version: number,
    /** The event being applied, when one was: position, type and id only (never data). */
    readonly event: { position: bigint; type: string; id: string } | undefined,
    override readonly cause: unknown,
  ) {
    const at = event === undefined ? '' : ` at position ${event.position} (${event.type} ${event.id})`;
    super(`projection ${projection} v${version} failed${at}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ProjectionFailedError';
  }
}
