import { z } from 'zod';
import { businessDateOf, compareBusinessDates, endOfBusinessDay, type BusinessDate } from '../calendar/business-date.ts';
import { requireNotAfterToday } from '../calendar/not-after-today.ts';
import { isPastDeadline } from '../calendar/working-calendar.ts';
import { EntityIdSchema, parseCommand } from '../command-input.ts';
import { assertNever, invariant, reject, type Rejection } from '../decider.ts';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { freeTextSchema } from '../inspection/free-text.ts';
import type { InspectionRules } from '../inspection/rules.ts';
import type { InstitutionCommand } from '../institution/commands.ts';
import type { FindingCommand } from './commands.ts';
import { findingStream } from './decider.ts';
import type { FindingState } from './state.ts';
import { wrongStatus } from './wrong-status.ts';

/**
 * A sanction issued from a finding: which streams it writes, in which order. Pure: it
 * only plans; the app layer runs each step (read, decide, append with the expected
 * revision, retry on conflict) with the request's deterministic event ids.
 *
 * 1. `institution-{creditCode}`: the ladder decides (src/domain/institution/
 *    sanctions-ladder.ts). It owns the rule, so it goes first: if it refuses (already
 *    delisted, licence revoked …) nothing is written anywhere. The finding's ledger number
 *    and id go into the sanction's reference, so the institution's record says why.
 * 2. `finding-{findingId}`: RecordSanction keeps the fact on the finding. It refuses
 *    nothing but a reused id, so no compensation is planned: a sanction on the
 *    institution is not undone by bookkeeping (it is lifted on the ladder, by a decision).
 *
 * Repeats. A sanction id already on the finding plans the finding step alone (which then
 * decides nothing): the institution's steps are not all idempotent (a second interview
 * is a second interview), so the finding's record is what makes a re-run safe once both
 * steps are written. A crash between the two steps is completed by the app layer's replay
 * of the same request (same event ids).
 */

const Base = {
  type: z.literal('IssueSanction'),
  findingId: EntityIdSchema,
  sanctionId: EntityIdSchema,
  trigger: z.enum(['finding', 'overdue']).default('finding'),
  on: BusinessDateSchema,
  reason: freeTextSchema(500),
};

export const IssueSanctionSchema = z.discriminatedUnion('step', [
  z.strictObject({ ...Base, step: z.literal('interview') }),
  z.strictObject({ ...Base, step: z.literal('rectification_notice'), deadline: BusinessDateSchema }),
  z.strictObject({ ...Base, step: z.literal('suspend'), to: BusinessDateSchema }),
  z.strictObject({ ...Base, step: z.literal('delist') }),
  z.strictObject({ ...Base, step: z.literal('blacklist'), until: BusinessDateSchema.nullable().default(null) }),
  z.strictObject({ ...Base, step: z.literal('revoke_licence') }),
]);
export type IssueSanction = z.output<typeof IssueSanctionSchema>;

export function parseIssueSanction(input: unknown): IssueSanction | Rejection {
  return parseCommand(IssueSanctionSchema, input, 'finding');
}

export type SanctionSagaStep =
  | { readonly aggregate: 'institution'; readonly stream: string; readonly command: InstitutionCommand }
  | { readonly aggregate: 'finding'; readonly stream: string; readonly command: FindingCommand };

export interface SanctionPlan {
  readonly steps: readonly SanctionSagaStep[];
  readonly compensation: readonly SanctionSagaStep[];
}

/** Same naming as the institution's own service: the stream id is the credit code. */
function institutionStream(creditCode: string): string {
  return `institution-${creditCode}`;
}

