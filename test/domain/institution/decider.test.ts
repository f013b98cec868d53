import t, { type Test } from 'tap';
import { institutionDecider } from '../../../src/domain/institution/decider.ts';
import type { InstitutionCommand } from '../../../src/domain/institution/commands.ts';
import type { InstitutionEvent } from '../../../src/domain/institution/events.ts';
import { spec } from '../spec.ts';
import { blacklistedForever, blacklistedWithTerm, delisted, listed, registered, revoked, suspended } from './fixtures.ts';

const when = (t: Test, given: InstitutionEvent[], c: InstitutionCommand) => spec(t, institutionDecider).given(given).when(c);

const register: InstitutionCommand = { type: 'RegisterInstitution', ...registered.data } as InstitutionCommand;

t.test('when nothing is registered', async (t) => {
  t.test('RegisterInstitution registers it', async (t) => {
    when(t, [], register).then([registered]);
  });
  const others: InstitutionCommand[] = [
    { type: 'ListInstitution', listedOn: '2025-02-01', reason: 'r' },
    { type: 'ChangeOccupations', occupations: ['4-03-02-01'], effectiveOn: '2025-02-01', reason: 'r' },
    { type: 'ChangeCreditGrade', creditGrade: 'A', effectiveOn: '2025-02-01', reason: 'r' },
    { type: 'InterviewInstitution', on: '2025-02-01', reason: 'r' },
    { type: 'SuspendInstitution', from: '2025-02-01', to: '2025-03-01', reason: 'r' },
    { type: 'RevokeLicence', on: '2025-02-01', reason: 'r' },
  ];
  for (const c of others) {
    t.test(`${c.type} is refused`, async (t) => {
      when(t, [], c).thenRejects('institution.not_registered');
    });
  }
});

t.test('when registered but not listed', async (t) => {
  t.test('RegisterInstitution again is refused', async (t) => {
    when(t, [registered], register).thenRejects('institution.already_registered', 'creditCode');
  });
  t.test('ListInstitution lists it', async (t) => {
    when(t, [registered], { type: 'ListInstitution', ...listed.data } as InstitutionCommand).then([listed]);
  });
  t.test('listing dated before registration is refused', async (t) => {
    when(t, [registered], { type: 'ListInstitution', listedOn: '2025-01-01', reason: 'r' }).thenRejects('institution.date_before_last_change', 'listedOn');
  });
  t.test('SuspendInstitution is refused: not listed', async (t) => {
    when(t, [registered], { type: 'SuspendInstitution', ...suspended.data } as InstitutionCommand).thenRejects('institution.not_listed', 'from');
  });
  t.test('DelistInstitution is refused: not listed', async (t) => {
    when(t, [registered], { type: 'DelistInstitution', ...delisted.data } as InstitutionCommand).thenRejects('institution.not_listed');
  });
  t.test('InterviewInstitution records an interview', async (t) => {
    when(t, [registered], { type: 'InterviewInstitution', on: '2025-01-10', reason: 'complaints', reference: 'finding-1' }).then([
      { type: 'InstitutionInterviewed', data: { on: '2025-01-10', reason: 'complaints', reference: 'finding-1' } },
    ]);
  });
  t.test('an interview dated before registration is refused', async (t) => {
    when(t, [registered], { type: 'InterviewInstitution', on: '2024-12-31', reason: 'r' }).thenRejects('institution.date_before_registration', 'on');
  });
  t.test('ChangeOccupations records the new set from its date', async (t) => {
    when(t, [registered], { type: 'ChangeOccupations', occupations: ['4-03-02-01'], effectiveOn: '2025-03-01', reason: 'scope reduced' }).then([
      { type: 'InstitutionOccupationsChanged', data: { occupations: ['4-03-02-01'], effectiveOn: '2025-03-01', reason: 'scope reduced' } },
    ]);
  });
  t.test('ChangeOccupations to the set in force is refused', async (t) => {
    when(t, [registered], { type: 'ChangeOccupations', occupations: ['4-03-02-01', '6-31-01-03'], effectiveOn: '2025-03-01', reason: 'r' }).thenRejects(
      'institution.no_change',
      'occupations',
    );
  });
  t.test('ChangeOccupations dated before the set in force is refused', async (t) => {
    when(t, [registered], { type: 'ChangeOccupations', occupations: ['4-03-02-01'], effectiveOn: '2025-01-01', reason: 'r' }).thenRejects(
      'institution.date_before_last_change',
      'effectiveOn',
    );
  });
  t.test('ChangeCreditGrade records the new grade', async (t) => {
    when(t, [registered], { type: 'ChangeCreditGrade', creditGrade: 'D', effectiveOn: '2025-04-01', reason: 'inspection results' }).then([
      { type: 'InstitutionCreditGradeChanged', data: { creditGrade: 'D', effectiveOn: '2025-04-01', reason: 'inspection results' } },
    ]);
  });
  t.test('ChangeCreditGrade to the grade in force is refused', async (t) => {
    when(t, [registered], { type: 'ChangeCreditGrade', creditGrade: 'B', effectiveOn: '2025-04-01', reason: 'r' }).thenRejects('institution.no_change', 'creditGrade');
  });
  t.test('ChangeCreditGrade dated before the grade in force is refused', async (t) => {
    when(t, [registered], { type: 'ChangeCreditGrade', creditGrade: 'A', effectiveOn: '2024-04-01', reason: 'r' }).thenRejects('institution.date_before_last_change', 'effectiveOn');
  });
});

