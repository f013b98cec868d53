import t from 'tap';
import { EventEnvelopeSchema, EventMetadataSchema, parseEventMetadata, toEnvelope } from '../../src/eventstore/envelope.ts';
import { InvalidAppendError } from '../../src/eventstore/errors.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { validMetadata as metadata } from './fixtures/metadata.ts';

function recorded(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    id: '0190a0b2-7c3e-7abc-8def-0123456789ab',
    stream: 'fund-42',
    revision: 3n,
    position: 1234n,
    type: 'FundOpened',
    schemaVersion: 1,
    data: { fundId: '42', amountFen: 120000, note: '职业培训补贴' },
    metadata,
    recordedAt: '2024-03-01T01:30:00.123Z',
    ...overrides,
  };
}

t.test('toEnvelope gives the envelope keys in order, revision as a number, and no position', async (t) => {
  const envelope = toEnvelope(recorded());
  t.same(Object.keys(envelope), ['id', 'stream', 'revision', 'type', 'schemaVersion', 'data', 'metadata', 'recordedAt']);
  t.equal(envelope.revision, 3);
  t.equal(typeof envelope.revision, 'number');
  t.notOk('position' in envelope);
  t.same(envelope.data, { fundId: '42', amountFen: 120000, note: '职业培训补贴' });
  t.same(Object.keys(envelope.metadata), ['actor', 'correlationId', 'causationId', 'requestId', 'occurredAt']);
  // JSON-safe all the way down, and what an auditor parses back is what was hashed.
  const reparsed = EventEnvelopeSchema.parse(JSON.parse(JSON.stringify(envelope)));
  t.same(reparsed, envelope);
});

t.test('toEnvelope leaves out whatever else an adapter put on the metadata object', async (t) => {
  const withExtra = { ...metadata, actor: { ...metadata.actor, displayName: 'x' }, $correlationId: 'corr-1' };
  const envelope = toEnvelope(recorded({ metadata: withExtra }));
  t.same(envelope.metadata, metadata);
  t.same(Object.keys(envelope.metadata.actor), ['id', 'role']);
});

t.test('toEnvelope refuses a revision that a JSON number cannot hold exactly', async (t) => {
  t.throws(() => toEnvelope(recorded({ revision: 2n ** 53n })), RangeError);
  t.equal(toEnvelope(recorded({ revision: BigInt(Number.MAX_SAFE_INTEGER) })).revision, Number.MAX_SAFE_INTEGER);
  t.equal(toEnvelope(recorded({ revision: 0n })).revision, 0);
});

t.test('the envelope schema refuses a non-UUIDv7 id and a position field', async (t) => {
  const envelope = toEnvelope(recorded());
  t.notOk(EventEnvelopeSchema.safeParse({ ...envelope, id: '0190a0b2-7c3e-4abc-8def-0123456789ab' }).success);
  t.notOk(EventEnvelopeSchema.safeParse({ ...envelope, position: 1 }).success);
  t.notOk(EventEnvelopeSchema.safeParse({ ...envelope, revision: -1 }).success);
});

function metadataError(value: unknown, field?: string): InvalidAppendError {
  try {
    parseEventMetadata(value, field);
  } catch (error) {
    if (error instanceof InvalidAppendError) return error;
    throw error;
  }
  throw new Error('expected InvalidAppendError');
}

t.test('metadata errors name the field at fault', async (t) => {
  t.equal(metadataError({ ...metadata, actor: { id: 'p' } }).field, 'metadata.actor.role');
  t.equal(metadataError({ ...metadata, actor: { id: 'p', role: 'Finance Officer' } }).field, 'metadata.actor.role');
  t.equal(metadataError({ ...metadata, actor: { id: '', role: 'finance' } }).field, 'metadata.actor.id');
  t.equal(metadataError({ ...metadata, correlationId: '' }).field, 'metadata.correlationId');
  t.equal(metadataError({ ...metadata, occurredAt: '2024-03-01T09:30:00' }).field, 'metadata.occurredAt');
  t.equal(metadataError({ ...metadata, occurredAt: '2024-03-01' }).field, 'metadata.occurredAt');
  const { requestId: _omitted, ...noRequestId } = metadata;
  t.equal(metadataError(noRequestId).field, 'metadata.requestId');
  t.equal(metadataError(undefined).field, 'metadata');
  t.equal(metadataError('corr-1').field, 'metadata');
});

t.test('an unknown metadata key is refused by its own name, so personal data cannot ride along', async (t) => {
  const error = metadataError({ ...metadata, phone: '13800000000' });
  t.equal(error.field, 'metadata.phone');
  t.match(error.message, /unknown field/);
  t.equal(metadataError({ ...metadata, actor: { ...metadata.actor, name: '张三' } }).field, 'metadata.actor.name');
});

t.test('metadata errors take the caller’s prefix and list every issue', async (t) => {
  const error = metadataError({ ...metadata, correlationId: '', occurredAt: 'yesterday' }, 'events[2].metadata');
  t.equal(error.field, 'events[2].metadata.correlationId');
  t.match(error.message, /events\[2\]\.metadata\.correlationId: .*events\[2\]\.metadata\.occurredAt: /);
  t.equal(error.code, 'invalid_append');
});

t.test('valid metadata passes unchanged, with Z or a numeric offset', async (t) => {
  t.same(parseEventMetadata(metadata), metadata);
  t.ok(EventMetadataSchema.safeParse({ ...metadata, occurredAt: '2024-03-01T01:30:00.5Z' }).success);
});
