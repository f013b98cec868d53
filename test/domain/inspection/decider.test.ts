import t, { type Test } from 'tap';
import { parseInspectionCommand, type InspectionCommand } from '../../../src/domain/inspection/commands.ts';
import { InspectionEventSchemas, type InspectionEvent } from '../../../src/domain/inspection/events.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';
import { checked, classResult, completed, decider, evidence, INSPECTION, institutionResult, openCommand, opened, readyToComplete, sha } from './fixtures.ts';

const when = (t: Test, given: readonly InspectionEvent[], command: InspectionCommand) => spec(t, decider).given(given).when(command);

t.test('when nothing is recorded', async (t) => {
  t.test('a drawn inspection opens with its draw and assignment by reference', async (t) => {
    when(t, [], openCommand).then([opened]);
  });
  t.test('a special inspection opens with its stated basis', async (t) => {
    const c = parseInspectionCommand({ ...openCommand, basis: { kind: 'special', statedBasis: '群众举报：虚报培训人数' } });
    if (isRejection(c)) return t.fail(c.message);
    const s = when(t, [], c).then([{ type: 'InspectionOpened', data: { ...opened.data, basis: { kind: 'special', statedBasis: '群众举报：虚报培训人数', documentRef: null } } }]);
    t.equal(s.status, 'in_progress');
  });
  t.test('anything else is refused before the opening', async (t) => {
    when(t, [], { type: 'CompleteInspection', inspectionId: INSPECTION, endedOn: '2026-02-06', completedBy: 'insp-a' }).thenRejects('inspection.not_opened', 'inspectionId');
  });
});

t.test('command input', async (t) => {
  const bad = (patch: Record<string, unknown>, field: string) => {
    const c = parseInspectionCommand({ ...openCommand, ...patch });
    t.ok(isRejection(c) && c.code === 'inspection.invalid_command' && c.field === field, `${JSON.stringify(patch)} refused at ${field}`);
  };
  bad({ inspectorIds: ['insp-a'] }, 'inspectorIds');
  bad({ inspectorIds: ['insp-a', 'insp-a'] }, 'inspectorIds');
  bad({ matterCodes: [] }, 'matterCodes');
  bad({ institutionId: '91350100M000100Y44' }, 'institutionId');
  bad({ basis: { kind: 'special', statedBasis: '举报人电话 13800138000' } }, 'basis.statedBasis');
  bad({ basis: { kind: 'special', statedBasis: '涉及学员 360426199101010071' } }, 'basis.statedBasis');
  bad({ leaked: 'x' }, 'leaked');
  const evidenceBad = parseInspectionCommand({ type: 'AttachEvidence', inspectionId: INSPECTION, evidenceId: 'E-1', sha256: 'A'.repeat(64), description: 'x', attachedBy: 'insp-a', attachedOn: '2026-02-03' });
  t.ok(isRejection(evidenceBad) && evidenceBad.field === 'sha256', 'an upper-case or short hash is refused');
});

