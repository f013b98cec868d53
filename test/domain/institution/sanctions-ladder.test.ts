import t from 'tap';
import fc from 'fast-check';
import { institutionDecider } from '../../../src/domain/institution/decider.ts';
import type { InstitutionCommand } from '../../../src/domain/institution/commands.ts';
import type { InstitutionEvent } from '../../../src/domain/institution/events.ts';
import { INSTITUTION_STATUSES, LADDER_STEPS, SANCTIONS_LADDER, type InstitutionStatus, type LadderStep } from '../../../src/domain/institution/sanctions-ladder.ts';
import { institutionStatusOn } from '../../../src/domain/institution/status-on.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { addDays, compareBusinessDates } from '../../../src/domain/calendar/business-date.ts';
import { registered } from './fixtures.ts';

t.test('the table covers every status and step, and revoked allows nothing', async (t) => {
  for (const status of INSTITUTION_STATUSES) for (const step of LADDER_STEPS) t.ok(SANCTIONS_LADDER[status][step], `${status} × ${step}`);
  for (const step of LADDER_STEPS) t.equal(SANCTIONS_LADDER.revoked[step].allowed, false);
});

t.test('no step leads from blacklisted or delisted straight back to listed without its condition', async (t) => {
  t.same(SANCTIONS_LADDER.blacklisted.list, { allowed: false, code: 'institution.blacklisted' });
  t.same(SANCTIONS_LADDER.delisted.list, { allowed: true, to: 'listed', condition: 'review' });
  t.same(SANCTIONS_LADDER.blacklisted.removeFromBlacklist, { allowed: true, to: 'delisted', condition: 'term_ended' });
});

const STEP_OF: Record<Exclude<InstitutionCommand['type'], 'RegisterInstitution' | 'ChangeOccupations' | 'ChangeCreditGrade'>, LadderStep> = {
  ListInstitution: 'list',
  InterviewInstitution: 'interview',
  IssueRectificationNotice: 'rectificationNotice',
  SuspendInstitution: 'suspend',
  LiftSuspension: 'liftSuspension',
  DelistInstitution: 'delist',
  BlacklistInstitution: 'blacklist',
  RemoveFromBlacklist: 'removeFromBlacklist',
  RevokeLicence: 'revokeLicence',
};

function effectiveDate(c: InstitutionCommand): string {
  switch (c.type) {
    case 'ListInstitution': return c.listedOn;
    case 'SuspendInstitution': case 'BlacklistInstitution': return c.from;
    case 'RegisterInstitution': return c.registeredOn;
    case 'ChangeOccupations': case 'ChangeCreditGrade': return c.effectiveOn;
    default: return c.on;
  }
}

/** Dates over four years from the registration, and every ladder command with random options. */
const day = fc.integer({ min: -5, max: 1500 }).map((n) => addDays('2025-01-02', n));
const reference = fc.option(fc.constant('finding-1'), { nil: undefined });
const command: fc.Arbitrary<InstitutionCommand> = fc.oneof(
  fc.record({ type: fc.constant('ListInstitution' as const), listedOn: day, reason: fc.constant('r'), reviewRef: reference }),
  fc.record({ type: fc.constant('InterviewInstitution' as const), on: day, reason: fc.constant('r') }),
  fc.record({ type: fc.constant('IssueRectificationNotice' as const), on: day, deadline: day, reason: fc.constant('r') }),
  fc.tuple(day, fc.integer({ min: -3, max: 200 })).map(([from, n]): InstitutionCommand => ({ type: 'SuspendInstitution', from, to: addDays(from, n), reason: 'r' })),
  fc.record({ type: fc.constant('LiftSuspension' as const), on: day, reason: fc.constant('r') }),
  fc.record({ type: fc.constant('DelistInstitution' as const), on: day, reason: fc.constant('r') }),
  fc
    .tuple(day, fc.option(fc.integer({ min: -3, max: 400 }), { nil: undefined }))
    .map(([from, n]): InstitutionCommand => (n === undefined ? { type: 'BlacklistInstitution', from, reason: 'r' } : { type: 'BlacklistInstitution', from, until: addDays(from, n), reason: 'r' })),
  fc.record({ type: fc.constant('RemoveFromBlacklist' as const), on: day, reason: fc.constant('r') }),
  fc.record({ type: fc.constant('RevokeLicence' as const), on: day, reason: fc.constant('r') }),
);

t.test('property: every accepted step is one the table allows, and lands where the table says', async (t) => {
  let accepted = 0;
  const reached = new Set<InstitutionStatus>();
  fc.assert(
    fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
      let s = institutionDecider.evolve(institutionDecider.initialState(), registered);
      let revokedAlready = false;
      for (const c of commands) {
        const date = effectiveDate(c);
        const before: InstitutionStatus = institutionStatusOn(s, date);
        const d = institutionDecider.decide(c, s);
        if (isRejection(d)) continue;
        accepted++;
        if (revokedAlready) return false; // revocation is final
        const step = STEP_OF[c.type as keyof typeof STEP_OF];
        const rule = SANCTIONS_LADDER[before][step];
        if (!rule.allowed) return false;
        for (const e of d as readonly InstitutionEvent[]) s = institutionDecider.evolve(s, e);
        const after = institutionStatusOn(s, date);
        if (after !== rule.to) return false;
        if (c.type === 'ListInstitution' && before === 'delisted' && c.reviewRef === undefined) return false;
        if (c.type === 'RemoveFromBlacklist') {
          const term = s.registered ? s.statusTimeline[s.statusTimeline.length - 2]?.until : undefined;
          if (term === undefined || compareBusinessDates(c.on, term) <= 0) return false;
        }
        reached.add(after);
        if (after === 'revoked') revokedAlready = true;
      }
      // The status timeline only ever moves forward in time.
      if (!s.registered) return false;
      for (let i = 1; i < s.statusTimeline.length; i++) {
        if (compareBusinessDates(s.statusTimeline[i - 1]!.from, s.statusTimeline[i]!.from) > 0) return false;
      }
      return true;
    }),
    { numRuns: 500 },
  );
  t.ok(accepted > 300, `random sequences reach the ladder (${accepted} steps accepted)`);
  t.same([...reached].sort(), [...INSTITUTION_STATUSES].sort(), 'every status is reached');
});

t.test('property: once blacklisted, an institution is never listed again without passing through delisted after its term', async (t) => {
  fc.assert(
    fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
      let s = institutionDecider.evolve(institutionDecider.initialState(), registered);
      for (const c of commands) {
        const d = institutionDecider.decide(c, s);
        if (!isRejection(d)) for (const e of d) s = institutionDecider.evolve(s, e);
      }
      if (!s.registered) return false;
      const tl = s.statusTimeline;
      for (let i = 1; i < tl.length; i++) {
        const prev = tl[i - 1]!;
        const cur = tl[i]!;
        if (prev.status === 'blacklisted' && cur.status !== 'delisted' && cur.status !== 'revoked') return false;
        if (prev.status === 'revoked') return false;
      }
      return true;
    }),
    { numRuns: 500 },
  );
});
