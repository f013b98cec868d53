import t from 'tap';
import { traineeDecider } from '../../../src/domain/trainee/decider.ts';
import type { TraineeCommand } from '../../../src/domain/trainee/commands.ts';
import type { TraineeEvent } from '../../../src/domain/trainee/events.ts';
import { categoryOn, certificateBySerial, insuranceOf } from '../../../src/domain/trainee/state.ts';
import { fold } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';
import { certificate, register, registered } from './fixtures.ts';

const recordCertificate: TraineeCommand = { type: 'RecordCertificate', ...certificate.data } as TraineeCommand;

t.test('when nobody is registered', async (t) => {
  t.test('RegisterTrainee registers the pseudonymised person', async (t) => {
    spec(t, traineeDecider).given([]).when(register).then([registered]);
  });
  t.test('a person certainly under 16 is refused', async (t) => {
    spec(t, traineeDecider).given([]).when({ ...register, birthYear: 2010 }).thenRejects('trainee.under_minimum_age', 'birthYear');
  });
  t.test('a person turning 16 in the registration year is let through (only the year is kept)', async (t) => {
    const c = { ...register, birthYear: 2009 } as TraineeCommand;
    const { type: _x, ...data } = c;
    spec(t, traineeDecider).given([]).when(c).then([{ type: 'TraineeRegistered', data } as TraineeEvent]);
  });
  t.test('a graduate without a graduation year is refused', async (t) => {
    spec(t, traineeDecider).given([]).when({ ...register, category: 'graduate_in_graduation_year' }).thenRejects('trainee.graduation_year_required', 'graduationYear');
  });
  t.test('a graduation year for another group is refused', async (t) => {
    spec(t, traineeDecider).given([]).when({ ...register, graduationYear: 2025 }).thenRejects('trainee.graduation_year_not_applicable', 'graduationYear');
  });
  const others: TraineeCommand[] = [
    { type: 'ChangeTraineeCategory', category: 'registered_unemployed', effectiveOn: '2025-04-01', reason: 'r' },
    { type: 'RecordInsurance', months: 20, asOf: '2025-04-01' },
    recordCertificate,
  ];
  for (const c of others) {
    t.test(`${c.type} is refused`, async (t) => {
      spec(t, traineeDecider).given([]).when(c).thenRejects('trainee.not_registered');
    });
  }
});

t.test('when registered', async (t) => {
  t.test('RegisterTrainee again is refused', async (t) => {
    spec(t, traineeDecider).given([registered]).when(register).thenRejects('trainee.already_registered', 'personRef');
  });
  t.test('ChangeTraineeCategory records the new category from its date', async (t) => {
    const c: TraineeCommand = { type: 'ChangeTraineeCategory', category: 'graduate_in_graduation_year', graduationYear: 2025, effectiveOn: '2025-06-01', reason: 'graduated' };
    const state = spec(t, traineeDecider).given([registered]).when(c).then([
      { type: 'TraineeCategoryChanged', data: { category: 'graduate_in_graduation_year', graduationYear: 2025, effectiveOn: '2025-06-01', reason: 'graduated' } },
    ]);
    t.match(categoryOn(state, '2025-05-31'), { category: 'rural_migrant_worker' });
    t.match(categoryOn(state, '2025-06-01'), { category: 'graduate_in_graduation_year', graduationYear: 2025 });
    t.equal(categoryOn(state, '2025-02-28'), undefined, 'nothing before registration');
  });
  t.test('a change to the category in force is refused', async (t) => {
    spec(t, traineeDecider)
      .given([registered])
      .when({ type: 'ChangeTraineeCategory', category: 'rural_migrant_worker', effectiveOn: '2025-06-01', reason: 'r' })
      .thenRejects('trainee.no_change', 'category');
  });
  t.test('a change dated before the category in force is refused', async (t) => {
    spec(t, traineeDecider)
      .given([registered])
      .when({ type: 'ChangeTraineeCategory', category: 'registered_unemployed', effectiveOn: '2025-02-01', reason: 'r' })
      .thenRejects('trainee.date_before_last_change', 'effectiveOn');
  });
  t.test('a change to the graduates group without a year is refused', async (t) => {
    spec(t, traineeDecider)
      .given([registered])
      .when({ type: 'ChangeTraineeCategory', category: 'graduate_in_graduation_year', effectiveOn: '2025-06-01', reason: 'r' })
      .thenRejects('trainee.graduation_year_required');
  });
  t.test('RecordInsurance records the newer figure', async (t) => {
    const state = spec(t, traineeDecider)
      .given([registered])
      .when({ type: 'RecordInsurance', months: 20, asOf: '2025-08-31' })
      .then([{ type: 'TraineeInsuranceRecorded', data: { months: 20, asOf: '2025-08-31' } }]);
    t.same(insuranceOf(state), { months: 20, asOf: '2025-08-31' });
  });
  t.test('an insurance figure older than the one recorded is refused', async (t) => {
    spec(t, traineeDecider).given([registered]).when({ type: 'RecordInsurance', months: 3, asOf: '2024-08-31' }).thenRejects('trainee.date_before_last_change', 'asOf');
  });
  t.test('RecordCertificate records it', async (t) => {
    const state = spec(t, traineeDecider).given([registered]).when(recordCertificate).then([certificate]);
    t.match(certificateBySerial(state, 'S000036010001254000123'), { level: 'intermediate' });
  });
  t.test('a certificate serial recorded twice is refused', async (t) => {
    spec(t, traineeDecider)
      .given([registered, certificate])
      .when({ ...recordCertificate, level: 'senior', issuedOn: '2026-01-10' } as TraineeCommand)
      .thenRejects('trainee.duplicate_certificate_serial', 'serialNumber');
  });
});

t.test('the folded state holds only the masked forms and the birth year', async (t) => {
  const s = fold(traineeDecider, [registered]);
  t.same(Object.keys(s).sort(), ['birthYear', 'categories', 'certificates', 'insurance', 'maskedId', 'maskedName', 'personRef', 'registered', 'registeredOn', 'socialSecurityCardMasked']);
});
