import t from 'tap';
import { compiledSchema } from '../../src/domain/compiled-schema.ts';
import { EventSchemaError, UnknownEventTypeError } from '../../src/eventstore/errors.ts';
import type { EventToAppend } from '../../src/eventstore/port.ts';
import { withRegistry } from '../../src/eventstore/validating-store.ts';
import { paidRegistry, PaidV2 } from './paid-versions.ts';
import { makeTestStore } from './registry-store.ts';

/*
 * The read path parses only what needs it: an event at its type's current version was
 * validated by that schema on append and is handed out as stored; older versions are
 * upcast and validated step by step; unknown types are refused.
 */

const metadata = { actor: { id: 'p-1', role: 'finance' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-03-02T09:00:00+08:00' };
let n = 0;
const event = (type: string, schemaVersion: number, data: unknown): EventToAppend => ({
  id: `0190a0b2-7c3e-7abc-8def-${(++n).toString(16).padStart(12, '0')}`,
  type,
  schemaVersion,
  data,
  metadata,
});

t.test('current-version events come back as stored, without a second parse', async (t) => {
  const inner = await makeTestStore(t);
  // Spy on the schema: a parse on read would show up as a call.
  const reg = paidRegistry();
  const store = withRegistry(inner, reg);
  await store.append('pay-1', [event('Paid', 2, { amountFen: 500 })], 'no_stream');
  // The registry parses with the schema, or once it is in use with its compiled twin
  // (src/domain/compiled-schema.ts): both are watched (the twin's fallback is not the spy).
  let parses = 0;
  for (const schema of [PaidV2, compiledSchema(PaidV2)]) {
    const parse = schema.safeParse.bind(schema);
    schema.safeParse = ((data: unknown) => {
      parses += 1;
      return parse(data);
    }) as typeof schema.safeParse;
    t.teardown(() => void (schema.safeParse = parse as typeof schema.safeParse));
  }
  const [read] = await store.readStream('pay-1');
  t.same(read?.data, { amountFen: 500 });
  t.equal(read?.schemaVersion, 2);
  t.equal(parses, 0, 'no schema parse for a current-version event');

  // A v1 event still goes through the upcaster and the v2 schema.
  await inner.append('pay-1', [event('Paid', 1, { amountYuan: 1.5 })], 'any');
  const all = await store.readAll();
  t.same(all.map((e) => [e.schemaVersion, e.data]), [[2, { amountFen: 500 }], [2, { amountFen: 150 }]]);
  t.equal(parses, 1, 'the upcast v1 event was validated by the v2 schema');
});

t.test('old versions are still validated and unknown types still refused on every read path', async (t) => {
  const inner = await makeTestStore(t);
  const store = withRegistry(inner, paidRegistry());
  await inner.append('pay-2', [event('Paid', 1, { amountYuan: 'lots' })], 'any');
  await t.rejects(store.readStream('pay-2'), EventSchemaError);
  await inner.append('refund-1', [event('Refunded', 1, {})], 'any');
  await t.rejects(store.readStream('refund-1'), UnknownEventTypeError);
  const sub = store.subscribeAll();
  const read = (async () => {
    for await (const _ of sub) void _;
  })();
  await t.rejects(read, EventSchemaError, 'the subscription ends with the error, never skips');
});
