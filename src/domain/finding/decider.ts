import canonicalize from 'canonicalize';
import { compareBusinessDates } from '../calendar/business-date.ts';
import { requireNotAfterToday } from '../calendar/not-after-today.ts';
import { assertNever, invariant, isRejection, reject, type Decider, type Decision } from '../decider.ts';
import { lastWorkingDayOrReject } from '../inspection/working-day-deadline.ts';
import { statedFindingDatesOf } from './command-date.ts';
import type { FindingCommand, FindingCommandOf } from './commands.ts';
import type { FindingContext } from './context.ts';
import { decideExtension, requestExtension } from './deadline-extension.ts';
import type { FindingEvent } from './events.ts';
import { closeFinding, submitRectification, verifyRectification } from './rectification.ts';
import { evolveFinding, initialFindingState, type FindingState } from './state.ts';
import { wrongStatus } from './wrong-status.ts';

/**
 * A finding (`finding-{findingId}`): one row of the problem ledger. See state.ts for its
 * life, rectification.ts for 整改 → 查验 → 销号 and deadline-extension.ts for extensions.
 * Every command is safe to repeat: when the state already shows its effect it decides
 * nothing; the same id used for something different is refused.
 *
 * Rejection codes (stable):
 * - finding.invalid_command           the command failed its schema (field named)
 * - finding.date_in_future            a date the command states lies after the request's day (field named)
 * - finding.already_raised            a different finding raised on the same stream
 * - finding.not_raised                any other command before the finding is raised
 * - finding.notice_before_raised      a notice dated before the finding was raised
 * - finding.date_outside_calendar     a deadline the loaded holiday calendar cannot count
 * - finding.wrong_status              the command does not apply in the finding's status
 * - finding.date_before_notice        a rectification submitted before the notice
 * - finding.submission_id_conflict    a submission id reused for a different submission
 * - finding.submission_mismatch       verifying other than the pending submission
 * - finding.same_person               four eyes: the submitter verifies, or the requester decides an extension
 * - finding.verifier_recused          the verifier is recused from this finding
 * - finding.date_before_submission    a verification dated before the submission
 * - finding.recovery_outstanding      closing while money ordered back is outstanding
 * - finding.date_before_verification  closing dated before the verification
 * - finding.extension_id_conflict     an extension id reused for a different request
 * - finding.extension_pending          a second request while one awaits a decision
 * - finding.unknown_extension         deciding an extension never requested
 * - finding.extension_decided         deciding an extension the other way after it was decided
 * - finding.date_before_request       an extension decided before it was requested
 * - finding.reason_required           refusing an extension without a reason
 * - finding.already_closed            withdrawing a closed finding
 * - finding.sanction_id_conflict      a sanction id reused for a different sanction
 * - finding.sanction_before_finding   a sanction dated before the finding (sanction-saga.ts)
 */

type Decide<T extends FindingCommand['type']> = (c: FindingCommandOf<T>, s: FindingState, ctx: FindingContext) => Decision<FindingEvent>;

export function decideFinding(command: FindingCommand, state: FindingState, ctx: FindingContext): Decision<FindingEvent> {
  for (const [field, date] of statedFindingDatesOf(command)) {
    const misdated = requireNotAfterToday('finding', ctx, date, field);
    if (misdated) return misdated;
  }
  if (command.type === 'RaiseFinding') return raise(command, state, ctx);
  const raised = state.raised;
  if (raised === null) return reject('finding.not_raised', `finding ${command.findingId} has not been raised`, 'findingId');
  invariant(raised.findingId === command.findingId, 'finding command decided on another finding\'s state');
  switch (command.type) {
    case 'DeclareRecusal':
      return declareRecusal(command, state, ctx);
    case 'SubmitRectification':
      return submitRectification(command, state, raised);
    case 'VerifyRectification':
      return verifyRectification(command, state, ctx);
    case 'CloseFinding':
      return closeFinding(command, state, ctx);
    case 'RequestDeadlineExtension':
      return requestExtension(command, state);
    case 'DecideDeadlineExtension':
      return decideExtension(command, state, ctx);
    case 'WithdrawFinding':
      return withdraw(command, state, ctx);
    case 'RecordSanction':
      return recordSanction(command, state, ctx);
    default:
      return assertNever(command);
  }
}

const raise: Decide<'RaiseFinding'> = (c, s, ctx) => {
  if (compareBusinessDates(c.noticeOn, c.raisedOn) < 0) return reject('finding.notice_before_raised', `the finding was raised on ${c.raisedOn}`, 'noticeOn');
  const deadlineOn = lastWorkingDayOrReject(ctx.calendar, c.noticeOn, c.deadlineWorkingDays, 'finding.date_outside_calendar', 'noticeOn');
  if (isRejection(deadlineOn)) return deadlineOn;
  const { type: _type, ...fields } = c;
  const data = { ...fields, deadlineOn };
  if (s.raised !== null) {
    // A retry of the same raise decides nothing; anything else on this stream is a clash.
    // Canonical (RFC 8785) text: the event read back from the store need not keep the command's key order.
    return canonicalize(s.raised) === canonicalize(data) ? [] : reject('finding.already_raised', `finding ${c.findingId} is already raised`, 'findingId');
  }
  return [{ type: 'FindingRaised', data }];
};

const declareRecusal: Decide<'DeclareRecusal'> = (c, s) => {
  if (s.recused.has(c.inspectorId)) return [];
  const { inspectorId, reason, declaredOn } = c;
  return [{ type: 'FindingInspectorRecused', data: { inspectorId, reason, declaredOn } }];
};

/** A mistaken finding is withdrawn, never deleted; a closed one stays closed. */
const withdraw: Decide<'WithdrawFinding'> = (c, s) => {
  if (s.status === 'withdrawn') return [];
  if (s.status === 'closed') return reject('finding.already_closed', 'a closed finding is not withdrawn', 'findingId');
  const { reason, withdrawnBy, withdrawnOn } = c;
  return [{ type: 'FindingWithdrawn', data: { reason, withdrawnBy, withdrawnOn } }];
};

/**
 * The finding's record of a sanction the institution's stream has already decided
 * (sanction-saga.ts). A fact to keep whatever the status, even if the finding was
 * withdrawn in between: the sanction stands on the institution until lifted there.
 */
const recordSanction: Decide<'RecordSanction'> = (c, s) => {
  const prior = s.sanctions.get(c.sanctionId);
  if (prior) return prior.step === c.step && prior.on === c.on ? [] : reject('finding.sanction_id_conflict', `sanction ${c.sanctionId} was recorded differently`, 'sanctionId');
  if (s.status === 'none') return wrongStatus(s, ['open']);
  const { sanctionId, step, trigger, reason, on } = c;
  return [{ type: 'FindingSanctionRecorded', data: { sanctionId, step, trigger, reason, on } }];
};

export function findingDecider(ctx: FindingContext): Decider<FindingCommand, FindingState, FindingEvent> & { name: string } {
  return {
    name: 'finding',
    decide(command, state) {
      return decideFinding(command, state, ctx);
    },
    evolve: evolveFinding,
    initialState: initialFindingState,
  };
}

/** The stream a finding's events live in. */
export function findingStream(findingId: string): string {
  return `finding-${findingId}`;
}
