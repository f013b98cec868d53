import { parseBusinessDate } from '../calendar/business-date.ts';
import { assertNever, invariant, reject, type Decider, type Decision, type Rejection } from '../decider.ts';
import { quotaRuleOn, type PolicySet } from '../policy/policy-set.ts';
import type { QuotaRule } from '../policy/rules.ts';
import { PolicyNotInForceError } from '../policy/versioned.ts';
import type { ClaimCandidate } from './claim.ts';
import type { EntitlementCommand, EntitlementCommandOf } from './commands.ts';
import { checkEntitlement } from './eligibility.ts';
import type { EntitlementEvent } from './events.ts';
import { evolveEntitlement, initialEntitlementState, type EntitlementState } from './state.ts';

/**
 * A person's entitlement (`entitlement-{personRef}`) guards eligibility that spans
 * applications.
 *
 * Cross-aggregate race. Two applications of one person submitted in parallel are each
 * checked by the application decider against a snapshot of this stream, and both may
 * pass. What closes the race is this decider: the submission saga reserves the claim
 * HERE before it writes the application, appending with the expected revision of the
 * state it decided on. Of two racing reservations the second append fails with
 * WrongExpectedRevision; the runner folds the first one's claim and decides again, and
 * now the quota, the once-per-level rule or the one-subsidy-per-certificate rule refuses
 * it. The claim is released when the application is rejected or withdrawn and marked
 * paid when the bank confirms, so "reserved" claims count against every rule.
 *
 * Retries: reserving the same application again with the same facts decides nothing;
 * releasing a released claim or marking a paid claim paid again likewise.
 */

export interface EntitlementContext {
  readonly policy: PolicySet;
}

type Decide<T extends EntitlementCommand['type']> = (c: EntitlementCommandOf<T>, s: EntitlementState, ctx: EntitlementContext) => Decision<EntitlementEvent>;

export function decideEntitlement(command: EntitlementCommand, state: EntitlementState, ctx: EntitlementContext): Decision<EntitlementEvent> {
  invariant(state.personRef === null || state.personRef === command.personRef, 'entitlement command decided on another person\'s state');
  switch (command.type) {
    case 'ReserveClaim':
      return reserve(command, state, ctx);
    case 'ReleaseClaim':
      return release(command, state, ctx);
    case 'MarkClaimPaid':
      return markPaid(command, state, ctx);
    default:
      return assertNever(command);
  }
}

/** The quota rule in force on `date`, or a rejection when the policy data starts later. */
export function quotaOn(policy: PolicySet, date: string): QuotaRule | Rejection {
  try {
    return quotaRuleOn(policy, date).value;
  } catch (err) {
    if (err instanceof PolicyNotInForceError) return reject('entitlement.no_policy_in_force', err.message, 'reservedOn');
    throw err;
  }
}

const reserve: Decide<'ReserveClaim'> = (c, s, ctx) => {
  const { personRef, applicationId, subsidyKind, occupationCode, level, certificateSerial, shortageOccupation, reservedOn } = c;
  const year = parseBusinessDate(reservedOn).year;
  const candidate: ClaimCandidate = { applicationId, subsidyKind, occupationCode, level, certificateSerial, year, shortageOccupation };
  const prior = s.claims.get(applicationId);
  if (prior) {
    const same = prior.subsidyKind === subsidyKind && prior.occupationCode === occupationCode && prior.level === level && prior.certificateSerial === certificateSerial;
    if (same && prior.status !== 'released') return [];
    return reject('entitlement.claim_conflict', `application ${applicationId} already has a ${prior.status} claim`, 'applicationId');
  }
  const quota = quotaOn(ctx.policy, reservedOn);
  if ('rejected' in quota) return quota;
  const refused = checkEntitlement(s, candidate, quota);
  if (refused) return refused;
  return [{ type: 'EntitlementClaimReserved', data: { personRef, applicationId, subsidyKind, occupationCode, level, certificateSerial, year, shortageOccupation, reservedOn } }];
};

const release: Decide<'ReleaseClaim'> = (c, s) => {
  const claim = s.claims.get(c.applicationId);
  if (!claim) return reject('entitlement.claim_not_found', `no claim for application ${c.applicationId}`, 'applicationId');
  if (claim.status === 'released') return [];
  if (claim.status === 'paid') return reject('entitlement.claim_already_paid', `the claim of application ${c.applicationId} is paid and cannot be released`, 'applicationId');
  const { personRef, applicationId, reasonCode, releasedOn } = c;
  return [{ type: 'EntitlementClaimReleased', data: { personRef, applicationId, reasonCode, releasedOn } }];
};

const markPaid: Decide<'MarkClaimPaid'> = (c, s) => {
  const claim = s.claims.get(c.applicationId);
  if (!claim) return reject('entitlement.claim_not_found', `no claim for application ${c.applicationId}`, 'applicationId');
  if (claim.status === 'paid') return [];
  if (claim.status === 'released') return reject('entitlement.claim_released', `the claim of application ${c.applicationId} was released`, 'applicationId');
  const { personRef, applicationId, paymentId, paidOn } = c;
  return [{ type: 'EntitlementClaimPaid', data: { personRef, applicationId, paymentId, paidOn } }];
};

/** The decider for one command's context (the policy set the app layer loaded). */
export function entitlementDecider(ctx: EntitlementContext): Decider<EntitlementCommand, EntitlementState, EntitlementEvent> & { name: string } {
  return {
    name: 'entitlement',
    decide(command, state) {
      return decideEntitlement(command, state, ctx);
    },
    evolve: evolveEntitlement,
    initialState: initialEntitlementState,
  };
}

export function entitlementStream(personRef: string): string {
  return `entitlement-${personRef}`;
}
