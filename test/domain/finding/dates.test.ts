import t from 'tap';
import type { FindingCommand } from '../../../src/domain/finding/commands.ts';
import { findingDecider } from '../../../src/domain/finding/decider.ts';
import type { FindingEvent } from '../../../src/domain/finding/events.ts';
import { parseIssueSanction, planSanction, type IssueSanction } from '../../../src/domain/finding/sanction-saga.ts';
import { evolveFinding, initialFindingState } from '../../../src/domain/finding/state.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';
import { ctx, decider, FINDING, raiseCommand, raised, submitCommand, submitted, verified, verifyCommand } from './fixtures.ts';

/**
 * Every date a finding command states is checked against the request's own day (the
 * server's business day, passed in as `today`). Before, the finding decider had no day:
 * a finding could be raised, its notice served, a rectification submitted, verified or
 * closed, an extension requested or decided, all as of tomorrow.
 */

const TODAY = '2026-02-26';
const TOMORROW = '2026-02-27';
const onDay = (today: string) => findingDecider({ ...ctx, today });

const requested: FindingEvent = {
  type: 'FindingDeadlineExtensionRequested',
  data: { extensionId: 'X-1', additionalWorkingDays: 3, reason: '节后人员未到岗', requestedBy: 'inst-user-1', requestedOn: '2026-02-20' },
};

const cases: [field: string, given: FindingEvent[], command: (on: string) => FindingCommand][] = [
  ['raisedOn', [], (on) => ({ ...raiseCommand, raisedOn: on, noticeOn: on })],
  ['noticeOn', [], (on) => ({ ...raiseCommand, noticeOn: on })],
  ['declaredOn', [raised], (on) => ({ type: 'DeclareRecusal', findingId: FINDING, inspectorId: 'insp-c', reason: '曾在该机构任职', declaredOn: on })],
  ['submittedOn', [raised], (on) => submitCommand('SUB-1', 'inst-user-1', on)],
  ['verifiedOn', [raised, submitted()], (on) => verifyCommand('insp-b', 'accept', 'SUB-1', on)],
  ['closedOn', [raised, submitted(), verified()], (on) => ({ type: 'CloseFinding', findingId: FINDING, closedBy: 'admin-1', closedOn: on })],
  ['requestedOn', [raised], (on) => ({ type: 'RequestDeadlineExtension', findingId: FINDING, extensionId: 'X-1', additionalWorkingDays: 3, reason: '节后人员未到岗', requestedBy: 'inst-user-1', requestedOn: on })],
  ['decidedOn', [raised, requested], (on) => ({ type: 'DecideDeadlineExtension', findingId: FINDING, extensionId: 'X-1', decision: 'approve', decidedBy: 'admin-1', reason: null, decidedOn: on })],
  ['withdrawnOn', [raised], (on) => ({ type: 'WithdrawFinding', findingId: FINDING, reason: '误立', withdrawnBy: 'admin-1', withdrawnOn: on })],
  ['on', [raised], (on) => ({ type: 'RecordSanction', findingId: FINDING, sanctionId: 'S-1', step: 'interview', trigger: 'finding', reason: '代签', on })],
];

t.test('a finding command dated after today is finding.date_in_future naming its date; dated today it is decided as before', async (t) => {
  for (const [field, given, command] of cases) {
    spec(t, onDay(TODAY)).given(given).when(command(TOMORROW)).thenRejects('finding.date_in_future', field);
    const d = onDay(TODAY);
    const onTheDay = d.decide(command(TODAY), given.reduce(d.evolve, d.initialState()));
    t.notOk(isRejection(onTheDay), `${field} dated today is accepted${isRejection(onTheDay) ? ` (got ${onTheDay.code})` : ''}`);
  }
});

t.test('a raise whose notice is served tomorrow is refused naming noticeOn: the deadline counts from the notice', async (t) => {
  spec(t, onDay('2026-02-09')).given([]).when(raiseCommand).thenRejects('finding.date_in_future', 'noticeOn');
  spec(t, onDay('2026-02-10')).given([]).when(raiseCommand).then([raised]);
});

t.test('without a day (a replay of a recorded history) the dates are judged as recorded', async (t) => {
  const decision = decider.decide({ ...raiseCommand, raisedOn: '2026-12-01', noticeOn: '2026-12-01' }, initialFindingState());
  t.notOk(isRejection(decision));
});

t.test('a sanction dated tomorrow is refused by the plan, before the institution step is planned', async (t) => {
  const c = parseIssueSanction({ type: 'IssueSanction', findingId: FINDING, sanctionId: 'S-1', step: 'suspend', to: '2026-06-30', on: TOMORROW, reason: '代签' });
  if (isRejection(c)) return t.fail(c.message);
  const state = [raised].reduce(evolveFinding, initialFindingState());
  const refused = planSanction(c, state, { today: TODAY });
  t.ok(isRejection(refused) && refused.code === 'finding.date_in_future' && refused.field === 'on', 'refused naming on');
  const onTheDay = planSanction({ ...c, on: TODAY } as IssueSanction, state, { today: TODAY });
  t.ok(!isRejection(onTheDay) && onTheDay.steps.length === 2, 'dated today: institution and finding steps, the suspension may end in the future');
});
