import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { CalendarYearSchema, type CalendarYear } from '../domain/calendar/holiday-data.ts';
import { createWorkingCalendar, type WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import { POLICY_TABLES, policyTableFileSchema, type PolicySet } from '../domain/policy/policy-set.ts';

/**
 * Reads the policy data files at start and validates them with the domain's zod schemas,
 * so a typo in a rate table stops the server with the file and field named instead of
 * paying a wrong amount later. Layout under the policy directory:
 *   calendar/YYYY.json          one year of the State Council holiday notice each
 *   REGION/training-subsidy.json, skill-upgrade.json, quota.json, procedure.json
 */
export const DEFAULT_POLICY_DIR = fileURLToPath(new URL('../../policy/', import.meta.url));
export const DEFAULT_REGION = 'jiangxi';

export interface PolicyIssue {
  /** Dotted path inside the file, e.g. `versions.0.value.ratesFen.junior`; '' for the whole file. */
  readonly field: string;
  readonly message: string;
}

/** Policy data that cannot be used: names the file and the field at fault. */
export class PolicyDataError extends Error {
  readonly code = 'policy.invalid_data';
  readonly file: string;
  readonly field: string;
  readonly issues: readonly PolicyIssue[];
  constructor(file: string, issues: readonly PolicyIssue[]) {
    const first = issues[0] ?? { field: '', message: 'invalid' };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`policy data ${file}${first.field ? ` at ${first.field}` : ''}: ${first.message}${more}`);
    this.name = 'PolicyDataError';
    this.file = file;
    this.field = first.field;
    this.issues = issues;
  }
}

export interface LoadPolicyOptions {
  readonly dir?: string;
  readonly region?: string;
}

function readJson(dir: string, rel: string): unknown {
  let text: string;
  try {
    text = readFileSync(path.join(dir, rel), 'utf8');
  } catch (err) {
    throw new PolicyDataError(rel, [{ field: '', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new PolicyDataError(rel, [{ field: '', message: `not JSON: ${(err as Error).message}` }]);
  }
}

function validate<S extends z.ZodType>(schema: S, data: unknown, rel: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new PolicyDataError(
    rel,
    parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })),
  );
}

/** Every `calendar/*.json` file, validated; the calendar refuses dates outside these years. */
export function loadCalendar(dir: string = DEFAULT_POLICY_DIR): WorkingCalendar {
  const calDir = path.join(dir, 'calendar');
  let names: string[];
  try {
    names = readdirSync(calDir).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    throw new PolicyDataError('calendar/', [{ field: '', message: `cannot list: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }]);
  }
  if (names.length === 0) throw new PolicyDataError('calendar/', [{ field: '', message: 'no calendar year files' }]);
  const years: CalendarYear[] = [];
  for (const name of names) {
    const rel = `calendar/${name}`;
    const year = validate(CalendarYearSchema, readJson(dir, rel), rel);
    if (name !== `${year.year}.json`) throw new PolicyDataError(rel, [{ field: 'year', message: `file name says ${name}, data says ${year.year}` }]);
    years.push(year);
  }
  return createWorkingCalendar(years);
}

function loadTable<S extends z.ZodType>(dir: string, region: string, table: { file: string; schema: S }): z.output<S> {
  const rel = `${region}/${table.file}`;
  // zod cannot follow the generic through z.object's inference; the schema is exactly { description?, versions: S }.
  const parsed = validate(policyTableFileSchema(table.schema), readJson(dir, rel), rel) as { versions: z.output<S> };
  return parsed.versions;
}

/** Loads and validates the whole policy set of a region. Throws PolicyDataError. */
export function loadPolicy(options: LoadPolicyOptions = {}): PolicySet {
  const dir = options.dir ?? DEFAULT_POLICY_DIR;
  const region = options.region ?? DEFAULT_REGION;
  if (!/^[a-z0-9-]+$/.test(region)) throw new PolicyDataError(region, [{ field: '', message: 'region must be lower-case letters, digits and hyphens' }]);
  return Object.freeze({
    region,
    trainingSubsidy: loadTable(dir, region, POLICY_TABLES.trainingSubsidy),
    skillUpgrade: loadTable(dir, region, POLICY_TABLES.skillUpgrade),
    quota: loadTable(dir, region, POLICY_TABLES.quota),
    procedure: loadTable(dir, region, POLICY_TABLES.procedure),
    calendar: loadCalendar(dir),
  });
}
