import t from 'tap';
import { entitlementDecider } from '../../../src/domain/entitlement/decider.ts';
import { parseEntitlementCommand, type EntitlementCommand } from '../../../src/domain/entitlement/commands.ts';
import type { EntitlementEvent } from '../../../src/domain/entitlement/events.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { PERSON_REF_PATTERN } from '../../../src/domain/fund/schemas-common.ts';
import { PERSON_REF_PATTERN as VAULT_PERSON_REF_PATTERN } from '../../../src/pseudonym/format.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import { spec } from '../spec.ts';

const policy = loadPolicy();
const decider = entitlementDecider({ policy });
const person = 'p_q7Zr0kXb1mWc9yTfL2hN4w';
const ELECTRICIAN = '6-31-01-03';
const COOK = '4-03-02-01';

interface Claim {
  app: string;
  kind?: 'training' | 'skill_upgrade';
  occupation?: string;
  level?: string;
  cert?: string;
  on?: string;
  shortage?: boolean;
}

function reserveCmd(c: Claim): EntitlementCommand {
  const parsed = parseEntitlementCommand({
    type: 'ReserveClaim',
    personRef: person,
    applicationId: c.app,
    subsidyKind: c.kind ?? 'training',
    occupationCode: c.occupation ?? ELECTRICIAN,
    level: c.level ?? 'junior',
    certificateSerial: c.cert ?? `CERT-${c.app}`,
    shortageOccupation: c.shortage ?? false,
    reservedOn: c.on ?? '2026-03-02',
  });
  if (isRejection(parsed)) throw new Error(parsed.message);
  return parsed;
}

function reserved(c: Claim): EntitlementEvent {
  const cmd = reserveCmd(c);
  if (cmd.type !== 'ReserveClaim') throw new Error('unreachable');
  const { type: _type, ...rest } = cmd;
  return { type: 'EntitlementClaimReserved', data: { ...rest, year: Number(rest.reservedOn.slice(0, 4)) } };
}
const releasedEv = (app: string): EntitlementEvent => ({ type: 'EntitlementClaimReleased', data: { personRef: person, applicationId: app, reasonCode: 'rejected', releasedOn: '2026-03-20' } });
const paidEv = (app: string): EntitlementEvent => ({ type: 'EntitlementClaimPaid', data: { personRef: person, applicationId: app, paymentId: `PAY-${app}`, paidOn: '2026-04-01' } });
const releaseCmd = (app: string): EntitlementCommand => ({ type: 'ReleaseClaim', personRef: person, applicationId: app, reasonCode: 'rejected', releasedOn: '2026-03-20' });
const paidCmd = (app: string): EntitlementCommand => ({ type: 'MarkClaimPaid', personRef: person, applicationId: app, paymentId: `PAY-${app}`, paidOn: '2026-04-01' });

t.test('the personRef shape matches the pseudonym module (domain code may not import it)', async (t) => {
  t.equal(PERSON_REF_PATTERN.source, VAULT_PERSON_REF_PATTERN.source);
});

t.test('reserving a claim', async (t) => {
  t.test('a first claim is reserved, counted in the year of reservation', async (t) => {
    const s = spec(t, decider).given([]).when(reserveCmd({ app: 'APP-1' })).then([reserved({ app: 'APP-1' })]);
    t.equal(s.claims.get('APP-1')?.year, 2026);
  });
  t.test('the same reservation again is a retry', async (t) => {
    spec(t, decider).given([reserved({ app: 'APP-1' })]).when(reserveCmd({ app: 'APP-1' })).then([]);
  });
  t.test('the same application with other facts, or after release, is entitlement.claim_conflict', async (t) => {
    spec(t, decider).given([reserved({ app: 'APP-1' })]).when(reserveCmd({ app: 'APP-1', level: 'senior' })).thenRejects('entitlement.claim_conflict', 'applicationId');
    spec(t, decider).given([reserved({ app: 'APP-1' }), releasedEv('APP-1')]).when(reserveCmd({ app: 'APP-1' })).thenRejects('entitlement.claim_conflict');
  });
  t.test('no quota rule before the policy data starts: entitlement.no_policy_in_force', async (t) => {
    spec(t, decider).given([]).when(reserveCmd({ app: 'APP-1', on: '2015-06-01' })).thenRejects('entitlement.no_policy_in_force', 'reservedOn');
  });
});

