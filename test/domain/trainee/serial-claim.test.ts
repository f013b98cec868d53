import t from 'tap';
import { serialClaimDecider } from '../../../src/domain/trainee/serial-claim.ts';
import { parseClaimCertificateSerial } from '../../../src/domain/trainee/commands.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';

const a = 'p_AAAAAAAAAAAAAAAAAAAAAA';
const b = 'p_BBBBBBBBBBBBBBBBBBBBBB';
const claimed = { type: 'CertificateSerialClaimed' as const, data: { serialNumber: 'S0001', personRef: a } };

t.test('an unclaimed serial is claimed', async (t) => {
  spec(t, serialClaimDecider).given([]).when({ type: 'ClaimCertificateSerial', serialNumber: 'S0001', personRef: a }).then([claimed]);
});
t.test('a serial claimed by another person is refused', async (t) => {
  spec(t, serialClaimDecider).given([claimed]).when({ type: 'ClaimCertificateSerial', serialNumber: 'S0001', personRef: b }).thenRejects('certificate.serial_taken', 'serialNumber');
});
t.test('the same person claiming again writes nothing (a retry after a crash)', async (t) => {
  spec(t, serialClaimDecider).given([claimed]).when({ type: 'ClaimCertificateSerial', serialNumber: 'S0001', personRef: a }).then([]);
});
t.test('serials are compared normalised', async (t) => {
  const c = parseClaimCertificateSerial({ type: 'ClaimCertificateSerial', serialNumber: ' s0001 ', personRef: a });
  if (isRejection(c)) return t.fail(c.message);
  t.equal(c.serialNumber, 'S0001');
});
t.test('a malformed claim names the field', async (t) => {
  const r = parseClaimCertificateSerial({ type: 'ClaimCertificateSerial', serialNumber: 'S0001', personRef: '360426199101010071' });
  if (!isRejection(r)) return t.fail('expected a rejection');
  t.equal(r.code, 'certificate.invalid_command');
  t.equal(r.field, 'personRef');
});