t.test('when listed', async (t) => {
  const g = [registered, listed];
  t.test('ListInstitution again is refused', async (t) => {
    when(t, g, { type: 'ListInstitution', listedOn: '2025-03-01', reason: 'r' }).thenRejects('institution.already_listed');
  });
  t.test('IssueRectificationNotice records the notice and its deadline', async (t) => {
    const c: InstitutionCommand = { type: 'IssueRectificationNotice', on: '2025-03-01', deadline: '2025-03-31', reason: 'attendance gaps', reference: 'finding-5' };
    when(t, g, c).then([{ type: 'InstitutionRectificationNoticeIssued', data: { on: '2025-03-01', deadline: '2025-03-31', reason: 'attendance gaps', reference: 'finding-5' } }]);
  });
  t.test('a rectification deadline before the notice is refused', async (t) => {
    when(t, g, { type: 'IssueRectificationNotice', on: '2025-03-01', deadline: '2025-02-28', reason: 'r' }).thenRejects('institution.deadline_before_notice', 'deadline');
  });
  t.test('SuspendInstitution suspends it', async (t) => {
    when(t, g, { type: 'SuspendInstitution', ...suspended.data } as InstitutionCommand).then([suspended]);
  });
  t.test('a suspension ending before it starts is refused', async (t) => {
    when(t, g, { type: 'SuspendInstitution', from: '2025-06-01', to: '2025-05-31', reason: 'r' }).thenRejects('institution.period_ends_before_start', 'to');
  });
  t.test('a suspension dated before the listing is refused', async (t) => {
    when(t, g, { type: 'SuspendInstitution', from: '2025-01-15', to: '2025-05-31', reason: 'r' }).thenRejects('institution.date_before_last_change', 'from');
  });
  t.test('LiftSuspension is refused: not suspended', async (t) => {
    when(t, g, { type: 'LiftSuspension', on: '2025-06-15', reason: 'r' }).thenRejects('institution.not_suspended');
  });
  t.test('DelistInstitution delists it', async (t) => {
    when(t, g, { type: 'DelistInstitution', ...delisted.data } as InstitutionCommand).then([delisted]);
  });
  t.test('BlacklistInstitution blacklists it directly (a serious finding skips rungs)', async (t) => {
    when(t, g, { type: 'BlacklistInstitution', ...blacklistedWithTerm.data } as InstitutionCommand).then([blacklistedWithTerm]);
  });
  t.test('a blacklist term ending before it starts is refused', async (t) => {
    when(t, g, { type: 'BlacklistInstitution', from: '2025-10-01', until: '2025-09-30', reason: 'r' }).thenRejects('institution.period_ends_before_start', 'until');
  });
  t.test('RemoveFromBlacklist is refused: not blacklisted', async (t) => {
    when(t, g, { type: 'RemoveFromBlacklist', on: '2025-10-01', reason: 'r' }).thenRejects('institution.not_blacklisted');
  });
  t.test('RevokeLicence revokes it', async (t) => {
    when(t, g, { type: 'RevokeLicence', ...revoked.data } as InstitutionCommand).then([revoked]);
  });
});

