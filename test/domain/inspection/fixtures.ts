import { loadCalendar } from '../../../src/policy/load.ts';
import type { InspectionCommandOf } from '../../../src/domain/inspection/commands.ts';
import { inspectionDecider } from '../../../src/domain/inspection/decider.ts';
import type { InspectionEvent, InspectionEventOf } from '../../../src/domain/inspection/events.ts';
import { DEFAULT_INSPECTION_RULES } from '../../../src/domain/inspection/rules.ts';

/** The policy data's working-day calendar (2025 and 2026, State Council notices). */
export const calendar = loadCalendar();
export const decider = inspectionDecider({ calendar, rules: DEFAULT_INSPECTION_RULES });

export const INSPECTION = 'INS-2026-001';
export const INSTITUTION = '91350100M000100Y43';
export const sha = (c: string) => c.repeat(64);

export const openCommand: InspectionCommandOf<'OpenInspection'> = {
  type: 'OpenInspection',
  inspectionId: INSPECTION,
  basis: { kind: 'draw', drawId: 'DRAW-2026-Q1', assignmentId: 'DRAW-2026-Q1.a7' },
  institutionId: INSTITUTION,
  regionCode: '360100',
  classIds: ['CLS-1'],
  matterCodes: ['M-ROSTER', 'M-ATTENDANCE'],
  inspectorIds: ['insp-a', 'insp-b'],
  startedOn: '2026-02-02',
  openedBy: 'lead-1',
};

export const opened: InspectionEventOf<'InspectionOpened'> = {
  type: 'InspectionOpened',
  data: {
    inspectionId: INSPECTION,
    basis: { kind: 'draw', drawId: 'DRAW-2026-Q1', assignmentId: 'DRAW-2026-Q1.a7' },
    institutionId: INSTITUTION,
    regionCode: '360100',
    classIds: ['CLS-1'],
    matterCodes: ['M-ROSTER', 'M-ATTENDANCE'],
    inspectorIds: ['insp-a', 'insp-b'],
    startedOn: '2026-02-02',
    openedBy: 'lead-1',
  },
};

export const checked = (matterCode: string, inspectorId = 'insp-a', checkedOn = '2026-02-03'): InspectionEvent => ({
  type: 'InspectionMatterChecked',
  data: { matterCode, inspectorId, checkedOn, note: null },
});

export const evidence = (evidenceId: string, c = 'a'): InspectionEvent => ({
  type: 'InspectionEvidenceAttached',
  data: { evidenceId, sha256: sha(c), description: '签到表照片', attachedBy: 'insp-a', attachedOn: '2026-02-03' },
});

export const institutionResult: InspectionEvent = {
  type: 'InspectionSubjectResultRecorded',
  data: { subject: { kind: 'institution', id: INSTITUTION }, outcome: 'findings', findingIds: ['F-1'], evidenceIds: ['E-1'], recordedBy: 'insp-b', recordedOn: '2026-02-05' },
};

export const classResult: InspectionEvent = {
  type: 'InspectionSubjectResultRecorded',
  data: { subject: { kind: 'class', id: 'CLS-1' }, outcome: 'no_problem', findingIds: [], evidenceIds: [], recordedBy: 'insp-a', recordedOn: '2026-02-05' },
};

/** Opened, both matters checked, evidence attached, both subjects decided: ready to complete. */
export const readyToComplete: InspectionEvent[] = [opened, checked('M-ROSTER'), checked('M-ATTENDANCE', 'insp-b'), evidence('E-1'), institutionResult, classResult];

/** Ended Friday 2026-02-06: the 20 working days run across the Spring Festival to 2026-03-12. */
export const completed: InspectionEvent = {
  type: 'InspectionCompleted',
  data: { endedOn: '2026-02-06', completedBy: 'insp-a', publicationDueOn: '2026-03-12', subjectsWithFindings: 1 },
};
