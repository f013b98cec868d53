import { compareBusinessDates } from '../calendar/business-date.ts';
import { invariant, reject, type Decision } from '../decider.ts';
import type { FindingCommandOf } from './commands.ts';
import type { FindingContext } from './context.ts';
import type { FindingEvent, FindingEventOf } from './events.ts';
import { currentSubmission, type FindingState } from './state.ts';
import { wrongStatus } from './wrong-status.ts';

/**
 * 整改 → 整改查验 → 销号. The responsible unit submits what it did, with evidence; an
 * inspector verifies it — never the person who submitted it (four eyes) and never one
 * who is recused — accepting it (verified) or rejecting it with reasons (open again, for
 * a new submission); a verified finding is closed once nothing ordered back is
 * outstanding.
 */

type Raised = FindingEventOf<'FindingRaised'>['data'];

export function submitRectification(c: FindingCommandOf<'SubmitRectification'>, s: FindingState, raised: Raised): Decision<FindingEvent> {
  const known = s.submissions.find((x) => x.submissionId === c.submissionId);
  if (known) {
    if (known.submittedBy === c.submittedBy && known.submittedOn === c.submittedOn) return [];
    return reject('finding.submission_id_conflict', `submission ${c.submissionId} was already made differently`, 'submissionId');
  }
  if (s.status !== 'open') return wrongStatus(s, ['open']);
  if (compareBusinessDates(c.submittedOn, raised.noticeOn) < 0) return reject('finding.date_before_notice', `the notice was served on ${raised.noticeOn}`, 'submittedOn');
  invariant(s.deadlineOn !== null, 'an open finding has a deadline');
  const { submissionId, measuresTaken, evidence, submittedBy, submittedOn } = c;
  const onTime = compareBusinessDates(submittedOn, s.deadlineOn) <= 0;
  return [{ type: 'FindingRectificationSubmitted', data: { submissionId, measuresTaken, evidence, submittedBy, submittedOn, onTime } }];
}

export function verifyRectification(c: FindingCommandOf<'VerifyRectification'>, s: FindingState, ctx: FindingContext): Decision<FindingEvent> {
  const current = currentSubmission(s);
  const known = s.submissions.find((x) => x.submissionId === c.submissionId);
  const outcome = c.decision === 'accept' ? 'verified' : 'rejected';
  if (known && known.outcome !== 'pending') {
    if (known.outcome === outcome && known.verifierId === c.verifierId) return [];
    return reject('finding.submission_mismatch', `submission ${c.submissionId} was already ${known.outcome}`, 'submissionId');
  }
  if (s.status !== 'rectification_submitted') return wrongStatus(s, ['rectification_submitted']);
  invariant(current !== undefined, 'a submitted rectification is on record');
  if (current.submissionId !== c.submissionId) return reject('finding.submission_mismatch', `the pending submission is ${current.submissionId}`, 'submissionId');
  if (current.submittedBy === c.verifierId) {
    return reject('finding.same_person', 'a rectification is verified by someone other than its submitter (four eyes)', 'verifierId');
  }
  if (s.recused.has(c.verifierId) || ctx.recusedInspectorIds?.has(c.verifierId)) {
    return reject('finding.verifier_recused', `${c.verifierId} is recused from this finding`, 'verifierId');
  }
  if (compareBusinessDates(c.verifiedOn, current.submittedOn) < 0) return reject('finding.date_before_submission', `submitted on ${current.submittedOn}`, 'verifiedOn');
  const { submissionId, verifierId, conclusion, verifiedOn } = c;
  if (c.decision === 'accept') return [{ type: 'FindingRectificationVerified', data: { submissionId, verifierId, conclusion, verifiedOn } }];
  return [{ type: 'FindingRectificationRejected', data: { submissionId, verifierId, reasons: conclusion, rejectedOn: verifiedOn } }];
}

export function closeFinding(c: FindingCommandOf<'CloseFinding'>, s: FindingState, ctx: FindingContext): Decision<FindingEvent> {
  if (s.status === 'closed') return [];
  if (s.status !== 'verified') return wrongStatus(s, ['verified']);
  const verified = currentSubmission(s);
  invariant(verified?.outcome === 'verified' && verified.decidedOn !== null, 'a verified finding has a verified submission');
  invariant(ctx.outstandingRecoveryFen !== undefined, 'the app layer passes outstandingRecoveryFen to close a finding');
  if (ctx.outstandingRecoveryFen > 0) {
    return reject('finding.recovery_outstanding', `${ctx.outstandingRecoveryFen} fen ordered back are not recovered yet`, 'findingId');
  }
  if (compareBusinessDates(c.closedOn, verified.decidedOn) < 0) return reject('finding.date_before_verification', `verified on ${verified.decidedOn}`, 'closedOn');
  return [{ type: 'FindingClosed', data: { submissionId: verified.submissionId, closedBy: c.closedBy, closedOn: c.closedOn } }];
}
