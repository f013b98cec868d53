import type { InstitutionEvent } from '../../../src/domain/institution/events.ts';

/** A registered institution (a real, public-domain credit code from GB 32100's examples in domain.md). */
export const registered: InstitutionEvent = {
  type: 'InstitutionRegistered',
  data: {
    creditCode: '91350100M000100Y43',
    licenceNumber: '人社民3601002000123号',
    name: '南昌市某职业培训学校',
    address: '南昌市红谷滩区某路 1 号',
    nature: 'private',
    regionCode: '360100',
    occupations: ['4-03-02-01', '6-31-01-03'],
    creditGrade: 'B',
    registeredOn: '2025-01-02',
  },
};

export const listed: InstitutionEvent = { type: 'InstitutionListed', data: { listedOn: '2025-02-01', reason: 'approved for the catalogue' } };

export const suspended: InstitutionEvent = {
  type: 'InstitutionSuspended',
  data: { from: '2025-06-01', to: '2025-08-31', reason: 'proxy signatures found', reference: 'finding-17' },
};

export const delisted: InstitutionEvent = { type: 'InstitutionDelisted', data: { on: '2025-09-01', reason: 'rectification deadline missed' } };

export const blacklistedWithTerm: InstitutionEvent = {
  type: 'InstitutionBlacklisted',
  data: { from: '2025-10-01', until: '2028-09-30', reason: 'fake trainees', reference: 'finding-23' },
};

export const blacklistedForever: InstitutionEvent = { type: 'InstitutionBlacklisted', data: { from: '2025-10-01', reason: 'fake trainees' } };

export const revoked: InstitutionEvent = { type: 'InstitutionLicenceRevoked', data: { on: '2025-11-01', reason: 'licence revoked by the licensing office' } };
