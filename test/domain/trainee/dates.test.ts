import t from 'tap';
import type { TraineeCommand } from '../../../src/domain/trainee/commands.ts';
import { traineeDecider, traineeDeciderOn } from '../../../src/domain/trainee/decider.ts';
import type { TraineeEvent } from '../../../src/domain/trainee/events.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';
import { certificate, register, registered } from './fixtures.ts';

/**
 * The date each trainee command states is checked against the request's own day (the
 * server's business day, passed in as `today`). Before, the trainee decider had no day: a
 * person could be registered, change category, have insured months counted or a
 * certificate recorded as of tomorrow.
 */

const TODAY = '2025-07-01';
const TOMORROW = '2025-07-02';

const cases: [field: string, given: TraineeEvent[], command: (on: string) => TraineeCommand][] = [
  ['registeredOn', [], (on) => ({ ...register, registeredOn: on })],
  ['effectiveOn', [registered], (on) => ({ type: 'ChangeTraineeCategory', category: 'registered_unemployed', effectiveOn: on, reason: '失业登记' })],
  ['asOf', [registered], (on) => ({ type: 'RecordInsurance', months: 18, asOf: on })],
  ['issuedOn', [registered], (on) => ({ type: 'RecordCertificate', ...certificate.data, issuedOn: on }) as TraineeCommand],
];

t.test('a trainee command dated after today is trainee.date_in_future naming its date; dated today it is decided as before', async (t) => {
  for (const [field, given, command] of cases) {
    spec(t, traineeDeciderOn({ today: TODAY })).given(given).when(command(TOMORROW)).thenRejects('trainee.date_in_future', field);
    const d = traineeDeciderOn({ today: TODAY });
    const onTheDay = d.decide(command(TODAY), given.reduce(d.evolve, d.initialState()));
    t.notOk(isRejection(onTheDay), `${field} dated today is accepted${isRejection(onTheDay) ? ` (got ${onTheDay.code})` : ''}`);
  }
});

t.test('without a day (a fold or replay of a recorded history) the dates are judged as recorded', async (t) => {
  t.notOk(isRejection(traineeDecider.decide({ ...register, registeredOn: '2099-01-01' }, traineeDecider.initialState())));
});
