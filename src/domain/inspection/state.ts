import { assertNever, invariant } from '../decider.ts';
import type { InspectionBasis, InspectionEvent, InspectionEventOf, SubjectRef } from './events.ts';

/**
 * An inspection: in progress from its opening until completed (its end date starts the
 * publication clock), then published. Results are kept per subject; matters per matter
 * code with the inspectors who checked them.
 */
export type InspectionStatus = 'none' | 'in_progress' | 'completed' | 'published';

type Data<T extends InspectionEvent['type']> = InspectionEventOf<T>['data'];

export interface OpenedInspection {
  readonly inspectionId: string;
  readonly basis: InspectionBasis;
  readonly institutionId: string;
  readonly regionCode: string;
  readonly subjects: readonly SubjectRef[];
  readonly matterCodes: readonly string[];
  readonly inspectorIds: readonly string[];
  readonly startedOn: string;
}

export interface InspectionState {
  readonly status: InspectionStatus;
  readonly opened: OpenedInspection | null;
  /** matter code → inspectors who recorded checking it. */
  readonly checked: ReadonlyMap<string, ReadonlySet<string>>;
  readonly evidence: ReadonlyMap<string, Data<'InspectionEvidenceAttached'>>;
  /** subjectKey → the result recorded for it. */
  readonly results: ReadonlyMap<string, Data<'InspectionSubjectResultRecorded'>>;
  readonly completion: Data<'InspectionCompleted'> | null;
  readonly publication: Data<'InspectionResultsPublished'> | null;
}

export function subjectKey(subject: SubjectRef): string {
  return `${subject.kind}:${subject.id}`;
}

export function initialInspectionState(): InspectionState {
  return { status: 'none', opened: null, checked: new Map(), evidence: new Map(), results: new Map(), completion: null, publication: null };
}

/** Copies on write: an inspection holds tens of records, not thousands. */
export function evolveInspection(state: InspectionState, event: InspectionEvent): InspectionState {
  switch (event.type) {
    case 'InspectionOpened': {
      const d = event.data;
      const subjects: SubjectRef[] = [{ kind: 'institution', id: d.institutionId }, ...d.classIds.map((id) => ({ kind: 'class' as const, id }))];
      const opened = { inspectionId: d.inspectionId, basis: d.basis, institutionId: d.institutionId, regionCode: d.regionCode, subjects, matterCodes: d.matterCodes, inspectorIds: d.inspectorIds, startedOn: d.startedOn };
      return { ...state, status: 'in_progress', opened };
    }
    case 'InspectionMatterChecked': {
      const checked = new Map(state.checked);
      checked.set(event.data.matterCode, new Set([...(state.checked.get(event.data.matterCode) ?? []), event.data.inspectorId]));
      return { ...state, checked };
    }
    case 'InspectionEvidenceAttached':
      return { ...state, evidence: new Map(state.evidence).set(event.data.evidenceId, event.data) };
    case 'InspectionSubjectResultRecorded':
      return { ...state, results: new Map(state.results).set(subjectKey(event.data.subject), event.data) };
    case 'InspectionCompleted':
      invariant(state.status === 'in_progress', 'only an inspection in progress is completed');
      return { ...state, status: 'completed', completion: event.data };
    case 'InspectionResultsPublished':
      return { ...state, status: 'published', publication: event.data };
    default:
      return assertNever(event);
  }
}