t.test('when in progress', async (t) => {
  t.test('a team member records a listed matter; a repeat decides nothing', async (t) => {
    const c: InspectionCommand = { type: 'RecordMatterChecked', inspectionId: INSPECTION, matterCode: 'M-ROSTER', inspectorId: 'insp-a', checkedOn: '2026-02-03', note: null };
    when(t, [opened], c).then([checked('M-ROSTER')]);
    when(t, [opened, checked('M-ROSTER')], c).then([]);
  });
  t.test('a matter off the list is refused: nothing off-list', async (t) => {
    when(t, [opened], { type: 'RecordMatterChecked', inspectionId: INSPECTION, matterCode: 'M-OTHER', inspectorId: 'insp-a', checkedOn: '2026-02-03', note: null }).thenRejects('inspection.matter_not_listed', 'matterCode');
  });
  t.test('someone not on the team records nothing', async (t) => {
    when(t, [opened], { type: 'RecordMatterChecked', inspectionId: INSPECTION, matterCode: 'M-ROSTER', inspectorId: 'insp-z', checkedOn: '2026-02-03', note: null }).thenRejects('inspection.not_on_team', 'inspectorId');
  });
  t.test('a record dated before the start is refused', async (t) => {
    when(t, [opened], { type: 'RecordMatterChecked', inspectionId: INSPECTION, matterCode: 'M-ROSTER', inspectorId: 'insp-a', checkedOn: '2026-02-01', note: null }).thenRejects('inspection.date_before_start', 'checkedOn');
  });
  t.test('evidence by file hash; the same id for another file is refused', async (t) => {
    const attach = (c: string): InspectionCommand => ({ type: 'AttachEvidence', inspectionId: INSPECTION, evidenceId: 'E-1', sha256: sha(c), description: '签到表照片', attachedBy: 'insp-a', attachedOn: '2026-02-03' });
    when(t, [opened], attach('a')).then([evidence('E-1')]);
    when(t, [opened, evidence('E-1')], attach('a')).then([]);
    when(t, [opened, evidence('E-1')], attach('b')).thenRejects('inspection.evidence_id_conflict', 'evidenceId');
  });
  t.test('a result per subject, citing attached evidence', async (t) => {
    const d = institutionResult.data as { subject: { kind: 'institution'; id: string } };
    const c: InspectionCommand = { type: 'RecordSubjectResult', inspectionId: INSPECTION, subject: d.subject, outcome: 'findings', findingIds: ['F-1'], evidenceIds: ['E-1'], recordedBy: 'insp-b', recordedOn: '2026-02-05' };
    when(t, [opened, evidence('E-1')], c).then([institutionResult]);
    when(t, [opened, evidence('E-1'), institutionResult], c).then([]);
    when(t, [opened, evidence('E-1'), institutionResult], { ...c, outcome: 'no_problem', findingIds: [] }).thenRejects('inspection.result_already_recorded', 'subject');
    when(t, [opened], c).thenRejects('inspection.unknown_evidence', 'evidenceIds.0');
    when(t, [opened, evidence('E-1')], { ...c, findingIds: [] }).thenRejects('inspection.outcome_mismatch', 'findingIds');
    when(t, [opened, evidence('E-1')], { ...c, outcome: 'no_problem' }).thenRejects('inspection.outcome_mismatch', 'findingIds');
    when(t, [opened], { ...c, subject: { kind: 'class', id: 'CLS-9' }, evidenceIds: [] }).thenRejects('inspection.unknown_subject', 'subject');
  });
  t.test('completion needs every listed matter checked and every subject decided', async (t) => {
    const complete: InspectionCommand = { type: 'CompleteInspection', inspectionId: INSPECTION, endedOn: '2026-02-06', completedBy: 'insp-a' };
    when(t, [opened, checked('M-ROSTER'), evidence('E-1'), institutionResult, classResult], complete).thenRejects('inspection.matters_unchecked', 'inspectionId');
    when(t, [opened, checked('M-ROSTER'), checked('M-ATTENDANCE'), evidence('E-1'), institutionResult], complete).thenRejects('inspection.results_missing', 'inspectionId');
    when(t, readyToComplete, { ...complete, completedBy: 'insp-z' }).thenRejects('inspection.not_on_team', 'completedBy');
  });
  t.test('the end date starts 20 working days for publication, across the Spring Festival (hand count)', async (t) => {
    // End Fri 02-06. Counted: 02-09..02-13 (1–5), Sat 02-14 worked (6); 02-15..02-23 off;
    // 02-24..02-27 (7–10), Sat 02-28 worked (11), 03-02..03-06 (12–16), 03-09..03-12 (17–20).
    when(t, readyToComplete, { type: 'CompleteInspection', inspectionId: INSPECTION, endedOn: '2026-02-06', completedBy: 'insp-a' }).then([completed]);
  });
  t.test('across National Day: end Thu 09-24 gives Thu 10-29 (hand count)', async (t) => {
    // 09-25..09-27 off; 09-28..09-30 (1–3); 10-01..10-07 off; 10-08, 10-09 (4, 5); Sat 10-10
    // worked (6); 10-12..10-16 (7–11); 10-19..10-23 (12–16); 10-26..10-29 (17–20).
    const events = spec(t, decider).given(readyToComplete).when({ type: 'CompleteInspection', inspectionId: INSPECTION, endedOn: '2026-09-24', completedBy: 'insp-a' });
    const s = events.then([{ type: 'InspectionCompleted', data: { endedOn: '2026-09-24', completedBy: 'insp-a', publicationDueOn: '2026-10-29', subjectsWithFindings: 1 } }]);
    t.equal(s.status, 'completed');
  });
  t.test('an end whose publication deadline leaves the loaded calendar is refused, not guessed', async (t) => {
    when(t, readyToComplete, { type: 'CompleteInspection', inspectionId: INSPECTION, endedOn: '2026-12-15', completedBy: 'insp-a' }).thenRejects('inspection.date_outside_calendar', 'endedOn');
  });
});

