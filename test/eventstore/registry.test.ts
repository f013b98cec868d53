import t, { type Test } from 'tap';
import { z } from 'zod';
import { EventSchemaError, InvalidAppendError, UnknownEventTypeError } from '../../src/eventstore/errors.ts';
import type { EventStore, EventToAppend, RecordedEvent } from '../../src/eventstore/port.ts';
import { EventRegistry, defineUpcaster, type Upcaster } from '../../src/eventstore/registry.ts';
import { withRegistry } from '../../src/eventstore/validating-store.ts';
import { validMetadata as metadata } from './fixtures/metadata.ts';
import { makeTestStore } from './registry-store.ts';

/*
 * A real schema change: SubsidyPaid v1 recorded the amount in yuan as a decimal number
 * (the mistake the money convention exists to prevent); v2 records integer fen; v3 adds
 * the payee kind, which every v1/v2 payment was (to the trainee).
 */
const SubsidyPaidV1 = z.object({ applicationId: z.string().min(1), amountYuan: z.number().nonnegative() });
const SubsidyPaidV2 = z.object({ applicationId: z.string().min(1), amountFen: z.number().int().nonnegative() });
const SubsidyPaidV3 = SubsidyPaidV2.extend({ payee: z.enum(['trainee', 'institution']) });

const yuanToFen: Upcaster<typeof SubsidyPaidV1, typeof SubsidyPaidV2> = (v1) => ({
  applicationId: v1.applicationId,
  // Decimal yuan to integer fen; rounding absorbs binary float error (0.29 * 100 = 28.999…).
  amountFen: Math.round(v1.amountYuan * 100),
});

const FundEventSchemas = {
  FundOpened: z.object({ fundId: z.string(), name: z.string() }),
  FundAllocated: z.object({ fundId: z.string(), amountFen: z.number().int().positive() }),
} as const;

function registryV2(): EventRegistry {
  return new EventRegistry()
    .registerAll(FundEventSchemas)
    .register('SubsidyPaid', 1, SubsidyPaidV1)
    .register('SubsidyPaid', 2, SubsidyPaidV2)
    .registerUpcaster('SubsidyPaid', 1, yuanToFen);
}

let idCounter = 0;
/** UUIDv7-shaped ids, distinct per call. */
function nextId(): string {
  idCounter += 1;
  return `0190a0b2-7c3e-7abc-8def-${idCounter.toString(16).padStart(12, '0')}`;
}

function event(type: string, schemaVersion: number, data: unknown): EventToAppend {
  return { id: nextId(), type, schemaVersion, data, metadata };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the append to be refused');
}

async function setup(t: Test, registry = registryV2()): Promise<{ inner: EventStore; store: EventStore }> {
  const inner = await makeTestStore(t);
  return { inner, store: withRegistry(inner, registry) };
}

t.test('a current-version event is stored as its schema outputs it', async (t) => {
  const { inner, store } = await setup(t);
  const paid = event('SubsidyPaid', 2, { applicationId: 'app-1', amountFen: 120000, traineeName: '张三' });
  await store.append('application-1', [paid], 'no_stream');
  const [stored] = await inner.readStream('application-1');
  // The unknown key is gone before it reaches the immutable log.
  t.same(stored?.data, { applicationId: 'app-1', amountFen: 120000 });
  t.equal(stored?.schemaVersion, 2);
});

