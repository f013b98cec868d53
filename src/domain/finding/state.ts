import { assertNever, invariant } from '../decider.ts';
import type { FindingEvent, FindingEventOf } from './events.ts';

/**
 * A finding's life: open → rectification_submitted → verified → closed (销号), with a
 * rejected rectification going back to open; withdrawn (by an event with its reason) from
 * any state but closed. The deadline moves only by an approved extension.
 */
export type FindingStatus = 'none' | 'open' | 'rectification_submitted' | 'verified' | 'closed' | 'withdrawn';

/** Statuses in which the rectification clock runs: overdue and due-soon apply to these. */
export const ACTIVE_FINDING_STATUSES: readonly FindingStatus[] = ['open', 'rectification_submitted', 'verified'];

type Data<T extends FindingEvent['type']> = FindingEventOf<T>['data'];

export interface Submission {
  readonly submissionId: string;
  readonly submittedBy: string;
  readonly submittedOn: string;
  /** 'pending' until an inspector verifies or rejects it. */
  readonly outcome: 'pending' | 'verified' | 'rejected';
  readonly verifierId: string | null;
  readonly decidedOn: string | null;
}

export interface FindingState {
  readonly status: FindingStatus;
  readonly raised: Data<'FindingRaised'> | null;
  /** In force: the raised deadline, moved by approved extensions. */
  readonly deadlineOn: string | null;
  readonly submissions: readonly Submission[];
  readonly recused: ReadonlySet<string>;
  readonly extensions: ReadonlyMap<string, Data<'FindingDeadlineExtensionRequested'> & { readonly outcome: 'pending' | 'approved' | 'refused' }>;
  readonly sanctions: ReadonlyMap<string, Data<'FindingSanctionRecorded'>>;
  readonly closed: Data<'FindingClosed'> | null;
  readonly withdrawn: Data<'FindingWithdrawn'> | null;
}

export function initialFindingState(): FindingState {
  return { status: 'none', raised: null, deadlineOn: null, submissions: [], recused: new Set(), extensions: new Map(), sanctions: new Map(), closed: null, withdrawn: null };
}

/** The latest rectification submitted, if any. */
export function currentSubmission(s: FindingState): Submission | undefined {
  return s.submissions[s.submissions.length - 1];
}

export function pendingExtension(s: FindingState) {
  for (const e of s.extensions.values()) if (e.outcome === 'pending') return e;
  return undefined;
}

function decideCurrent(s: FindingState, submissionId: string, outcome: 'verified' | 'rejected', verifierId: string, on: string): Submission[] {
  const last = currentSubmission(s);
  invariant(last?.submissionId === submissionId && last.outcome === 'pending', `verification of ${submissionId}, which is not the pending submission`);
  return [...s.submissions.slice(0, -1), { ...last, outcome, verifierId, decidedOn: on }];
}

/** Copies on write: a finding has a handful of events. */
export function evolveFinding(s: FindingState, event: FindingEvent): FindingState {
  switch (event.type) {
    case 'FindingRaised':
      return { ...s, status: 'open', raised: event.data, deadlineOn: event.data.deadlineOn };
    case 'FindingInspectorRecused':
      return { ...s, recused: new Set([...s.recused, event.data.inspectorId]) };
    case 'FindingRectificationSubmitted': {
      const { submissionId, submittedBy, submittedOn } = event.data;
      const submission: Submission = { submissionId, submittedBy, submittedOn, outcome: 'pending', verifierId: null, decidedOn: null };
      return { ...s, status: 'rectification_submitted', submissions: [...s.submissions, submission] };
    }
    case 'FindingRectificationRejected': {
      const d = event.data;
      return { ...s, status: 'open', submissions: decideCurrent(s, d.submissionId, 'rejected', d.verifierId, d.rejectedOn) };
    }
    case 'FindingRectificationVerified': {
      const d = event.data;
      return { ...s, status: 'verified', submissions: decideCurrent(s, d.submissionId, 'verified', d.verifierId, d.verifiedOn) };
    }
    case 'FindingClosed':
      return { ...s, status: 'closed', closed: event.data };
    case 'FindingDeadlineExtensionRequested':
      return { ...s, extensions: new Map(s.extensions).set(event.data.extensionId, { ...event.data, outcome: 'pending' }) };
    case 'FindingDeadlineExtended':
      return { ...s, deadlineOn: event.data.deadlineOn, extensions: settle(s, event.data.extensionId, 'approved') };
    case 'FindingDeadlineExtensionRefused':
      return { ...s, extensions: settle(s, event.data.extensionId, 'refused') };
    case 'FindingWithdrawn':
      return { ...s, status: 'withdrawn', withdrawn: event.data };
    case 'FindingSanctionRecorded':
      return { ...s, sanctions: new Map(s.sanctions).set(event.data.sanctionId, event.data) };
    default:
      return assertNever(event);
  }
}

function settle(s: FindingState, extensionId: string, outcome: 'approved' | 'refused') {
  const request = s.extensions.get(extensionId);
  invariant(request?.outcome === 'pending', `decision on extension ${extensionId}, which is not pending`);
  return new Map(s.extensions).set(extensionId, { ...request, outcome });
}
