import { compareBusinessDates, type BusinessDate } from '../calendar/business-date.ts';
import { requireNotAfterToday } from '../calendar/not-after-today.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { assertNever, invariant, isRejection, reject, type Decider, type Decision, type Rejection } from '../decider.ts';
import { statedInspectionDateOf } from './command-date.ts';
import type { InspectionCommand, InspectionCommandOf } from './commands.ts';
import type { InspectionEvent } from './events.ts';
import type { InspectionRules } from './rules.ts';
import { evolveInspection, initialInspectionState, subjectKey, type InspectionState, type OpenedInspection } from './state.ts';
import { lastWorkingDayOrReject } from './working-day-deadline.ts';

/**
 * An inspection (`inspection-{inspectionId}`): opened from a draw's assignment or as a
 * special inspection with a stated basis; its team records the matters checked (only
 * matters on its list: nothing off-list), evidence by file hash, and one result per
 * subject; completion fixes the end date and with it the last day for publishing the
 * results (20 working days by default, rules.ts); publication records whether it was on
 * time. Nothing recorded is changed afterwards: a repeat of the same record decides
 * nothing, a different one is refused.
 *
 * Rejection codes (stable):
 * - inspection.invalid_command          the command failed its schema (field named)
 * - inspection.date_in_future           a date the command states lies after the request's day (field named)
 * - inspection.already_opened           a second opening on the stream
 * - inspection.not_opened               any other command before the opening
 * - inspection.not_in_progress          a record or completion after completion
 * - inspection.not_on_team              the actor is not one of the inspection's inspectors
 * - inspection.matter_not_listed        a matter the inspection does not cover
 * - inspection.date_before_start        a record dated before the inspection started
 * - inspection.evidence_id_conflict     an evidence id reused for another file
 * - inspection.unknown_subject          a result for a subject the inspection does not cover
 * - inspection.outcome_mismatch         findings without finding ids, or no problem with some
 * - inspection.unknown_evidence         a result citing evidence never attached
 * - inspection.result_already_recorded  a different result for a subject already decided
 * - inspection.matters_unchecked        completion with a listed matter nobody checked
 * - inspection.results_missing          completion with a subject without a result
 * - inspection.date_outside_calendar    a deadline the loaded holiday calendar cannot count
 * - inspection.not_completed            publication before completion
 * - inspection.published_before_end     publication dated before the end
 * - inspection.already_published        a second, different publication
 */

export interface InspectionContext {
  readonly calendar: WorkingCalendar;
  readonly rules: InspectionRules;
  /** The request's business date (Asia/Shanghai); absent only for folds and replays of recorded histories. */
  readonly today?: BusinessDate;
}

type Decide<T extends InspectionCommand['type']> = (c: InspectionCommandOf<T>, s: InspectionState, o: OpenedInspection, ctx: InspectionContext) => Decision<InspectionEvent>;

export function decideInspection(command: InspectionCommand, state: InspectionState, ctx: InspectionContext): Decision<InspectionEvent> {
  const [dateField, date] = statedInspectionDateOf(command);
  const misdated = requireNotAfterToday('inspection', ctx, date, dateField);
  if (misdated) return misdated;
  if (command.type === 'OpenInspection') return open(command, state);
  const o = state.opened;
  if (o === null) return reject('inspection.not_opened', `inspection ${command.inspectionId} has not been opened`, 'inspectionId');
  invariant(o.inspectionId === command.inspectionId, 'inspection command decided on another inspection\'s state');
  switch (command.type) {
    case 'RecordMatterChecked':
      return checkMatter(command, state, o, ctx);
    case 'AttachEvidence':
      return attachEvidence(command, state, o, ctx);
    case 'RecordSubjectResult':
      return recordResult(command, state, o, ctx);
    case 'CompleteInspection':
      return complete(command, state, o, ctx);
    case 'PublishInspectionResults':
      return publish(command, state, o, ctx);
    default:
      return assertNever(command);
  }
}

function open(c: InspectionCommandOf<'OpenInspection'>, s: InspectionState): Decision<InspectionEvent> {
  if (s.opened !== null) return reject('inspection.already_opened', `inspection ${c.inspectionId} is already open`, 'inspectionId');
  const { type: _type, ...data } = c;
  return [{ type: 'InspectionOpened', data }];
}

/** Records are made by the team, while the inspection runs, on or after its first day. */
function requireRecording(s: InspectionState, o: OpenedInspection, actorId: string, actorField: string, on: string, dateField: string): Rejection | undefined {
  if (s.status !== 'in_progress') return reject('inspection.not_in_progress', `the inspection is ${s.status}`, 'inspectionId');
  if (!o.inspectorIds.includes(actorId)) return reject('inspection.not_on_team', `${actorId} is not an inspector of this inspection`, actorField);
  if (compareBusinessDates(on, o.startedOn) < 0) return reject('inspection.date_before_start', `the inspection started on ${o.startedOn}`, dateField);
  return undefined;
}

