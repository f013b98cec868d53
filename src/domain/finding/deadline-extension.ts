import { compareBusinessDates } from '../calendar/business-date.ts';
import { invariant, isRejection, reject, type Decision } from '../decider.ts';
import { lastWorkingDayOrReject } from '../inspection/working-day-deadline.ts';
import type { FindingCommandOf } from './commands.ts';
import type { FindingContext } from './context.ts';
import type { FindingEvent } from './events.ts';
import { pendingExtension, type FindingState, type FindingStatus } from './state.ts';
import { wrongStatus } from './wrong-status.ts';

/**
 * A deadline moves only by an extension that was requested with a reason and approved
 * by an admin other than the requester (the access matrix lets only admins decide; the
 * decider keeps the two people apart). The new deadline counts the extra working days
 * from the deadline in force, so an extension never shortens it. One request is pending
 * at a time.
 */

const EXTENSIBLE: readonly FindingStatus[] = ['open', 'rectification_submitted'];

export function requestExtension(c: FindingCommandOf<'RequestDeadlineExtension'>, s: FindingState): Decision<FindingEvent> {
  const prior = s.extensions.get(c.extensionId);
  if (prior) {
    if (prior.additionalWorkingDays === c.additionalWorkingDays && prior.requestedBy === c.requestedBy) return [];
    return reject('finding.extension_id_conflict', `extension ${c.extensionId} was requested differently`, 'extensionId');
  }
  if (!EXTENSIBLE.includes(s.status)) return wrongStatus(s, EXTENSIBLE);
  const pending = pendingExtension(s);
  if (pending) return reject('finding.extension_pending', `extension ${pending.extensionId} awaits a decision`, 'extensionId');
  const { extensionId, additionalWorkingDays, reason, requestedBy, requestedOn } = c;
  return [{ type: 'FindingDeadlineExtensionRequested', data: { extensionId, additionalWorkingDays, reason, requestedBy, requestedOn } }];
}

export function decideExtension(c: FindingCommandOf<'DecideDeadlineExtension'>, s: FindingState, ctx: FindingContext): Decision<FindingEvent> {
  const request = s.extensions.get(c.extensionId);
  if (!request) return reject('finding.unknown_extension', `no extension ${c.extensionId} was requested`, 'extensionId');
  const outcome = c.decision === 'approve' ? 'approved' : 'refused';
  if (request.outcome !== 'pending') {
    return request.outcome === outcome ? [] : reject('finding.extension_decided', `extension ${c.extensionId} was already ${request.outcome}`, 'decision');
  }
  if (!EXTENSIBLE.includes(s.status)) return wrongStatus(s, EXTENSIBLE);
  if (c.decidedBy === request.requestedBy) return reject('finding.same_person', 'an extension is decided by someone other than its requester', 'decidedBy');
  if (compareBusinessDates(c.decidedOn, request.requestedOn) < 0) return reject('finding.date_before_request', `requested on ${request.requestedOn}`, 'decidedOn');
  if (c.decision === 'refuse') {
    if (c.reason === null) return reject('finding.reason_required', 'a refusal states its reason', 'reason');
    return [{ type: 'FindingDeadlineExtensionRefused', data: { extensionId: c.extensionId, refusedBy: c.decidedBy, reason: c.reason, refusedOn: c.decidedOn } }];
  }
  invariant(s.deadlineOn !== null, 'a raised finding has a deadline');
  const deadlineOn = lastWorkingDayOrReject(ctx.calendar, s.deadlineOn, request.additionalWorkingDays, 'finding.date_outside_calendar', 'extensionId');
  if (isRejection(deadlineOn)) return deadlineOn;
  const { extensionId, additionalWorkingDays } = request;
  return [{ type: 'FindingDeadlineExtended', data: { extensionId, additionalWorkingDays, previousDeadlineOn: s.deadlineOn, deadlineOn, approvedBy: c.decidedBy, approvedOn: c.decidedOn } }];
}
