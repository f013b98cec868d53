import t from 'tap';
import type { InstitutionCommand } from '../../../src/domain/institution/commands.ts';
import { institutionDecider, institutionDeciderOn } from '../../../src/domain/institution/decider.ts';
import type { InstitutionEvent } from '../../../src/domain/institution/events.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';
import { blacklistedWithTerm, listed, registered, suspended } from './fixtures.ts';

/**
 * The date an institution command states for something done is checked against the
 * request's own day (the server's business day, passed in as `today`). Before, the
 * institution decider had no day: an institution could be registered, listed,
 * interviewed, delisted or its licence revoked as of tomorrow. Periods a decision may set
 * ahead (effectiveOn of occupations and grade, a suspension's or blacklisting's from)
 * stay free.
 */

const TODAY = '2026-12-01';
const TOMORROW = '2026-12-02';
const onDay = institutionDeciderOn({ today: TODAY });
const register: InstitutionCommand = { type: 'RegisterInstitution', ...registered.data } as InstitutionCommand;
const live = [registered, listed];
const suspendedNow = { ...suspended, data: { ...suspended.data, from: '2026-11-01', to: '2027-01-31' } } as InstitutionEvent;
const blacklistServed = { ...blacklistedWithTerm, data: { ...blacklistedWithTerm.data, from: '2026-01-01', until: '2026-11-30' } } as InstitutionEvent;

const cases: [field: string, given: InstitutionEvent[], command: (on: string) => InstitutionCommand][] = [
  ['registeredOn', [], (on) => ({ ...register, registeredOn: on }) as InstitutionCommand],
  ['listedOn', [registered], (on) => ({ type: 'ListInstitution', listedOn: on, reason: '评审通过' })],
  ['on', live, (on) => ({ type: 'InterviewInstitution', on, reason: '考勤异常' })],
  ['on', live, (on) => ({ type: 'IssueRectificationNotice', on, reason: '考勤异常', deadline: '2027-01-15' })],
  ['on', [...live, suspendedNow], (on) => ({ type: 'LiftSuspension', on, reason: '整改完成' })],
  ['on', live, (on) => ({ type: 'DelistInstitution', on, reason: '再次违规' })],
  ['on', [...live, blacklistServed], (on) => ({ type: 'RemoveFromBlacklist', on, reason: '期满' })],
  ['on', live, (on) => ({ type: 'RevokeLicence', on, reason: '吊销' })],
];

t.test('an institution command dated after today is institution.date_in_future naming its date; dated today it is decided as before', async (t) => {
  for (const [field, given, command] of cases) {
    const c = command(TOMORROW);
    spec(t, onDay).given(given).when(c).thenRejects('institution.date_in_future', field);
    const onTheDay = onDay.decide(command(TODAY), given.reduce(onDay.evolve, onDay.initialState()));
    t.notOk(isRejection(onTheDay), `${c.type} dated today is accepted${isRejection(onTheDay) ? ` (got ${onTheDay.code}: ${onTheDay.message})` : ''}`);
  }
});

t.test('a period a decision sets ahead is not refused for lying ahead', async (t) => {
  for (const c of [
    { type: 'SuspendInstitution', from: TOMORROW, to: '2027-01-31', reason: '逾期未整改' },
    { type: 'BlacklistInstitution', from: TOMORROW, until: '2027-12-31', reason: '虚假培训' },
    { type: 'ChangeCreditGrade', creditGrade: 'C', effectiveOn: '2027-01-01', reason: '年度评级' },
  ] as InstitutionCommand[]) {
    const decision = onDay.decide(c, live.reduce(onDay.evolve, onDay.initialState()));
    t.notOk(isRejection(decision) && decision.code === 'institution.date_in_future', `${c.type} starting after today is not date_in_future`);
  }
});

t.test('without a day (a fold or replay of a recorded history) the dates are judged as recorded', async (t) => {
  t.notOk(isRejection(institutionDecider.decide({ ...register, registeredOn: '2099-01-01' } as InstitutionCommand, institutionDecider.initialState())));
});
