import type { ExpectedRevision } from './port.ts';

/** Base of every error the event store raises for bad input or a lost race. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'wrong_expected_revision';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** undefined when the stream does not exist. */
    readonly actual: bigint | undefined,
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${actual === undefined ? 'no_stream' : String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id already stored with other content or in another stream. */
export class EventIdConflictError extends EventStoreError {
  readonly code = 'event_id_conflict';
  constructor(
    readonly eventId: string,
    readonly reason: 'other_stream' | 'other_content' | 'partial_batch',
  ) {
    super(`event id ${eventId} is already stored (${reason.replace('_', ' ')})`);
    this.name = 'EventIdConflictError';
  }
}

/** Input the store refuses before writing anything: the field names what is wrong. */
export class InvalidAppendError extends EventStoreError {
  readonly code = 'invalid_append';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidAppendError';
  }
}

/** Read options the store refuses (a negative limit, a position that is not a bigint, ...). */
export class InvalidReadError extends EventStoreError {
  readonly code = 'invalid_read';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidReadError';
  }
}

export class UnknownEventTypeError extends EventStoreError {
  readonly code = 'unknown_event_type';
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
  ) {
    super(`unknown event type ${type} v${schemaVersion}`);
    this.name = 'UnknownEventTypeError';
  }
}

export class EventSchemaError extends EventStoreError {
  readonly code = 'event_schema';
  constructor(
    readonly type: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`event ${type} fails its schema: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'EventSchemaError';
  }
}