t.test('when suspended', async (t) => {
  const g = [registered, listed, suspended];
  t.test('SuspendInstitution again within the period is refused', async (t) => {
    when(t, g, { type: 'SuspendInstitution', from: '2025-07-01', to: '2025-12-31', reason: 'r' }).thenRejects('institution.already_suspended');
  });
  t.test('a new suspension after the period ran out is allowed', async (t) => {
    const c: InstitutionCommand = { type: 'SuspendInstitution', from: '2025-09-01', to: '2025-09-30', reason: 'again' };
    when(t, g, c).then([{ type: 'InstitutionSuspended', data: { from: '2025-09-01', to: '2025-09-30', reason: 'again' } }]);
  });
  t.test('ListInstitution is refused: still listed', async (t) => {
    when(t, g, { type: 'ListInstitution', listedOn: '2025-07-01', reason: 'r' }).thenRejects('institution.already_listed');
  });
  t.test('LiftSuspension lifts it early', async (t) => {
    when(t, g, { type: 'LiftSuspension', on: '2025-07-15', reason: 'rectified and verified', reference: 'finding-17' }).then([
      { type: 'InstitutionSuspensionLifted', data: { on: '2025-07-15', reason: 'rectified and verified', reference: 'finding-17' } },
    ]);
  });
  t.test('LiftSuspension after the period ran out is refused', async (t) => {
    when(t, g, { type: 'LiftSuspension', on: '2025-09-01', reason: 'r' }).thenRejects('institution.not_suspended');
  });
  t.test('DelistInstitution during the suspension delists it', async (t) => {
    when(t, g, { type: 'DelistInstitution', on: '2025-07-01', reason: 'r' }).then([{ type: 'InstitutionDelisted', data: { on: '2025-07-01', reason: 'r' } }]);
  });
});

t.test('when delisted', async (t) => {
  const g = [registered, listed, suspended, delisted];
  t.test('re-listing without a review is refused', async (t) => {
    when(t, g, { type: 'ListInstitution', listedOn: '2025-12-01', reason: 'r' }).thenRejects('institution.relisting_requires_review', 'reviewRef');
  });
  t.test('re-listing after review lists it', async (t) => {
    const c: InstitutionCommand = { type: 'ListInstitution', listedOn: '2025-12-01', reason: 'rectified', reviewRef: 'review-2025-31' };
    when(t, g, c).then([{ type: 'InstitutionListed', data: { listedOn: '2025-12-01', reason: 'rectified', reviewRef: 'review-2025-31' } }]);
  });
  t.test('DelistInstitution again is refused', async (t) => {
    when(t, g, { type: 'DelistInstitution', on: '2025-12-01', reason: 'r' }).thenRejects('institution.already_delisted');
  });
  t.test('SuspendInstitution is refused: not listed', async (t) => {
    when(t, g, { type: 'SuspendInstitution', from: '2025-12-01', to: '2025-12-31', reason: 'r' }).thenRejects('institution.not_listed');
  });
  t.test('a step dated before the delisting is refused', async (t) => {
    when(t, g, { type: 'BlacklistInstitution', from: '2025-08-01', reason: 'r' }).thenRejects('institution.date_before_last_change', 'from');
  });
});