t.test('yearly quota: 3 a year, training and skill-upgrade together', async (t) => {
  const three = [
    reserved({ app: 'A1', occupation: COOK, level: 'junior' }),
    reserved({ app: 'A2', occupation: ELECTRICIAN, level: 'junior' }),
    reserved({ app: 'A3', occupation: ELECTRICIAN, level: 'intermediate', kind: 'skill_upgrade', cert: 'CERT-3' }),
  ];
  t.test('a fourth in the same year is entitlement.yearly_quota_exceeded', async (t) => {
    spec(t, decider).given(three).when(reserveCmd({ app: 'A4', occupation: COOK, level: 'senior' })).thenRejects('entitlement.yearly_quota_exceeded', 'personRef');
  });
  t.test('paid claims count like reserved ones', async (t) => {
    spec(t, decider).given([...three, paidEv('A1'), paidEv('A2')]).when(reserveCmd({ app: 'A4', occupation: COOK, level: 'senior' })).thenRejects('entitlement.yearly_quota_exceeded');
  });
  t.test('a released claim frees its place', async (t) => {
    spec(t, decider).given([...three, releasedEv('A2')]).when(reserveCmd({ app: 'A4', occupation: COOK, level: 'senior' })).then([reserved({ app: 'A4', occupation: COOK, level: 'senior' })]);
  });
  t.test('the next calendar year starts afresh', async (t) => {
    spec(t, decider).given(three).when(reserveCmd({ app: 'A4', occupation: COOK, level: 'senior', on: '2027-01-04' })).then([reserved({ app: 'A4', occupation: COOK, level: 'senior', on: '2027-01-04' })]);
  });
});

t.test('skill-upgrade limit from 2025: 1 a year, 3 for a shortage occupation', async (t) => {
  const oneUpgrade = [reserved({ app: 'S1', kind: 'skill_upgrade', occupation: COOK, level: 'junior', on: '2025-05-06' })];
  t.test('a second one off the shortage list is entitlement.skill_upgrade_quota_exceeded', async (t) => {
    spec(t, decider).given(oneUpgrade).when(reserveCmd({ app: 'S2', kind: 'skill_upgrade', level: 'junior', on: '2025-06-02' })).thenRejects('entitlement.skill_upgrade_quota_exceeded', 'personRef');
  });
  t.test('a second one for a shortage occupation is allowed', async (t) => {
    const c = { app: 'S2', kind: 'skill_upgrade' as const, level: 'junior', on: '2025-06-02', shortage: true };
    spec(t, decider).given(oneUpgrade).when(reserveCmd(c)).then([reserved(c)]);
  });
  t.test('a training subsidy beside it is still allowed', async (t) => {
    const c = { app: 'T2', level: 'junior', on: '2025-06-02' };
    spec(t, decider).given(oneUpgrade).when(reserveCmd(c)).then([reserved(c)]);
  });
  t.test('before 2025 there was no separate limit', async (t) => {
    const c = { app: 'S2', kind: 'skill_upgrade' as const, level: 'junior', on: '2024-06-03' };
    spec(t, decider).given([reserved({ app: 'S1', kind: 'skill_upgrade', occupation: COOK, level: 'junior', on: '2024-05-06' })]).when(reserveCmd(c)).then([reserved(c)]);
  });
});

t.test('once per occupation and level, ever', async (t) => {
  t.test('the same occupation and level on another certificate, even years later, is entitlement.occupation_level_already_claimed', async (t) => {
    spec(t, decider).given([reserved({ app: 'A1', on: '2025-03-03' }), paidEv('A1')]).when(reserveCmd({ app: 'A2', cert: 'OTHER', on: '2026-03-02', kind: 'skill_upgrade' })).thenRejects('entitlement.occupation_level_already_claimed', 'certificate');
  });
  t.test('a merely reserved claim blocks too (two parallel applications)', async (t) => {
    spec(t, decider).given([reserved({ app: 'A1' })]).when(reserveCmd({ app: 'A2', cert: 'OTHER' })).thenRejects('entitlement.occupation_level_already_claimed');
  });
  t.test('after the first was released, allowed', async (t) => {
    spec(t, decider).given([reserved({ app: 'A1' }), releasedEv('A1')]).when(reserveCmd({ app: 'A2', cert: 'OTHER' })).then([reserved({ app: 'A2', cert: 'OTHER' })]);
  });
});

