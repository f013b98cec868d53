import t from 'tap';
import { recordCertificate } from '../../../src/app/services/trainees.ts';
import { COOK, ctxFor, givenTrainees, openTestApp, principals, rejectsWith } from './registry-fixtures.ts';

/**
 * A certificate is recorded in two steps: its serial is claimed on `certificate-{serial}`,
 * then the certificate is recorded on the trainee. One dated after the request's day must
 * be refused before the claim: refused by the trainee's step alone, the serial would be
 * taken by a certificate that was never recorded. (The fixed test clock is 2026-03-01.)
 */
t.test('a certificate issued tomorrow claims no serial and records nothing', async (t) => {
  const app = await openTestApp(t);
  const [ref] = await givenTrainees(app, 1);
  const registrar = ctxFor(principals.admin); // a trainee on no roster: the province sees them
  const serial = 'S-2026-0001';
  await rejectsWith(t, recordCertificate(app.deps, registrar, ref!, { serialNumber: serial, occupationCode: COOK.occupationCode, level: COOK.level, issuedOn: '2026-03-02', issuer: '江西省职业技能鉴定中心' }), 'trainee.date_in_future', 'issuedOn');
  t.equal((await app.rawStore.readStream(`certificate-${serial}`)).length, 0, 'the serial is not claimed');
  const recorded = await recordCertificate(app.deps, registrar, ref!, { serialNumber: serial, occupationCode: COOK.occupationCode, level: COOK.level, issuedOn: '2026-03-01', issuer: '江西省职业技能鉴定中心' });
  t.equal(recorded.steps.length, 2, 'dated today: claimed and recorded');
});
