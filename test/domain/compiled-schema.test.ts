import t, { type Test } from 'tap';
import { z } from 'zod';
import { buildEventRegistry } from '../../src/app/event-registry.ts';
import { RegisterTraineeInputSchema, TraineeLookupInputSchema } from '../../src/app/services/trainees-input.ts';
import { ApplicationCommandSchema } from '../../src/domain/application/commands.ts';
import { CatalogueCommandSchema } from '../../src/domain/catalogue/commands.ts';
import { ClassCommandSchema } from '../../src/domain/class/commands.ts';
import { COMPILE_AFTER_USES, compiledSchema, hotSchema } from '../../src/domain/compiled-schema.ts';
import { EntitlementCommandSchema } from '../../src/domain/entitlement/commands.ts';
import { FindingCommandSchema } from '../../src/domain/finding/commands.ts';
import { FundCommandSchema } from '../../src/domain/fund/commands.ts';
import { InspectionCommandSchema } from '../../src/domain/inspection/commands.ts';
import { InspectionPlanCommandSchema } from '../../src/domain/inspection-plan/commands.ts';
import { InspectionMattersCommandSchema } from '../../src/domain/inspection-plan/matters/commands.ts';
import { InstitutionCommandSchema } from '../../src/domain/institution/commands.ts';
import { RecoveryOrderCommandSchema } from '../../src/domain/recovery-order/commands.ts';
import { TraineeCommandSchema } from '../../src/domain/trainee/commands.ts';
import { holdToSchema, issuesOf } from './compiled-twin-check.ts';

/**
 * The compiled twin of a schema must answer exactly as the schema: the same success, the
 * same output (values, keys and key order: the output is what is stored and hashed) and,
 * on failure, the same issues. Every registered event schema and every command schema is
 * held to that on inputs mostly valid and now and then wrong at one node.
 */

const RUNS_PER_SCHEMA = 30;
const holdToSchema30 = (t: Test, name: string, schema: z.ZodType) => holdToSchema(t, name, schema, RUNS_PER_SCHEMA);

function registeredEventSchemas(): [string, z.ZodType][] {
  const registry = buildEventRegistry() as unknown as { types: Map<string, { schemas: Map<number, z.ZodType> }> };
  return [...registry.types].flatMap(([type, entry]) => [...entry.schemas].map(([v, s]): [string, z.ZodType] => [`${type} v${v}`, s]));
}

const COMMAND_UNIONS: [string, z.ZodType][] = Object.entries({
  ApplicationCommandSchema,
  CatalogueCommandSchema,
  ClassCommandSchema,
  EntitlementCommandSchema,
  FindingCommandSchema,
  FundCommandSchema,
  InspectionCommandSchema,
  InspectionPlanCommandSchema,
  InspectionMattersCommandSchema,
  InstitutionCommandSchema,
  RecoveryOrderCommandSchema,
  TraineeCommandSchema,
});

/** Each command of a union on its own too, so that each gets its share of valid inputs. */
function commandSchemas(): [string, z.ZodType][] {
  const out: [string, z.ZodType][] = [['RegisterTraineeInputSchema', RegisterTraineeInputSchema], ['TraineeLookupInputSchema', TraineeLookupInputSchema]];
  for (const [name, union] of COMMAND_UNIONS) {
    out.push([name, union]);
    const options = (union as unknown as { _zod: { def: { options?: z.ZodType[] } } })._zod.def.options ?? [];
    options.forEach((option, i) => out.push([`${name} option ${i}`, option]));
  }
  return out;
}

t.test('every registered event schema: the compiled twin answers as the schema', async (t) => {
  const schemas = registeredEventSchemas();
  t.ok(schemas.length > 50, `${schemas.length} event schemas`);
  let valid = 0;
  for (const [name, schema] of schemas) valid += holdToSchema30(t, name, schema).valid;
  // The check on outputs only bites on accepted inputs: most runs must be valid.
  t.ok(valid > schemas.length * RUNS_PER_SCHEMA * 0.4, `${valid} of ${schemas.length * RUNS_PER_SCHEMA} inputs valid`);
});

t.test('every command schema: the compiled twin answers as the schema', async (t) => {
  const schemas = commandSchemas();
  let valid = 0;
  for (const [name, schema] of schemas) valid += holdToSchema30(t, name, schema).valid;
  t.ok(valid > schemas.length * RUNS_PER_SCHEMA * 0.25, `${valid} of ${schemas.length * RUNS_PER_SCHEMA} inputs valid`);
});

t.test('the twin is made once per schema, and a failure is the schema\'s own error', async (t) => {
  t.equal(compiledSchema(FundCommandSchema), compiledSchema(FundCommandSchema));
  const bad = { type: 'OpenFund', fundId: '360102199001011234' };
  const fast = compiledSchema(FundCommandSchema).safeParse(bad);
  const slow = FundCommandSchema.safeParse(bad);
  t.equal(fast.success, false);
  t.same(issuesOf(fast.error!), issuesOf(slow.error!));
});

t.test('a schema is compiled only once it is in use: a run that parses it a few times pays no compile', async (t) => {
  const schema = z.strictObject({ a: z.string() });
  for (let i = 1; i < COMPILE_AFTER_USES; i++) if (hotSchema(schema) !== schema) return t.fail(`compiled at use ${i}`);
  const twin = hotSchema(schema);
  t.not(twin, schema, `compiled at use ${COMPILE_AFTER_USES}`);
  t.equal(hotSchema(schema), twin, 'and kept');
  t.equal(compiledSchema(schema), twin, 'the same twin compiledSchema gives');
  t.same(twin.safeParse({ a: 'x' }), { success: true, data: { a: 'x' } });
});
