import type { ClassCommandOf } from '../../../src/domain/class/commands.ts';
import type { ClassContext } from '../../../src/domain/class/context.ts';
import type { ClassEvent, ClassEventOf } from '../../../src/domain/class/events.ts';
import type { ProjectInForce } from '../../../src/domain/catalogue/project-in-force.ts';
import type { MayTrainVerdict } from '../../../src/domain/institution/status-on.ts';

export const ref = (c: string) => `p_${c.repeat(22)}`;
export const [ann, bo, chen, dai] = [ref('A'), ref('B'), ref('C'), ref('D')];
export const outsider = ref('Z');

export const project: ProjectInForce = {
  projectId: 'p-electrician-4',
  occupationCode: '6-31-01-03',
  occupationName: '电工',
  level: 'intermediate',
  standardHours: 40,
  rateFen: 150_000,
  termsFrom: '2025-01-01',
};

export interface FakeFacts {
  project?: ProjectInForce | undefined;
  institution?: MayTrainVerdict;
  unregistered?: string[];
  overlapping?: Record<string, string[]>;
}

/** A context answering from fixed facts; by default everything checks out. */
export function context(f: FakeFacts = {}): ClassContext {
  return {
    projectInForce: () => ('project' in f ? f.project : project),
    institutionMayTrain: () => f.institution ?? { ok: true },
    traineeRegistered: (p) => !(f.unregistered ?? []).includes(p),
    overlappingClasses: (p) => f.overlapping?.[p] ?? [],
  };
}

export const request: ClassCommandOf<'RequestClassOpening'> = {
  type: 'RequestClassOpening',
  classId: 'class-2025-0001',
  institutionId: '91350100M000100Y43',
  occupationCode: '6-31-01-03',
  level: 'intermediate',
  startOn: '2025-03-03',
  endOn: '2025-03-14',
  roster: [ann, bo, chen],
  teacherIds: ['teacher-7', 'teacher-9'],
  plan: { summary: '理论 16 学时，实操 32 学时', plannedHours: 48 },
  assessmentPlan: { summary: '理论考试与实操考核', plannedOn: '2025-03-15' },
  requestedOn: '2025-02-20',
};

const { type: _t, ...requestData } = request;
export const requested: ClassEvent = {
  type: 'ClassOpeningRequested',
  data: { ...requestData, projectId: project.projectId, standardHours: project.standardHours },
};
export const approved: ClassEvent = { type: 'ClassOpeningApproved', data: { reviewerId: 'reviewer-3', decidedOn: '2025-02-25' } };

export function session(id: string, date: string, hours: number, present: string[], extra: Partial<ClassEventOf<'AttendanceSessionRecorded'>['data']> = {}): ClassEvent {
  return {
    type: 'AttendanceSessionRecorded',
    data: {
      sessionId: id,
      date,
      hours,
      teacherId: 'teacher-7',
      checkIns: present.map((personRef) => ({ personRef, method: 'face' as const, result: 'pass' as const })),
      recordedOn: date,
      ...extra,
    },
  };
}

/** Two sessions: ann 16 h (both), bo 8 h (first), chen none. */
export const sessions: ClassEvent[] = [session('s1', '2025-03-03', 8, [ann, bo]), session('s2', '2025-03-04', 8, [ann])];

export const completed: ClassEvent = {
  type: 'ClassCompleted',
  data: { completedOn: '2025-03-14', hours: [{ personRef: ann, hoursAttended: 16 }, { personRef: bo, hoursAttended: 6 }] },
};
