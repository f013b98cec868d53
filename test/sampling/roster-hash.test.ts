import t from 'tap';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/sampling/canonical-json.ts';
import {
  canonicalInspectorRoster,
  canonicalSubjectRoster,
  inspectorRosterHash,
  rosterDocuments,
  subjectRosterHash,
} from '../../src/sampling/roster-hash.ts';
import type { InspectorEntry, SubjectEntry } from '../../src/sampling/types.ts';

const subjects: SubjectEntry[] = [
  { id: 'INST-2', region: '360100', grade: 'B', subsidyPaidFen: 150_000, lastInspectorIds: ['INSP-9', 'INSP-1', 'INSP-9'] },
  { id: 'INST-1', region: '360700', grade: 'D', subsidyPaidFen: 0 },
];

t.test('the subject roster canonical form: sorted by id, sets sorted and de-duplicated, JCS key order', async (t) => {
  const text = canonicalSubjectRoster(subjects);
  t.equal(
    text,
    '{"entries":[' +
      '{"grade":"D","id":"INST-1","lastInspectorIds":[],"region":"360700","subsidyPaidFen":0},' +
      '{"grade":"B","id":"INST-2","lastInspectorIds":["INSP-1","INSP-9"],"region":"360100","subsidyPaidFen":150000}' +
      '],"schema":"taizhang.sampling.subjects/1"}',
  );
  t.equal(subjectRosterHash(subjects), createHash('sha256').update(text, 'utf8').digest('hex'), 'the hash is SHA-256 of those UTF-8 bytes');
});

t.test('the inspector roster canonical form', async (t) => {
  const inspectors: InspectorEntry[] = [{ id: 'INSP-1', region: '360100', qualifications: ['subsidy-audit'], conflictInstitutionIds: ['INST-2'], formerEmployerIds: [] }];
  t.equal(
    canonicalInspectorRoster(inspectors),
    '{"entries":[{"conflictInstitutionIds":["INST-2"],"formerEmployerIds":[],"id":"INSP-1","qualifications":["subsidy-audit"],"region":"360100"}],"schema":"taizhang.sampling.inspectors/1"}',
  );
});

// Strings that exercise escaping and UTF-8 order: quotes, backslashes, controls, CJK, astral.
const text = fc
  .array(fc.constantFrom('a', 'z', '0', '"', '\\', '\u0001', '\u001f', '\n', '\t', '\u00e9', '\u4e2d', '\ud83d\ude00', '\uff5e', '-'), { minLength: 1, maxLength: 6 })
  .map((cs) => cs.join(''));
const subjectArb = fc.record({
  id: text,
  region: text,
  grade: text,
  subsidyPaidFen: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  lastInspectorIds: fc.array(text, { maxLength: 3 }),
});
const inspectorArb = fc.record({
  id: text,
  region: text,
  qualifications: fc.array(text, { maxLength: 3 }),
  conflictInstitutionIds: fc.array(text, { maxLength: 3 }),
  formerEmployerIds: fc.array(text, { maxLength: 3 }),
});

t.test('the fast writer produces exactly the generic RFC 8785 serialisation (reference implementation)', async () => {
  fc.assert(
    fc.property(fc.uniqueArray(subjectArb, { selector: (s) => s.id, maxLength: 8 }), fc.uniqueArray(inspectorArb, { selector: (s) => s.id, maxLength: 8 }), (ss, is) => {
      const docs = rosterDocuments(ss, is);
      return canonicalSubjectRoster(ss) === canonicalJson(docs.subjects) && canonicalInspectorRoster(is) === canonicalJson(docs.inspectors);
    }),
  );
});

t.test('entries sort by UTF-8 bytes (code points), not UTF-16 units', async (t) => {
  // U+FF5E sorts before U+1F600 by code point, after it by UTF-16 unit.
  const ss: SubjectEntry[] = [
    { id: 'x\ud83d\ude00', region: 'r', grade: 'g', subsidyPaidFen: 1 },
    { id: 'x\uff5e', region: 'r', grade: 'g', subsidyPaidFen: 1 },
  ];
  const text = canonicalSubjectRoster(ss);
  t.ok(text.indexOf('x\uff5e') < text.indexOf('x\ud83d\ude00'));
});

t.test('the hash ignores row and set order but changes with any field of any entry', async (t) => {
  const base = subjectRosterHash(subjects);
  t.equal(subjectRosterHash([...subjects].reverse()), base);
  t.equal(subjectRosterHash([{ ...subjects[0]!, lastInspectorIds: ['INSP-1', 'INSP-9'] }, subjects[1]!]), base);
  const edits: Partial<SubjectEntry>[] = [{ id: 'INST-3' }, { region: '360101' }, { grade: 'C' }, { subsidyPaidFen: 150_001 }, { lastInspectorIds: ['INSP-1'] }];
  for (const edit of edits) t.not(subjectRosterHash([{ ...subjects[0]!, ...edit }, subjects[1]!]), base, JSON.stringify(edit));
});

t.test('bad roster entries are typed errors naming the field', async (t) => {
  t.throws(() => subjectRosterHash([{ ...subjects[0]!, subsidyPaidFen: -1 }]), { code: 'sampling.invalid_field', field: 'subjects.0.subsidyPaidFen' });
  t.throws(() => subjectRosterHash([{ ...subjects[0]!, subsidyPaidFen: 1.5 }]), { code: 'sampling.invalid_field', field: 'subjects.0.subsidyPaidFen' });
  t.throws(() => subjectRosterHash([{ ...subjects[0]!, region: 'a|b' }]), { code: 'sampling.invalid_field', field: 'subjects.0.region' });
  t.throws(() => subjectRosterHash([{ ...subjects[0]!, id: 'bad\ud800' }]), { code: 'sampling.invalid_field', field: 'subjects.0.id' });
  t.throws(() => subjectRosterHash([{ ...subjects[0]!, id: '' }]), { code: 'sampling.invalid_field', field: 'subjects.0.id' });
  t.throws(() => subjectRosterHash([subjects[0]!, subjects[0]!]), { code: 'sampling.duplicate_id', field: 'subjects.1.id' });
  t.throws(() => inspectorRosterHash([{ id: 'i', region: 'r', conflictInstitutionIds: [3 as unknown as string] }]), { code: 'sampling.invalid_field', field: 'inspectors.0.conflictInstitutionIds.0' });
  t.throws(() => subjectRosterHash(null as unknown as SubjectEntry[]), { code: 'sampling.invalid_field', field: 'subjects' });
});
