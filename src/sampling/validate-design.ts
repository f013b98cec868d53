import { SamplingInputError } from './errors.ts';
import type { AssignmentRules, SampleDesign, StratumField } from './types.ts';
import {
  checkArray,
  checkBoolean,
  checkInteger,
  checkObject,
  checkOneOf,
  checkStratumValue,
  checkText,
  invalidField,
} from './validate-fields.ts';

const FIELDS = ['region', 'grade'] as const satisfies readonly StratumField[];
export const RATE_BP_MAX = 10_000;
export const INSPECTORS_PER_SUBJECT_MAX = 50;

export function validateDesign(input: unknown, field = 'design'): asserts input is SampleDesign {
  const d = checkObject(input, field);
  const method = checkOneOf(d.method, ['simple', 'pps', 'rfc3797'] as const, `${field}.method`);
  const by = checkArray(d.stratifyBy, `${field}.stratifyBy`).map((f, i) => checkOneOf(f, FIELDS, `${field}.stratifyBy.${i}`));
  if (new Set(by).size !== by.length) invalidField(`${field}.stratifyBy`, 'must not repeat a field', { actual: by });
  const strata = checkArray(d.strata, `${field}.strata`);
  if (strata.length === 0) invalidField(`${field}.strata`, 'must declare at least one stratum');
  const labels = new Map<string, number>();
  strata.forEach((raw, i) => {
    const at = `${field}.strata.${i}`;
    const s = checkObject(raw, at);
    const key = checkArray(s.key, `${at}.key`).map((v, j) => checkStratumValue(v, `${at}.key.${j}`));
    if (key.length !== by.length) invalidField(`${at}.key`, `must have ${by.length} value(s), one per stratifyBy field`, { expected: by.length, actual: key.length });
    if ((s.rateBp === undefined) === (s.count === undefined)) invalidField(at, 'must have exactly one of rateBp and count');
    if (s.rateBp !== undefined) checkInteger(s.rateBp, `${at}.rateBp`, 0, RATE_BP_MAX);
    if (s.count !== undefined) checkInteger(s.count, `${at}.count`, 0);
    const label = key.join('|');
    const first = labels.get(label);
    if (first !== undefined) {
      throw new SamplingInputError('sampling.duplicate_stratum', `${at}.key: stratum "${label}" already declared at ${field}.strata.${first}`, `${at}.key`, { stratum: label });
    }
    labels.set(label, i);
  });
  const floors = d.floors === undefined ? [] : checkArray(d.floors, `${field}.floors`);
  floors.forEach((raw, i) => {
    const f = checkObject(raw, `${field}.floors.${i}`);
    checkOneOf(f.by, FIELDS, `${field}.floors.${i}.by`);
    checkInteger(f.min, `${field}.floors.${i}.min`, 1);
  });
  if (method === 'rfc3797' && (by.length !== 0 || floors.length !== 0)) {
    throw new SamplingInputError(
      'sampling.rfc3797_unsupported',
      `${field}: the rfc3797 method draws from one pool; it takes no strata and no floors`,
      by.length !== 0 ? `${field}.stratifyBy` : `${field}.floors`,
    );
  }
}

export function validateAssignmentRules(input: unknown, field = 'assignment'): asserts input is AssignmentRules {
  const a = checkObject(input, field);
  checkInteger(a.inspectorsPerSubject, `${field}.inspectorsPerSubject`, 1, INSPECTORS_PER_SUBJECT_MAX);
  checkBoolean(a.excludeOwnRegion, `${field}.excludeOwnRegion`);
  if (a.requiredQualification !== undefined) checkText(a.requiredQualification, `${field}.requiredQualification`);
}