function institutionCommand(c: IssueSanction, reference: string): InstitutionCommand {
  const { on, reason } = c;
  switch (c.step) {
    case 'interview':
      return { type: 'InterviewInstitution', on, reason, reference };
    case 'rectification_notice':
      return { type: 'IssueRectificationNotice', on, reason, reference, deadline: c.deadline };
    case 'suspend':
      return { type: 'SuspendInstitution', from: on, to: c.to, reason, reference };
    case 'delist':
      return { type: 'DelistInstitution', on, reason, reference };
    case 'blacklist':
      return c.until === null ? { type: 'BlacklistInstitution', from: on, reason, reference } : { type: 'BlacklistInstitution', from: on, until: c.until, reason, reference };
    case 'revoke_licence':
      return { type: 'RevokeLicence', on, reason, reference };
    default:
      return assertNever(c);
  }
}

/**
 * `today` is the request's business date: a sanction dated after it is refused here,
 * before the institution's step, so nothing is written (the institution's ladder has no
 * day of its own). Its end dates (a suspension's `to`, a blacklisting's `until`, a
 * notice's `deadline`) lie ahead by nature and are not checked.
 */
export function planSanction(c: IssueSanction, state: FindingState, ctx: { readonly today?: BusinessDate } = {}): SanctionPlan | Rejection {
  const misdated = requireNotAfterToday('finding', ctx, c.on, 'on');
  if (misdated) return misdated;
  const raised = state.raised;
  if (raised === null) return reject('finding.not_raised', `finding ${c.findingId} has not been raised`, 'findingId');
  invariant(raised.findingId === c.findingId, 'sanction planned on another finding\'s state');
  const record: SanctionSagaStep = {
    aggregate: 'finding',
    stream: findingStream(c.findingId),
    command: { type: 'RecordSanction', findingId: c.findingId, sanctionId: c.sanctionId, step: c.step, trigger: c.trigger, reason: c.reason, on: c.on },
  };
  const prior = state.sanctions.get(c.sanctionId);
  if (prior) return { steps: [record], compensation: [] };
  if (state.status === 'withdrawn') return wrongStatus(state, ['open', 'rectification_submitted', 'verified', 'closed']);
  if (compareBusinessDates(c.on, raised.raisedOn) < 0) return reject('finding.sanction_before_finding', `the finding was raised on ${raised.raisedOn}`, 'on');
  const reference = `问题台账 ${raised.number} (finding ${raised.findingId})`.slice(0, 200);
  const sanction: SanctionSagaStep = { aggregate: 'institution', stream: institutionStream(raised.institutionId), command: institutionCommand(c, reference) };
  return { steps: [sanction, record], compensation: [] };
}

/**
 * The sanction a missed rectification deadline leads to under `rules` *(local)*, as of
 * `asOf` (an ISO instant), or undefined when none is due. Only a finding still OPEN past
 * its deadline is sanctioned: one whose rectification awaits verification, or was
 * verified, is not — the wait is then the inspectors', not the unit's. The sanction id is
 * derived from the deadline, so a daily sweep issues it once per deadline (an approved
 * extension gives a new deadline and, if that passes too, a new sanction).
 */
export function overdueSanction(state: FindingState, asOf: string, rules: InspectionRules): IssueSanction | undefined {
  const today = businessDateOf(asOf); // InvalidInstantError (typed) for a malformed asOf
  const step = rules.overdueRectificationSanction;
  if (step === 'none' || state.status !== 'open' || state.raised === null || state.deadlineOn === null) return undefined;
  if (!isPastDeadline({ lastDay: state.deadlineOn, endsAt: endOfBusinessDay(state.deadlineOn) }, asOf)) return undefined;
  const sanctionId = `overdue-${state.deadlineOn}`;
  if (state.sanctions.has(sanctionId)) return undefined;
  const reason = `整改逾期: rectification of finding ${state.raised.number} was due by ${state.deadlineOn}`;
  const base = { type: 'IssueSanction' as const, findingId: state.raised.findingId, sanctionId, trigger: 'overdue' as const, on: today, reason };
  return step === 'interview' ? { ...base, step: 'interview' } : { ...base, step: 'delist' };
}