t.test('refusals leave the store unchanged', async (t) => {
  const { inner, store } = await setup(t);
  const old = await refusal(store.append('application-1', [event('SubsidyPaid', 1, { applicationId: 'a', amountYuan: 1 })], 'any'));
  t.ok(old instanceof InvalidAppendError);
  t.equal((old as InvalidAppendError).field, 'schemaVersion');

  const unknownType = await refusal(store.append('application-1', [event('SubsidyClawedBack', 1, {})], 'any'));
  t.ok(unknownType instanceof UnknownEventTypeError);
  t.equal((unknownType as UnknownEventTypeError).type, 'SubsidyClawedBack');

  const unknownVersion = await refusal(store.append('application-1', [event('SubsidyPaid', 3, {})], 'any'));
  t.ok(unknownVersion instanceof UnknownEventTypeError);
  t.equal((unknownVersion as UnknownEventTypeError).schemaVersion, 3);

  const dataError = await refusal(store.append('application-1', [event('SubsidyPaid', 2, { amountFen: 12.5 })], 'any'));
  t.ok(dataError instanceof EventSchemaError);
  t.same((dataError as EventSchemaError).issues.map((i) => i.path).sort(), ['amountFen', 'applicationId']);
  t.match((dataError as Error).message, /amountFen/);

  const nested = new EventRegistry().register('ClassOpened', 1, z.object({ lines: z.array(z.object({ hours: z.number().int() })) }));
  const { store: nestedStore } = await setup(t, nested);
  const nestedError = await refusal(nestedStore.append('class-1', [event('ClassOpened', 1, { lines: [{ hours: 8 }, { hours: 'eight' }] })], 'any'));
  t.same((nestedError as EventSchemaError).issues.map((i) => i.path), ['lines.1.hours']);

  t.same(await inner.readStream('application-1'), []);
  t.equal(await inner.headPosition(), 0n);
});

t.test('one bad event refuses its whole batch, and metadata errors name the event', async (t) => {
  const { inner, store } = await setup(t);
  const good = event('FundOpened', 1, { fundId: 'f1', name: '2024 就业补助资金' });
  const bad = event('FundAllocated', 1, { fundId: 'f1', amountFen: -5 });
  t.ok((await refusal(store.append('fund-1', [good, bad], 'no_stream'))) instanceof EventSchemaError);

  const badMetadata = { ...event('FundAllocated', 1, { fundId: 'f1', amountFen: 5 }), metadata: { ...metadata, actor: { id: 'p' } } } as unknown as EventToAppend;
  const metaError = await refusal(store.append('fund-1', [good, badMetadata], 'no_stream'));
  t.ok(metaError instanceof InvalidAppendError);
  t.equal((metaError as InvalidAppendError).field, 'events[1].metadata.actor.role');

  t.same(await inner.readStream('fund-1'), []);
  await store.append('fund-1', [good], 'no_stream');
  t.equal((await inner.readStream('fund-1')).length, 1);
});

/** Writes a v1 event straight into the inner store, as the system of last year did. */
async function storeV1(inner: EventStore, stream: string, amountYuan: number): Promise<EventToAppend> {
  const v1 = event('SubsidyPaid', 1, { applicationId: stream, amountYuan });
  await inner.append(stream, [v1], 'any');
  return v1;
}

t.test('a v1 event reads as v2 on every read path; the stored event is not rewritten', async (t) => {
  const { inner, store } = await setup(t);
  const v1 = await storeV1(inner, 'application-7', 1200.29);
  await store.append('application-7', [event('SubsidyPaid', 2, { applicationId: 'application-7', amountFen: 500 })], 0n);

  const [first, second] = await store.readStream('application-7');
  t.equal(first?.id, v1.id);
  t.equal(first?.schemaVersion, 2);
  t.same(first?.data, { applicationId: 'application-7', amountFen: 120029 });
  t.equal(second?.schemaVersion, 2);
  t.same(second?.data, { applicationId: 'application-7', amountFen: 500 });

  const backwards = await store.readStream('application-7', { direction: 'backwards', limit: 1, fromRevision: 0n });
  t.same(backwards[0]?.data, { applicationId: 'application-7', amountFen: 120029 });

  const all = await store.readAll();
  t.same(
    all.map((e) => e.data),
    [
      { applicationId: 'application-7', amountFen: 120029 },
      { applicationId: 'application-7', amountFen: 500 },
    ],
  );

  const subscription = store.subscribeAll();
  const seen: RecordedEvent[] = [];
  for await (const e of subscription) {
    seen.push(e);
    if (seen.length === 2) break;
  }
  await subscription.close();
  t.same(
    seen.map((e) => [e.schemaVersion, e.data]),
    [
      [2, { applicationId: 'application-7', amountFen: 120029 }],
      [2, { applicationId: 'application-7', amountFen: 500 }],
    ],
  );

  const [raw] = await inner.readStream('application-7');
  t.equal(raw?.schemaVersion, 1);
  t.same(raw?.data, { applicationId: 'application-7', amountYuan: 1200.29 });
});

