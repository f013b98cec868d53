import type { BusinessDate } from '../calendar/business-date.ts';
import type { CertificateLevel } from '../policy/certificate-level.ts';
import { onRoster, type ClassState } from './state.ts';

/**
 * What other deciders (the subsidy application) need to know about one person in one
 * class, derived from the class's folded state.
 */
export interface TraineeInClass {
  readonly classId: string;
  /** The institution's unified social credit code (its stream id). */
  readonly institutionId: string;
  readonly projectId: string;
  readonly occupationCode: string;
  readonly level: CertificateLevel;
  /** The project's standard hours on the class's first day. */
  readonly standardHours: number;
  readonly startOn: BusinessDate;
  readonly endOn: BusinessDate;
  /** Completed (结业): only then are the hours final. */
  readonly completed: boolean;
  readonly onRoster: boolean;
  /** Hours attended as declared at completion (never above the check-ins); 0 before. */
  readonly attendedHours: number;
  /** The final assessment, when recorded. */
  readonly assessment: { readonly passed: boolean; readonly certificateLevel?: CertificateLevel; readonly assessedOn: BusinessDate } | undefined;
}

/** Undefined for a class without an approved opening (requested only, or refused). */
export function traineeInClass(state: ClassState, personRef: string): TraineeInClass | undefined {
  const o = state.opening;
  if (!o || (state.status !== 'approved' && state.status !== 'completed')) return undefined;
  const result = state.results.get(personRef);
  return {
    classId: o.classId,
    institutionId: o.institutionId,
    projectId: o.projectId,
    occupationCode: o.occupationCode,
    level: o.level,
    standardHours: o.standardHours,
    startOn: o.startOn,
    endOn: o.endOn,
    completed: state.status === 'completed',
    onRoster: onRoster(state, personRef),
    attendedHours: state.completion?.hours.get(personRef) ?? 0,
    assessment: result
      ? { passed: result.passed, assessedOn: result.assessedOn, ...(result.certificateLevel === undefined ? {} : { certificateLevel: result.certificateLevel }) }
      : undefined,
  };
}
