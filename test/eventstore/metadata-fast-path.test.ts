import t from 'tap';
import fc from 'fast-check';
import { EventMetadataSchema } from '../../src/eventstore/envelope.ts';
import { knownGoodMetadata } from '../../src/eventstore/metadata-fast-path.ts';

const valid = {
  actor: { id: 'u-finance-1', role: 'finance' },
  correlationId: 'corr-1',
  causationId: '0b6f3f0e-7a7e-4c9e-9a52-1d7b3c7f4a11',
  requestId: '0b6f3f0e-7a7e-4c9e-9a52-1d7b3c7f4a11',
  occurredAt: '2026-11-26T18:30:12.345+08:00',
};

/** Text near the bounds and the formats: empty, 200 and 201 characters, odd characters. */
// Weighted towards valid values, so that a good share of the records reaches the fast path.
const text = fc.oneof(
  { weight: 12, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  { weight: 3, arbitrary: fc.constantFrom('', 'a', 'x'.repeat(200), 'x'.repeat(201), ' ', '\u0000', '张三') },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.constant(undefined)) },
);
const role = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('finance', 'system', 'a', 'a'.repeat(64), 'a'.repeat(65), 'Finance', '1a', 'a-b', 'a_b9', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const occurredAt = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('2026-11-26T18:30:12.345+08:00', '2026-11-26T10:30:12Z', '2024-02-29T23:59:59.5-05:30') },
  fc.constantFrom(
    '2026-11-26T18:30:12.345+08:00',
    '2026-11-26T18:30:12Z',
    '2026-11-26T18:30+08:00',
    '2026-11-26T18:30:12',
    '2026-02-29T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2026-11-26T24:00:00Z',
    '2026-11-26T18:30:12.345+24:00',
    '2026-11-26 18:30:12Z',
    '2026-11-26T18:30:12.+08:00',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string({ maxLength: 30 }),
);
const actor = fc.oneof(
  { weight: 6, arbitrary: fc.record({ id: text, role }) },
  { weight: 1, arbitrary: fc.record({ id: text, role, extra: text }) },
  { weight: 1, arbitrary: fc.record({ id: text }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 'u-1', [] as unknown[]) },
);
const metadata = fc.oneof(
  { weight: 6, arbitrary: fc.record({ actor, correlationId: text, causationId: text, requestId: text, occurredAt }) },
  { weight: 1, arbitrary: fc.record({ actor, correlationId: text, causationId: text, requestId: text, occurredAt, personName: text }) },
  { weight: 1, arbitrary: fc.record({ actor, correlationId: text, causationId: text, requestId: text, occurredAt }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.anything() },
);

t.test('whatever the fast path accepts, the schema accepts with the same output', async (t) => {
  let accepted = 0;
  fc.assert(
    fc.property(metadata, (m) => {
      const fast = knownGoodMetadata(m);
      if (fast === undefined) return true;
      accepted += 1;
      const slow = EventMetadataSchema.safeParse(m);
      t.ok(slow.success, 'the schema accepts it too');
      t.same(fast, slow.data);
      return slow.success;
    }),
    { numRuns: 2000 },
  );
  t.ok(accepted > 20, `the generator reaches the fast path (${accepted} of 2000)`);
});

t.test('the command runner\'s metadata takes the fast path; anything unusual is left to the schema', async (t) => {
  t.same(knownGoodMetadata(valid), valid);
  t.not(knownGoodMetadata(valid), valid, 'a new object, as the schema returns');
  t.equal(knownGoodMetadata({ ...valid, extra: 1 }), undefined, 'an unknown key');
  t.equal(knownGoodMetadata({ ...valid, actor: { ...valid.actor, name: '张三' } }), undefined, 'an unknown actor key');
  t.equal(knownGoodMetadata(Object.assign(Object.create({ actor: valid.actor }), { ...valid, actor: undefined })), undefined, 'a prototype of its own');
  t.equal(knownGoodMetadata({ ...valid, occurredAt: '2026-11-26T18:30:12' }), undefined, 'a time without offset');
  t.equal(knownGoodMetadata({ ...valid, requestId: 'x'.repeat(201) }), undefined, 'text over 200');
  t.equal(knownGoodMetadata({ ...valid, actor: { id: 'u', role: 'Admin' } }), undefined, 'a role not lower-case');
  t.equal(knownGoodMetadata([valid]), undefined);
});
