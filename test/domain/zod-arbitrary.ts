import fc from 'fast-check';
import type { z } from 'zod';
import { isBusinessDate, isInstant } from '../../src/domain/calendar/business-date.ts';

/**
 * Inputs for a zod schema, mostly valid by construction and now and then wrong at one node
 * (a value of another type, an absent or extra key, a string off its pattern or bounds), for
 * tests that hold two parsers of one schema to the same answers. Covers the schema kinds the
 * domain's event and command schemas use; anything else gets fc.anything().
 */

interface Node {
  type: string;
  checks?: { _zod: { def: Record<string, unknown> } }[];
  [k: string]: unknown;
}

const defOf = (s: z.ZodType): Node => (s as unknown as { _zod: { def: Node } })._zod.def;

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, '', ' ', 0, -1, 1.5, Number.NaN, true, [], {}, '2026-02-30', 'p_', 'x'.repeat(201)),
  fc.string({ maxLength: 6 }),
  fc.integer(),
);

function checkDefs(def: Node): Record<string, unknown>[] {
  return (def.checks ?? []).map((c) => c._zod.def);
}

function stringArbitrary(def: Node): fc.Arbitrary<string> {
  const checks = checkDefs(def);
  const min = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum as number));
  const max = Math.min(40, ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum as number));
  const fns = checks.filter((c) => c.check === 'custom').map((c) => c.fn);
  if (fns.includes(isBusinessDate)) return fc.oneof(fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.constantFrom('2026-02-29', '2024-02-29', '2026-13-01'));
  if (fns.includes(isInstant)) return fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
  const pattern = checks.find((c) => c.check === 'string_format' && c.format === 'regex')?.pattern;
  const base = pattern instanceof RegExp ? fc.stringMatching(pattern) : fc.string({ minLength: min, maxLength: Math.max(min, max) });
  // Now and then a string at or past its bounds, or padded (a trim() must agree too).
  return fc.oneof({ weight: 40, arbitrary: base }, { weight: 1, arbitrary: base.map((s) => ` ${s} `) }, { weight: 1, arbitrary: fc.constantFrom('a'.repeat(Math.max(min - 1, 0)), 'a'.repeat(max), 'a'.repeat(max + 1)) });
}

function numberArbitrary(def: Node): fc.Arbitrary<number> {
  const checks = checkDefs(def);
  const lower = checks.filter((c) => c.check === 'greater_than').map((c) => (c.value as number) + (c.inclusive ? 0 : 1));
  const upper = checks.filter((c) => c.check === 'less_than').map((c) => (c.value as number) - (c.inclusive ? 0 : 1));
  const min = Math.max(-1e6, ...lower);
  const max = Math.min(Number.MAX_SAFE_INTEGER, ...upper);
  return fc.oneof({ weight: 30, arbitrary: fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(Math.min(max, 1e9))) }) }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max, max + 1, 0.5, -0) });
}

function objectArbitrary(def: Node): fc.Arbitrary<unknown> {
  const shape = def.shape as Record<string, z.ZodType>;
  const arbs: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const [key, field] of Object.entries(shape)) {
    arbs[key] = arbitraryOf(field);
    const optin = (field as unknown as { _zod: { optin?: string } })._zod.optin;
    if (optin === undefined) required.push(key);
  }
  const record = fc.record(arbs, { requiredKeys: required });
  return fc.oneof(
    { weight: 30, arbitrary: record },
    // An unknown key (strict objects refuse it, others drop it), a missing required one, a key named __proto__.
    { weight: 1, arbitrary: record.map((r) => ({ ...(r as object), extraKey: '张三' })) },
    { weight: 1, arbitrary: fc.tuple(record, fc.nat()).map(([r, i]) => dropKey(r as Record<string, unknown>, i)) },
    { weight: 1, arbitrary: record.map((r) => Object.defineProperty({ ...(r as object) }, '__proto__', { value: { x: 1 }, enumerable: true })) },
  );
}

function dropKey(r: Record<string, unknown>, i: number): Record<string, unknown> {
  const keys = Object.keys(r);
  if (keys.length === 0) return r;
  const { [keys[i % keys.length]!]: _dropped, ...rest } = r;
  return rest;
}

export function arbitraryOf(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  let base: fc.Arbitrary<unknown>;
  switch (def.type) {
    case 'string': base = stringArbitrary(def); break;
    case 'number': base = numberArbitrary(def); break;
    case 'boolean': base = fc.boolean(); break;
    case 'literal': base = fc.constantFrom(...(def.values as unknown[])); break;
    case 'enum': base = fc.constantFrom(...Object.values(def.entries as Record<string, unknown>)); break;
    case 'nullable': base = fc.oneof(fc.constant(null), arbitraryOf(def.innerType as z.ZodType)); break;
    case 'optional':
    case 'default': base = fc.oneof(fc.constant(undefined), arbitraryOf(def.innerType as z.ZodType)); break;
    case 'array': {
      const checks = checkDefs(def);
      const minLength = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum as number));
      const maxLength = Math.min(minLength + 3, ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum as number));
      base = fc.array(arbitraryOf(def.element as z.ZodType), { minLength, maxLength });
      break;
    }
    case 'object': base = objectArbitrary(def); break;
    case 'union': base = fc.oneof(...(def.options as z.ZodType[]).map(arbitraryOf)); break;
    default: base = fc.anything();
  }
  return fc.oneof({ weight: 60, arbitrary: base }, { weight: 1, arbitrary: junk });
}
