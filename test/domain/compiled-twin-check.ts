import fc from 'fast-check';
import type { Test } from 'tap';
import type { z } from 'zod';
import { compiledSchema } from '../../src/domain/compiled-schema.ts';
import { arbitraryOf } from './zod-arbitrary.ts';

/** Keys in order, all the way down: JSON.stringify drops undefined, so the undefined-valued keys are listed too. */
function keyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyOrder);
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => [k, keyOrder(v)]);
  return value === undefined ? '(undefined)' : value;
}

export function issuesOf(error: z.ZodError): unknown[] {
  return error.issues.map((i) => ({ code: i.code, path: i.path, message: i.message }));
}

/**
 * Holds a schema's compiled twin to the schema: on generated inputs (mostly valid, now and
 * then wrong at one node) the same success, the same output (values, keys and key order:
 * the output is what is stored and hashed) and, on failure, the same issues.
 */
export function holdToSchema(t: Test, name: string, schema: z.ZodType, runs: number): { valid: number } {
  const twin = compiledSchema(schema);
  let valid = 0;
  fc.assert(
    fc.property(arbitraryOf(schema), (input) => {
      const slow = schema.safeParse(input);
      const fast = twin.safeParse(input);
      if (slow.success !== fast.success) return false;
      if (slow.success && fast.success) {
        valid += 1;
        if (JSON.stringify(keyOrder(fast.data)) !== JSON.stringify(keyOrder(slow.data))) return false;
        if (fast.data === input && typeof input === 'object' && input !== null) return false;
        return true;
      }
      return JSON.stringify(issuesOf(fast.error!)) === JSON.stringify(issuesOf(slow.error!));
    }),
    { numRuns: runs },
  );
  t.pass(`${name}: same answers (${valid} valid of ${runs})`);
  return { valid };
}