t.test('no lower level after a higher one was paid', async (t) => {
  t.test('junior after a paid senior is entitlement.lower_level_after_higher', async (t) => {
    spec(t, decider).given([reserved({ app: 'A1', level: 'senior' }), paidEv('A1')]).when(reserveCmd({ app: 'A2', level: 'junior' })).thenRejects('entitlement.lower_level_after_higher', 'certificate');
  });
  t.test('junior beside a senior only reserved is allowed', async (t) => {
    spec(t, decider).given([reserved({ app: 'A1', level: 'senior' })]).when(reserveCmd({ app: 'A2', level: 'junior' })).then([reserved({ app: 'A2', level: 'junior' })]);
  });
  t.test('a higher level after a lower one, or another occupation, is allowed', async (t) => {
    spec(t, decider).given([reserved({ app: 'A1', level: 'junior' }), paidEv('A1')]).when(reserveCmd({ app: 'A2', level: 'intermediate' })).then([reserved({ app: 'A2', level: 'intermediate' })]);
    spec(t, decider).given([reserved({ app: 'A1', level: 'senior' }), paidEv('A1')]).when(reserveCmd({ app: 'A2', level: 'junior', occupation: COOK })).then([reserved({ app: 'A2', level: 'junior', occupation: COOK })]);
  });
  t.test('ungraded certificates have no order', async (t) => {
    spec(t, decider).given([reserved({ app: 'A1', level: 'senior' }), paidEv('A1')]).when(reserveCmd({ app: 'A2', level: 'special_ability' })).then([reserved({ app: 'A2', level: 'special_ability' })]);
  });
});

t.test('one subsidy per certificate', async (t) => {
  t.test('a skill-upgrade claim for a certificate already claimed for training is entitlement.certificate_already_claimed', async (t) => {
    spec(t, decider).given([reserved({ app: 'A1', cert: 'C-77' })]).when(reserveCmd({ app: 'A2', cert: 'C-77', kind: 'skill_upgrade' })).thenRejects('entitlement.certificate_already_claimed', 'certificate');
  });
});

t.test('releasing a claim', async (t) => {
  t.test('a reserved claim is released; again is a retry', async (t) => {
    spec(t, decider).given([reserved({ app: 'A1' })]).when(releaseCmd('A1')).then([releasedEv('A1')]);
    spec(t, decider).given([reserved({ app: 'A1' }), releasedEv('A1')]).when(releaseCmd('A1')).then([]);
  });
  t.test('an unknown claim is entitlement.claim_not_found', async (t) => {
    spec(t, decider).given([]).when(releaseCmd('A1')).thenRejects('entitlement.claim_not_found', 'applicationId');
  });
  t.test('a paid claim is entitlement.claim_already_paid', async (t) => {
    spec(t, decider).given([reserved({ app: 'A1' }), paidEv('A1')]).when(releaseCmd('A1')).thenRejects('entitlement.claim_already_paid');
  });
});

t.test('marking a claim paid', async (t) => {
  t.test('a reserved claim is paid; again is a retry', async (t) => {
    spec(t, decider).given([reserved({ app: 'A1' })]).when(paidCmd('A1')).then([paidEv('A1')]);
    spec(t, decider).given([reserved({ app: 'A1' }), paidEv('A1')]).when(paidCmd('A1')).then([]);
  });
  t.test('an unknown claim is entitlement.claim_not_found', async (t) => {
    spec(t, decider).given([]).when(paidCmd('A1')).thenRejects('entitlement.claim_not_found');
  });
  t.test('a released claim is entitlement.claim_released', async (t) => {
    spec(t, decider).given([reserved({ app: 'A1' }), releasedEv('A1')]).when(paidCmd('A1')).thenRejects('entitlement.claim_released', 'applicationId');
  });
});

t.test('bad input names the field at fault', async (t) => {
  const base = { type: 'ReserveClaim', personRef: person, applicationId: 'A1', subsidyKind: 'training', occupationCode: ELECTRICIAN, level: 'junior', certificateSerial: 'CERT-1', shortageOccupation: false, reservedOn: '2026-03-02' };
  const cases: [Record<string, unknown>, string][] = [
    [{ ...base, personRef: '360426199101010071' }, 'personRef'],
    [{ ...base, level: 'master' }, 'level'],
    [{ ...base, occupationCode: 'electrician' }, 'occupationCode'],
    [{ ...base, certificateSerial: '360426199101010071' }, 'certificateSerial'],
    [{ ...base, reservedOn: '2026-13-01' }, 'reservedOn'],
    [{ ...base, name: '张三' }, 'name'],
  ];
  for (const [input, field] of cases) {
    const r = parseEntitlementCommand(input);
    t.ok(isRejection(r) && r.code === 'entitlement.invalid_command' && r.field === field, `${field} is named`);
    if (isRejection(r)) t.notMatch(r.message, /360426199101010071|张三/, 'the value is not echoed');
  }
});
