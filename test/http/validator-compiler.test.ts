import fc from 'fast-check';
import { validatorCompiler } from 'fastify-type-provider-zod';
import t from 'tap';
import { z } from 'zod';
import { COMPILE_AFTER_USES } from '../../src/domain/compiled-schema.ts';
import { compiledValidatorCompiler } from '../../src/http/validator-compiler.ts';

type Route = Parameters<typeof validatorCompiler>[0];

const Body = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reasonCode: z.string().regex(/^[a-z][a-z0-9_]*$/).max(100).nullable().optional(),
  reviewedOn: z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s), 'a date').optional(),
}).refine((b) => b.decision !== 'reject' || (b.reasonCode !== undefined && b.reasonCode !== null), { path: ['reasonCode'], message: 'a rejection carries a reason code' });

const body = fc.oneof(
  { weight: 4, arbitrary: fc.record({ decision: fc.constantFrom('approve', 'reject', 'maybe'), reasonCode: fc.constantFrom(undefined, null, 'ok_code', 'Bad', 'x'.repeat(101)), reviewedOn: fc.constantFrom(undefined, '2026-03-18', '18/03/2026') }, { requiredKeys: ['decision'] }) },
  { weight: 1, arbitrary: fc.anything() },
);

t.test('before and after a route\'s schema is compiled, the validator answers as fastify-type-provider-zod\'s own', async (t) => {
  const route = { schema: Body, method: 'POST', url: '/x', httpPart: 'body' } as unknown as Route;
  const ours = compiledValidatorCompiler(route);
  const theirs = validatorCompiler(route);
  const inputs = fc.sample(body, { numRuns: COMPILE_AFTER_USES * 3, seed: 11 });
  let valid = 0;
  inputs.forEach((input, i) => {
    const a = ours(input) as { value?: unknown; error?: Error };
    const b = theirs(input) as { value?: unknown; error?: Error };
    if (b.error === undefined) valid += 1;
    t.same(a.value, b.value, `input ${i}: value`);
    const describe = (e: Error | undefined) => (e === undefined ? null : JSON.stringify({ ...e, message: e.message }));
    t.equal(describe(a.error), describe(b.error), `input ${i}: error`);
  });
  t.ok(valid > COMPILE_AFTER_USES / 2 && valid < inputs.length, `both valid and invalid inputs on each side of the switch (${valid} valid of ${inputs.length})`);
});

t.test('a schema that is not zod goes to the provider\'s validator as before', async (t) => {
  const route = { schema: Body, method: 'POST', url: '/x', httpPart: 'body' } as unknown as Route;
  t.equal(typeof compiledValidatorCompiler(route), 'function');
  const notZod = { schema: { type: 'object' }, method: 'POST', url: '/x', httpPart: 'body' } as unknown as Route;
  t.throws(() => compiledValidatorCompiler(notZod)({}), 'the provider refuses it, as it always did');
});
