/**
 * zod's runtime parse against the compiled twin (src/domain/compiled-schema.ts), on valid
 * inputs of every registered event schema and every command schema (generated as the
 * compiled-schema test generates them, invalid ones left out). CPU per parse, one thread,
 * so it holds up on a shared machine better than the HTTP figures do.
 *
 *   node --import tsx bench/schema-parse.ts [ROUNDS]
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { buildEventRegistry } from '../src/app/event-registry.ts';
import { ApplicationCommandSchema } from '../src/domain/application/commands.ts';
import { compiledSchema } from '../src/domain/compiled-schema.ts';
import { FundCommandSchema } from '../src/domain/fund/commands.ts';
import { TraineeCommandSchema } from '../src/domain/trainee/commands.ts';
import { arbitraryOf } from '../test/domain/zod-arbitrary.ts';

const ROUNDS = Number(process.argv[2] ?? 20);

function validSamples(schema: z.ZodType, n: number): unknown[] {
  return fc.sample(arbitraryOf(schema), { numRuns: n * 4, seed: 7 }).filter((x) => schema.safeParse(x).success).slice(0, n);
}

function cpuUsPerParse(schema: z.ZodType, samples: unknown[]): number {
  const t0 = process.cpuUsage();
  for (let r = 0; r < ROUNDS; r++) for (const s of samples) schema.safeParse(s);
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / (ROUNDS * samples.length);
}

const registry = buildEventRegistry() as unknown as { types: Map<string, { schemas: Map<number, z.ZodType> }> };
const groups: [string, z.ZodType[]][] = [
  ['event data (every registered schema)', [...registry.types.values()].flatMap((e) => [...e.schemas.values()])],
  ['commands (application, fund, trainee)', [ApplicationCommandSchema, FundCommandSchema, TraineeCommandSchema]],
];
for (const [label, schemas] of groups) {
  const pairs = schemas.map((s) => ({ s, twin: compiledSchema(s), samples: validSamples(s, 50) })).filter((p) => p.samples.length > 0);
  const parses = pairs.reduce((a, p) => a + p.samples.length, 0);
  // Warm both up first, then alternate: runtime, compiled, runtime, compiled.
  for (const p of pairs) { cpuUsPerParse(p.s, p.samples); cpuUsPerParse(p.twin, p.samples); }
  const runtime: number[] = [];
  const compiled: number[] = [];
  for (let i = 0; i < 2; i++) {
    runtime.push(pairs.reduce((a, p) => a + cpuUsPerParse(p.s, p.samples) * p.samples.length, 0) / parses);
    compiled.push(pairs.reduce((a, p) => a + cpuUsPerParse(p.twin, p.samples) * p.samples.length, 0) / parses);
  }
  const f = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  process.stdout.write(`${label}: ${pairs.length} schemas, ${parses} valid inputs x ${ROUNDS}\n  runtime parse  ${f(runtime)} µs CPU per parse\n  compiled twin  ${f(compiled)} µs CPU per parse\n`);
}