const checkMatter: Decide<'RecordMatterChecked'> = (c, s, o) => {
  if (s.checked.get(c.matterCode)?.has(c.inspectorId)) return [];
  const refused = requireRecording(s, o, c.inspectorId, 'inspectorId', c.checkedOn, 'checkedOn');
  if (refused) return refused;
  if (!o.matterCodes.includes(c.matterCode)) return reject('inspection.matter_not_listed', `matter ${c.matterCode} is not on this inspection's list`, 'matterCode');
  const { matterCode, inspectorId, checkedOn, note } = c;
  return [{ type: 'InspectionMatterChecked', data: { matterCode, inspectorId, checkedOn, note } }];
};

const attachEvidence: Decide<'AttachEvidence'> = (c, s, o) => {
  const prior = s.evidence.get(c.evidenceId);
  if (prior) {
    if (prior.sha256 === c.sha256) return [];
    return reject('inspection.evidence_id_conflict', `evidence ${c.evidenceId} is already attached for another file`, 'evidenceId');
  }
  const refused = requireRecording(s, o, c.attachedBy, 'attachedBy', c.attachedOn, 'attachedOn');
  if (refused) return refused;
  const { evidenceId, sha256, description, attachedBy, attachedOn } = c;
  return [{ type: 'InspectionEvidenceAttached', data: { evidenceId, sha256, description, attachedBy, attachedOn } }];
};

const recordResult: Decide<'RecordSubjectResult'> = (c, s, o) => {
  const key = subjectKey(c.subject);
  const prior = s.results.get(key);
  if (prior) {
    const same = prior.outcome === c.outcome && prior.findingIds.join() === c.findingIds.join();
    return same ? [] : reject('inspection.result_already_recorded', `a result is already recorded for ${key}`, 'subject');
  }
  const refused = requireRecording(s, o, c.recordedBy, 'recordedBy', c.recordedOn, 'recordedOn');
  if (refused) return refused;
  if (!o.subjects.some((x) => subjectKey(x) === key)) return reject('inspection.unknown_subject', `${key} is not a subject of this inspection`, 'subject');
  if ((c.outcome === 'findings') !== (c.findingIds.length > 0)) {
    return reject('inspection.outcome_mismatch', c.outcome === 'findings' ? 'a result with findings names them' : 'a result without problems names no finding', 'findingIds');
  }
  const missing = c.evidenceIds.findIndex((id) => !s.evidence.has(id));
  if (missing >= 0) return reject('inspection.unknown_evidence', `evidence ${c.evidenceIds[missing]} was never attached`, `evidenceIds.${missing}`);
  const { subject, outcome, findingIds, evidenceIds, recordedBy, recordedOn } = c;
  return [{ type: 'InspectionSubjectResultRecorded', data: { subject, outcome, findingIds, evidenceIds, recordedBy, recordedOn } }];
};

const complete: Decide<'CompleteInspection'> = (c, s, o, ctx) => {
  if (s.completion) return s.completion.endedOn === c.endedOn ? [] : reject('inspection.not_in_progress', `the inspection ended on ${s.completion.endedOn}`, 'endedOn');
  const refused = requireRecording(s, o, c.completedBy, 'completedBy', c.endedOn, 'endedOn');
  if (refused) return refused;
  const unchecked = o.matterCodes.filter((m) => !s.checked.has(m));
  if (unchecked.length > 0) return reject('inspection.matters_unchecked', `matters not checked: ${unchecked.join(', ')}`, 'inspectionId');
  const undecided = o.subjects.map(subjectKey).filter((k) => !s.results.has(k));
  if (undecided.length > 0) return reject('inspection.results_missing', `no result for: ${undecided.join(', ')}`, 'inspectionId');
  const due = lastWorkingDayOrReject(ctx.calendar, c.endedOn, ctx.rules.resultPublicationWorkingDays, 'inspection.date_outside_calendar', 'endedOn');
  if (isRejection(due)) return due;
  const subjectsWithFindings = [...s.results.values()].filter((r) => r.outcome === 'findings').length;
  return [{ type: 'InspectionCompleted', data: { endedOn: c.endedOn, completedBy: c.completedBy, publicationDueOn: due, subjectsWithFindings } }];
};

const publish: Decide<'PublishInspectionResults'> = (c, s) => {
  if (s.publication) {
    if (s.publication.publishedOn === c.publishedOn && s.publication.publicationRef === c.publicationRef) return [];
    return reject('inspection.already_published', `the results were published on ${s.publication.publishedOn}`, 'publishedOn');
  }
  const done = s.completion;
  if (!done) return reject('inspection.not_completed', 'results are published after the inspection is completed', 'inspectionId');
  if (compareBusinessDates(c.publishedOn, done.endedOn) < 0) return reject('inspection.published_before_end', `the inspection ended on ${done.endedOn}`, 'publishedOn');
  const onTime = compareBusinessDates(c.publishedOn, done.publicationDueOn) <= 0;
  const { publishedOn, publicationRef, publishedBy } = c;
  return [{ type: 'InspectionResultsPublished', data: { publishedOn, publicationRef, publishedBy, onTime } }];
};

export function inspectionDecider(ctx: InspectionContext): Decider<InspectionCommand, InspectionState, InspectionEvent> & { name: string } {
  return {
    name: 'inspection',
    decide(command, state) {
      return decideInspection(command, state, ctx);
    },
    evolve: evolveInspection,
    initialState: initialInspectionState,
  };
}

/** The stream an inspection's events live in. */
export function inspectionStream(inspectionId: string): string {
  return `inspection-${inspectionId}`;
}
