import { isWellFormed } from './bytes.ts';
import { SamplingInputError } from './errors.ts';
import type { InspectorEntry, SubjectEntry } from './types.ts';
import { checkArray, checkInteger, checkObject, checkStratumValue, checkText, checkTextList, TEXT_LENGTH_MAX } from './validate-fields.ts';

// Rosters run to 100 000 entries: a boolean pre-check per entry keeps the common (valid)
// case free of per-field path strings; the detailed checks run only to name the fault.

function okText(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0 && v.length <= TEXT_LENGTH_MAX && isWellFormed(v);
}

function okStratumValue(v: unknown): boolean {
  return okText(v) && !(v as string).includes('|');
}

function okTextList(v: unknown): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v)) return false;
  for (const x of v) if (!okText(x)) return false;
  return true;
}

function okSubject(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const s = raw as Record<string, unknown>;
  const fen = s.subsidyPaidFen;
  return okText(s.id) && okStratumValue(s.region) && okStratumValue(s.grade) && Number.isSafeInteger(fen) && (fen as number) >= 0 && okTextList(s.lastInspectorIds);
}

function okInspector(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const s = raw as Record<string, unknown>;
  return okText(s.id) && okStratumValue(s.region) && okTextList(s.qualifications) && okTextList(s.conflictInstitutionIds) && okTextList(s.formerEmployerIds);
}

function checkUniqueIds(entries: readonly { readonly id: string }[], field: string): void {
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const first = seen.get(e.id);
    if (first !== undefined) {
      throw new SamplingInputError('sampling.duplicate_id', `${field}.${i}.id: "${e.id}" already at ${field}.${first}`, `${field}.${i}.id`, {
        id: e.id,
        firstIndex: first,
      });
    }
    seen.set(e.id, i);
  });
}

export function validateSubjects(subjects: unknown, field: string): asserts subjects is readonly SubjectEntry[] {
  const list = checkArray(subjects, field);
  list.forEach((raw, i) => {
    if (okSubject(raw)) return;
    const at = `${field}.${i}`;
    const s = checkObject(raw, at);
    checkText(s.id, `${at}.id`);
    checkStratumValue(s.region, `${at}.region`);
    checkStratumValue(s.grade, `${at}.grade`);
    checkInteger(s.subsidyPaidFen, `${at}.subsidyPaidFen`, 0);
    checkTextList(s.lastInspectorIds, `${at}.lastInspectorIds`);
  });
  checkUniqueIds(list as SubjectEntry[], field);
}

export function validateInspectors(inspectors: unknown, field: string): asserts inspectors is readonly InspectorEntry[] {
  const list = checkArray(inspectors, field);
  list.forEach((raw, i) => {
    if (okInspector(raw)) return;
    const at = `${field}.${i}`;
    const s = checkObject(raw, at);
    checkText(s.id, `${at}.id`);
    checkStratumValue(s.region, `${at}.region`);
    checkTextList(s.qualifications, `${at}.qualifications`);
    checkTextList(s.conflictInstitutionIds, `${at}.conflictInstitutionIds`);
    checkTextList(s.formerEmployerIds, `${at}.formerEmployerIds`);
  });
  checkUniqueIds(list as InspectorEntry[], field);
}
