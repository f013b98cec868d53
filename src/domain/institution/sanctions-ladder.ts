/**
 * The sanctions ladder of domain.md (约谈 → 整改函 → 停业整顿 → 移出目录 → 黑名单 →
 * 吊销许可) and the way back, as ONE table: for each status an institution can be in on
 * a step's effective date, what each step does. The decider reads nothing else to know
 * whether a step is allowed, and the property test checks random sequences against it.
 *
 * The ladder orders severity; it is not a sequence to walk rung by rung. A serious
 * finding (fake trainees, diversion of funds) may go straight to delisting, blacklisting
 * or revocation, so any harsher step is allowed from any status that is not final.
 *
 * | status on the date | list           | suspend   | lift      | delist    | blacklist | unblacklist          | revoke  | interview, notice |
 * |--------------------|----------------|-----------|-----------|-----------|-----------|----------------------|---------|-------------------|
 * | unlisted           | → listed       | ✗ not_listed | ✗ not_suspended | ✗ not_listed | → blacklisted | ✗ not_blacklisted | → revoked | recorded |
 * | listed             | ✗ already_listed | → suspended | ✗ not_suspended | → delisted | → blacklisted | ✗ not_blacklisted | → revoked | recorded |
 * | suspended          | ✗ already_listed | ✗ already_suspended | → listed | → delisted | → blacklisted | ✗ not_blacklisted | → revoked | recorded |
 * | delisted           | → listed, after review | ✗ not_listed | ✗ not_suspended | ✗ already_delisted | → blacklisted | ✗ not_blacklisted | → revoked | recorded |
 * | blacklisted        | ✗ blacklisted  | ✗ blacklisted | ✗ not_suspended | ✗ blacklisted | ✗ already_blacklisted | → delisted, after the term | → revoked | recorded |
 * | revoked            | ✗ licence_revoked: final, nothing more is recorded                                                                     |
 *
 * Reinstatement, where the ladder allows it:
 * - a suspension ends by itself after its `to` date (back to listed), or is lifted early;
 * - a delisted institution is listed again only with the reference of a review (复核);
 * - a blacklisting with a term is removed only on a date after the term, and leads to
 *   delisted (re-listing then needs a review); a blacklisting without a term is permanent;
 * - a revoked licence is final.
 */

export const INSTITUTION_STATUSES = ['unlisted', 'listed', 'suspended', 'delisted', 'blacklisted', 'revoked'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];

export const LADDER_STEPS = [
  'list',
  'suspend',
  'liftSuspension',
  'delist',
  'blacklist',
  'removeFromBlacklist',
  'revokeLicence',
  'interview',
  'rectificationNotice',
] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];

/** A further check the decider makes before an allowed step. */
export type LadderCondition = 'review' | 'term_ended';

export type Transition =
  | { readonly allowed: true; readonly to: InstitutionStatus; readonly condition?: LadderCondition }
  | { readonly allowed: false; readonly code: string };

const to = (status: InstitutionStatus, condition?: LadderCondition): Transition =>
  condition === undefined ? { allowed: true, to: status } : { allowed: true, to: status, condition };
const no = (reason: string): Transition => ({ allowed: false, code: `institution.${reason}` });

/** Records (interview, notice) leave the status as it is. */
function row(status: InstitutionStatus, steps: Omit<Record<LadderStep, Transition>, 'interview' | 'rectificationNotice'>): Record<LadderStep, Transition> {
  return { ...steps, interview: to(status), rectificationNotice: to(status) };
}

const REVOKED: Transition = no('licence_revoked');

export const SANCTIONS_LADDER: Readonly<Record<InstitutionStatus, Readonly<Record<LadderStep, Transition>>>> = {
  unlisted: row('unlisted', {
    list: to('listed'), suspend: no('not_listed'), liftSuspension: no('not_suspended'), delist: no('not_listed'),
    blacklist: to('blacklisted'), removeFromBlacklist: no('not_blacklisted'), revokeLicence: to('revoked'),
  }),
  listed: row('listed', {
    list: no('already_listed'), suspend: to('suspended'), liftSuspension: no('not_suspended'), delist: to('delisted'),
    blacklist: to('blacklisted'), removeFromBlacklist: no('not_blacklisted'), revokeLicence: to('revoked'),
  }),
  suspended: row('suspended', {
    list: no('already_listed'), suspend: no('already_suspended'), liftSuspension: to('listed'), delist: to('delisted'),
    blacklist: to('blacklisted'), removeFromBlacklist: no('not_blacklisted'), revokeLicence: to('revoked'),
  }),
  delisted: row('delisted', {
    list: to('listed', 'review'), suspend: no('not_listed'), liftSuspension: no('not_suspended'), delist: no('already_delisted'),
    blacklist: to('blacklisted'), removeFromBlacklist: no('not_blacklisted'), revokeLicence: to('revoked'),
  }),
  blacklisted: row('blacklisted', {
    list: no('blacklisted'), suspend: no('blacklisted'), liftSuspension: no('not_suspended'), delist: no('blacklisted'),
    blacklist: no('already_blacklisted'), removeFromBlacklist: to('delisted', 'term_ended'), revokeLicence: to('revoked'),
  }),
  revoked: {
    list: REVOKED, suspend: REVOKED, liftSuspension: REVOKED, delist: REVOKED, blacklist: REVOKED,
    removeFromBlacklist: REVOKED, revokeLicence: REVOKED, interview: REVOKED, rectificationNotice: REVOKED,
  },
};

/** Statuses from which an institution may run subsidised training. */
export function mayTrainInStatus(status: InstitutionStatus): boolean {
  return status === 'listed';
}
