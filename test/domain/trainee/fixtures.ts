import type { TraineeCommandOf } from '../../../src/domain/trainee/commands.ts';
import type { TraineeEvent } from '../../../src/domain/trainee/events.ts';

/** What the app layer hands the domain for 360426199101010071 (a domain.md example), 张三. */
export const personRef = 'p_AAAAAAAAAAAAAAAAAAAAAA';
export const register: TraineeCommandOf<'RegisterTrainee'> = {
  type: 'RegisterTrainee',
  personRef,
  maskedId: '3604**********0071',
  maskedName: '张*',
  birthYear: 1991,
  category: 'rural_migrant_worker',
  socialSecurityCardMasked: '****4321',
  insurance: { months: 14, asOf: '2025-02-28' },
  registeredOn: '2025-03-01',
};
const { type: _t, ...registeredData } = register;
export const registered: TraineeEvent = { type: 'TraineeRegistered', data: registeredData as Extract<TraineeEvent, { type: 'TraineeRegistered' }>['data'] };

export const certificate: TraineeEvent = {
  type: 'CertificateRecorded',
  data: { serialNumber: 'S000036010001254000123', occupationCode: '6-31-01-03', level: 'intermediate', issuedOn: '2025-06-30', issuer: '江西省某职业技能等级认定机构' },
};