t.test('when completed', async (t) => {
  const done = [...readyToComplete, completed];
  t.test('nothing more is recorded; a repeat of the completion decides nothing', async (t) => {
    when(t, done, { type: 'RecordMatterChecked', inspectionId: INSPECTION, matterCode: 'M-ROSTER', inspectorId: 'insp-b', checkedOn: '2026-02-09', note: null }).thenRejects('inspection.not_in_progress', 'inspectionId');
    when(t, done, { type: 'CompleteInspection', inspectionId: INSPECTION, endedOn: '2026-02-06', completedBy: 'insp-a' }).then([]);
    when(t, done, { type: 'CompleteInspection', inspectionId: INSPECTION, endedOn: '2026-02-09', completedBy: 'insp-a' }).thenRejects('inspection.not_in_progress', 'endedOn');
  });
  t.test('publication on the last day is on time, the day after is late', async (t) => {
    const publish = (publishedOn: string): InspectionCommand => ({ type: 'PublishInspectionResults', inspectionId: INSPECTION, publishedOn, publicationRef: 'https://rsj.example.gov.cn/sjgk/2026-7', publishedBy: 'lead-1' });
    when(t, done, publish('2026-03-12')).then([{ type: 'InspectionResultsPublished', data: { publishedOn: '2026-03-12', publicationRef: 'https://rsj.example.gov.cn/sjgk/2026-7', publishedBy: 'lead-1', onTime: true } }]);
    when(t, done, publish('2026-03-13')).then([{ type: 'InspectionResultsPublished', data: { publishedOn: '2026-03-13', publicationRef: 'https://rsj.example.gov.cn/sjgk/2026-7', publishedBy: 'lead-1', onTime: false } }]);
    when(t, done, publish('2026-02-05')).thenRejects('inspection.published_before_end', 'publishedOn');
    when(t, readyToComplete, publish('2026-03-12')).thenRejects('inspection.not_completed', 'inspectionId');
    const published = { type: 'InspectionResultsPublished' as const, data: { publishedOn: '2026-03-12', publicationRef: 'https://rsj.example.gov.cn/sjgk/2026-7', publishedBy: 'lead-1', onTime: true } };
    when(t, [...done, published], publish('2026-03-12')).then([]);
    when(t, [...done, published], publish('2026-03-11')).thenRejects('inspection.already_published', 'publishedOn');
  });
  t.test('a second opening is refused', async (t) => {
    when(t, done, openCommand).thenRejects('inspection.already_opened', 'inspectionId');
  });
});

t.test('every event the decider emits passes its schema', async (t) => {
  for (const e of [opened, ...readyToComplete, completed]) {
    const r = InspectionEventSchemas[e.type].safeParse(e.data);
    t.ok(r.success, `${e.type} ${r.success ? '' : r.error.message}`);
  }
});
