import t from 'tap';
import { fundDecider, fundDeciderOn } from '../../../src/domain/fund/decider.ts';
import { parseFundCommand, type FundCommand } from '../../../src/domain/fund/commands.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import type { FundEvent } from '../../../src/domain/fund/events.ts';
import { spec } from '../spec.ts';
import { FUND, committed, confirmed, funded, instructed } from './fixtures.ts';

/**
 * Every date a fund command states is checked against the request's own day (the server's
 * business day, passed in as `today`). Before, the fund decider had no day at all: an
 * allocation, an adjustment, a payment, its confirmation, a bounce or a recovery could be
 * dated tomorrow.
 */

function cmd(input: Record<string, unknown>): FundCommand {
  const c = parseFundCommand({ fundId: FUND, ...input });
  if (isRejection(c)) throw new Error(`fixture command invalid: ${c.message}`);
  return c;
}

const TODAY = '2026-03-10';
const TOMORROW = '2026-03-11';
const committedFund = [...funded(200_000), committed('APP-1', 150_000)];
const inFlight = [...committedFund, instructed('P1', 'APP-1', 150_000)];
const confirmedFund = [...inFlight, confirmed('P1', 'APP-1', 150_000)];

const cases: [field: string, given: FundEvent[], command: (on: string) => Record<string, unknown>][] = [
  ['openedOn', [], (on) => ({ type: 'OpenFund', source: 'employment_subsidy', year: 2026, regionCode: '360100', openedOn: on })],
  ['receivedOn', funded(1), (on) => ({ type: 'ReceiveAllocation', allocationId: 'A2', amountFen: 1, documentRef: 'd', receivedOn: on })],
  ['adjustedOn', funded(1), (on) => ({ type: 'AdjustFund', adjustmentId: 'J1', amountFen: 1, reasonCode: 'correction', documentRef: 'd', adjustedOn: on })],
  ['committedOn', funded(200_000), (on) => ({ type: 'CommitFunds', applicationId: 'APP-1', subsidyKind: 'training', amountFen: 1, committedOn: on })],
  ['releasedOn', committedFund, (on) => ({ type: 'ReleaseCommitment', applicationId: 'APP-1', reasonCode: 'withdrawn', releasedOn: on })],
  ['instructedOn', committedFund, (on) => ({ type: 'InstructPayment', paymentId: 'P1', applicationId: 'APP-1', amountFen: 150_000, instructedOn: on })],
  ['confirmedOn', inFlight, (on) => ({ type: 'ConfirmPayment', paymentId: 'P1', confirmedOn: on })],
  ['bouncedOn', inFlight, (on) => ({ type: 'BouncePayment', paymentId: 'P1', reasonCode: 'bank.account_closed', bouncedOn: on })],
  ['recoveredOn', confirmedFund, (on) => ({ type: 'RecordRecovery', recoveryId: 'R1', paymentId: 'P1', amountFen: 100, documentRef: 'd', recoveredOn: on })],
];

t.test('a fund command dated after today is fund.date_in_future naming its date; dated today it is decided as before', async (t) => {
  for (const [field, given, command] of cases) {
    spec(t, fundDeciderOn({ today: TODAY })).given(given).when(cmd(command(TOMORROW))).thenRejects('fund.date_in_future', field);
    const d = fundDeciderOn({ today: TODAY });
    const onTheDay = d.decide(cmd(command(TODAY)), given.reduce(d.evolve, d.initialState()));
    t.notOk(isRejection(onTheDay), `${field} dated today is accepted${isRejection(onTheDay) ? ` (got ${onTheDay.code})` : ''}`);
  }
});

t.test('without a day (a replay of a recorded history) the dates are judged as recorded', async (t) => {
  const [, given, command] = cases.find(([f]) => f === 'instructedOn')!;
  const decision = fundDecider.decide(cmd(command('2027-01-01')), given.reduce(fundDecider.evolve, fundDecider.initialState()));
  t.notOk(isRejection(decision));
});