t.test('upcasters chain v1 → v2 → v3, each step validated', async (t) => {
  const registry = registryV2()
    .register('SubsidyPaid', 3, SubsidyPaidV3)
    .registerUpcaster('SubsidyPaid', 2, defineUpcaster(SubsidyPaidV2, SubsidyPaidV3, (v2) => ({ ...v2, payee: 'trainee' as const })));
  registry.assertComplete();
  const { inner, store } = await setup(t, registry);
  await storeV1(inner, 'application-8', 0.29);
  const [read] = await store.readStream('application-8');
  t.equal(read?.schemaVersion, 3);
  t.same(read?.data, { applicationId: 'application-8', amountFen: 29, payee: 'trainee' });
  // v2 is now old: it may be read, not written.
  const error = await refusal(store.append('application-8', [event('SubsidyPaid', 2, { applicationId: 'a', amountFen: 1 })], 'any'));
  t.equal((error as InvalidAppendError).field, 'schemaVersion');
});

t.test('a read fails loudly when the stored data or an upcaster output breaks its schema', async (t) => {
  const broken = new EventRegistry()
    .register('SubsidyPaid', 1, SubsidyPaidV1)
    .register('SubsidyPaid', 2, SubsidyPaidV2)
    .registerUpcaster('SubsidyPaid', 1, (v1: z.output<typeof SubsidyPaidV1>) => ({ applicationId: v1.applicationId, amountFen: v1.amountYuan }));
  const { inner, store } = await setup(t, broken);
  await storeV1(inner, 'application-9', 12.5);
  const error = await refusal(store.readStream('application-9'));
  t.ok(error instanceof EventSchemaError);
  t.same((error as EventSchemaError).issues.map((i) => i.path), ['amountFen']);

  await inner.append('application-10', [event('SubsidyPaid', 1, { applicationId: 'x', amountYuan: 'lots' })], 'any');
  t.ok((await refusal(store.readStream('application-10'))) instanceof EventSchemaError);

  await inner.append('refund-1', [event('RefundIssued', 1, {})], 'any');
  t.ok((await refusal(store.readStream('refund-1'))) instanceof UnknownEventTypeError);
});

t.test('registration mistakes are caught when they are made', async (t) => {
  t.throws(() => new EventRegistry().register('$system', 1, z.object({})), /PascalCase/);
  t.throws(() => new EventRegistry().register('fundOpened', 1, z.object({})), /PascalCase/);
  t.throws(() => new EventRegistry().register('FundOpened', 0, z.object({})), /schemaVersion/);
  t.throws(() => new EventRegistry().registerAll(FundEventSchemas).register('FundOpened', 1, z.object({})), /already registered/);
  t.throws(() => new EventRegistry().register('SubsidyPaid', 1, SubsidyPaidV1).registerUpcaster('SubsidyPaid', 1, yuanToFen), /register v1 and v2/);
  t.throws(() => registryV2().registerUpcaster('SubsidyPaid', 1, yuanToFen), /already registered/);
  const gap = new EventRegistry().register('SubsidyPaid', 1, SubsidyPaidV1).register('SubsidyPaid', 2, SubsidyPaidV2);
  t.throws(() => gap.assertComplete(), /no upcaster from v1 to v2/);
  t.doesNotThrow(() => registryV2().assertComplete());
  t.equal(registryV2().currentVersion('SubsidyPaid'), 2);
  t.equal(registryV2().currentVersion('FundOpened'), 1);
  t.ok(registryV2().has('SubsidyPaid', 1));
  t.notOk(registryV2().has('SubsidyPaid', 3));
});