t.test('when blacklisted with a term', async (t) => {
  const g = [registered, listed, blacklistedWithTerm];
  t.test('ListInstitution is refused', async (t) => {
    when(t, g, { type: 'ListInstitution', listedOn: '2029-01-01', reason: 'r', reviewRef: 'x' }).thenRejects('institution.blacklisted');
  });
  t.test('SuspendInstitution is refused', async (t) => {
    when(t, g, { type: 'SuspendInstitution', from: '2025-12-01', to: '2025-12-31', reason: 'r' }).thenRejects('institution.blacklisted');
  });
  t.test('DelistInstitution is refused', async (t) => {
    when(t, g, { type: 'DelistInstitution', on: '2025-12-01', reason: 'r' }).thenRejects('institution.blacklisted');
  });
  t.test('BlacklistInstitution again is refused', async (t) => {
    when(t, g, { type: 'BlacklistInstitution', from: '2025-12-01', reason: 'r' }).thenRejects('institution.already_blacklisted');
  });
  t.test('removal on the last day of the term is refused', async (t) => {
    when(t, g, { type: 'RemoveFromBlacklist', on: '2028-09-30', reason: 'r' }).thenRejects('institution.blacklist_term_running', 'on');
  });
  t.test('removal after the term leaves it delisted', async (t) => {
    when(t, g, { type: 'RemoveFromBlacklist', on: '2028-10-01', reason: 'term served' }).then([
      { type: 'InstitutionRemovedFromBlacklist', data: { on: '2028-10-01', reason: 'term served' } },
    ]);
  });
  t.test('interviews are still recorded', async (t) => {
    when(t, g, { type: 'InterviewInstitution', on: '2026-01-05', reason: 'follow-up' }).then([{ type: 'InstitutionInterviewed', data: { on: '2026-01-05', reason: 'follow-up' } }]);
  });
  t.test('RevokeLicence revokes it', async (t) => {
    when(t, g, { type: 'RevokeLicence', ...revoked.data } as InstitutionCommand).then([revoked]);
  });
});

t.test('when blacklisted without a term', async (t) => {
  t.test('removal is refused: the blacklisting is permanent', async (t) => {
    when(t, [registered, listed, blacklistedForever], { type: 'RemoveFromBlacklist', on: '2040-01-01', reason: 'r' }).thenRejects('institution.blacklist_permanent', 'on');
  });
});

t.test('when the licence is revoked, nothing more is recorded', async (t) => {
  const g = [registered, listed, revoked];
  const all: InstitutionCommand[] = [
    register,
    { type: 'ListInstitution', listedOn: '2026-01-01', reason: 'r', reviewRef: 'x' },
    { type: 'ChangeOccupations', occupations: ['4-03-02-01'], effectiveOn: '2026-01-01', reason: 'r' },
    { type: 'ChangeCreditGrade', creditGrade: 'A', effectiveOn: '2026-01-01', reason: 'r' },
    { type: 'InterviewInstitution', on: '2025-03-01', reason: 'r' },
    { type: 'IssueRectificationNotice', on: '2026-01-01', deadline: '2026-02-01', reason: 'r' },
    { type: 'SuspendInstitution', from: '2026-01-01', to: '2026-02-01', reason: 'r' },
    { type: 'LiftSuspension', on: '2026-01-01', reason: 'r' },
    { type: 'DelistInstitution', on: '2026-01-01', reason: 'r' },
    { type: 'BlacklistInstitution', from: '2026-01-01', reason: 'r' },
    { type: 'RemoveFromBlacklist', on: '2026-01-01', reason: 'r' },
    { type: 'RevokeLicence', on: '2026-01-01', reason: 'r' },
  ];
  for (const c of all) {
    t.test(`${c.type} is refused`, async (t) => {
      when(t, g, c).thenRejects(c.type === 'RegisterInstitution' ? 'institution.already_registered' : 'institution.licence_revoked');
    });
  }
});
