import t from 'tap';
import type { z } from 'zod';
import { EventRegistry } from '../../../src/eventstore/registry.ts';
import { FundEventSchemas } from '../../../src/domain/fund/events.ts';
import { EntitlementEventSchemas } from '../../../src/domain/entitlement/events.ts';
import { ApplicationEventSchemas } from '../../../src/domain/application/events.ts';
import { CatalogueEventSchemas } from '../../../src/domain/catalogue/events.ts';
import { InstitutionEventSchemas } from '../../../src/domain/institution/events.ts';

const MONEY = { FundEventSchemas, EntitlementEventSchemas, ApplicationEventSchemas };

t.test('the money event records register beside the other domains without a clash of type names', async (t) => {
  const registry = new EventRegistry();
  t.doesNotThrow(() => {
    for (const schemas of [...Object.values(MONEY), CatalogueEventSchemas, InstitutionEventSchemas]) registry.registerAll(schemas);
    registry.assertComplete();
  });
  for (const [name, schemas] of Object.entries(MONEY)) {
    const prefix = name.replace('EventSchemas', '');
    for (const type of Object.keys(schemas)) t.ok(type.startsWith(prefix), `${type} is named for its aggregate`);
  }
});

/** Every object key a schema admits, through unions, nullables, defaults and pipes (zod 4 defs). */
function keysOf(schema: z.ZodType, out = new Set<string>(), depth = 0): Set<string> {
  if (depth > 20) return out;
  const def = (schema as unknown as { def: Record<string, unknown> & { type: string } }).def;
  switch (def.type) {
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        out.add(k);
        keysOf(v, out, depth + 1);
      }
      break;
    case 'union':
      for (const o of def.options as z.ZodType[]) keysOf(o, out, depth + 1);
      break;
    case 'nullable':
    case 'optional':
    case 'default':
    case 'readonly':
      keysOf(def.innerType as z.ZodType, out, depth + 1);
      break;
    case 'pipe':
      keysOf(def.in as z.ZodType, out, depth + 1);
      break;
    case 'array':
      keysOf(def.element as z.ZodType, out, depth + 1);
      break;
  }
  return out;
}

t.test('no money event has a field for personal data: only personRef and codes', async (t) => {
  const forbidden = /name|idNumber|identity|phone|mobile|account|address|birth|card/i;
  let fields = 0;
  for (const schemas of Object.values(MONEY)) {
    for (const [type, schema] of Object.entries(schemas)) {
      for (const key of keysOf(schema as z.ZodType)) {
        fields++;
        t.notMatch(key, forbidden, `${type}.${key}`);
      }
    }
  }
  t.ok(fields > 80, `the walk saw the fields (${fields})`);
  t.ok(keysOf(ApplicationEventSchemas.ApplicationSubmitted).has('personRef'), 'the walk reaches personRef');
  t.ok(keysOf(ApplicationEventSchemas.ApplicationSubmitted).has('proxyAgreementRef'), 'the walk goes into unions');
});

t.test('a stray key is refused on append, not stored', async (t) => {
  const registry = new EventRegistry().registerAll(ApplicationEventSchemas);
  const metadata = { actor: { id: 'rev-1', role: 'reviewer' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-02-03T10:00:00+08:00' };
  const event = (data: Record<string, unknown>) => ({ id: '0190b6a0-0000-7000-8000-000000000000', type: 'ApplicationInitialReviewPassed', schemaVersion: 1, data, metadata });
  t.doesNotThrow(() => registry.validateForAppend(event({ reviewerId: 'rev-1', reviewedOn: '2026-02-03' })), 'the event itself is valid');
  t.throws(() => registry.validateForAppend(event({ reviewerId: 'rev-1', reviewedOn: '2026-02-03', applicantName: '张三' })), { name: 'EventSchemaError' });
});
