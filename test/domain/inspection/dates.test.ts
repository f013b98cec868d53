import t from 'tap';
import type { InspectionCommand } from '../../../src/domain/inspection/commands.ts';
import { inspectionDecider } from '../../../src/domain/inspection/decider.ts';
import type { InspectionEvent } from '../../../src/domain/inspection/events.ts';
import { DEFAULT_INSPECTION_RULES } from '../../../src/domain/inspection/rules.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';
import { calendar, completed, decider, INSPECTION, openCommand, opened, readyToComplete, sha } from './fixtures.ts';

/**
 * Every date an inspection command states is checked against the request's own day (the
 * server's business day, passed in as `today`). Before, the inspection decider had no day:
 * an inspection could be started, a matter checked, evidence attached, a result recorded,
 * the inspection ended or its results published, all as of tomorrow.
 */

const TODAY = '2026-02-10';
const TOMORROW = '2026-02-11';
const onDay = (today: string) => inspectionDecider({ calendar, rules: DEFAULT_INSPECTION_RULES, today });

const cases: [field: string, given: InspectionEvent[], command: (on: string) => InspectionCommand][] = [
  ['startedOn', [], (on) => ({ ...openCommand, startedOn: on })],
  ['checkedOn', [opened], (on) => ({ type: 'RecordMatterChecked', inspectionId: INSPECTION, matterCode: 'M-ROSTER', inspectorId: 'insp-a', checkedOn: on, note: null })],
  ['attachedOn', [opened], (on) => ({ type: 'AttachEvidence', inspectionId: INSPECTION, evidenceId: 'E-1', sha256: sha('a'), description: '签到表照片', attachedBy: 'insp-a', attachedOn: on })],
  ['recordedOn', [opened], (on) => ({ type: 'RecordSubjectResult', inspectionId: INSPECTION, subject: { kind: 'class', id: 'CLS-1' }, outcome: 'no_problem', findingIds: [], evidenceIds: [], recordedBy: 'insp-a', recordedOn: on })],
  ['endedOn', readyToComplete, (on) => ({ type: 'CompleteInspection', inspectionId: INSPECTION, endedOn: on, completedBy: 'insp-a' })],
  ['publishedOn', [...readyToComplete, completed], (on) => ({ type: 'PublishInspectionResults', inspectionId: INSPECTION, publishedOn: on, publicationRef: '赣人社公告〔2026〕3号', publishedBy: 'lead-1' })],
];

t.test('an inspection command dated after today is inspection.date_in_future naming its date; dated today it is decided as before', async (t) => {
  for (const [field, given, command] of cases) {
    spec(t, onDay(TODAY)).given(given).when(command(TOMORROW)).thenRejects('inspection.date_in_future', field);
    const d = onDay(TODAY);
    const onTheDay = d.decide(command(TODAY), given.reduce(d.evolve, d.initialState()));
    t.notOk(isRejection(onTheDay), `${field} dated today is accepted${isRejection(onTheDay) ? ` (got ${onTheDay.code})` : ''}`);
  }
});

t.test('without a day (a replay of a recorded history) the dates are judged as recorded', async (t) => {
  const decision = decider.decide({ ...openCommand, startedOn: '2026-12-01' }, decider.initialState());
  t.notOk(isRejection(decision));
});
