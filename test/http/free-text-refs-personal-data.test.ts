import t from 'tap';
import { ConfirmApplicationPaymentSchema } from '../../src/domain/application/commands.ts';
import { ConfirmPaymentSchema, ReceiveAllocationSchema } from '../../src/domain/fund/commands.ts';
import { IssueRecoveryOrderSchema } from '../../src/domain/recovery-order/commands.ts';
import { PROBLEM, problemOf, testServer } from './helpers/test-server.ts';

// R1 items 1-2: documentRef, bankReference and a reveal's caseRef went into immutable,
// exported events unchecked, so an ID or account number typed there was stored for good.
const ID_NUMBER = '360102199003071236';
const ACCOUNT = '6222021234567890123';

function paths(r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  return r.success ? [] : (r.error?.issues ?? []).map((i) => i.path.join('.'));
}

t.test('command schemas refuse an ID or account number in documentRef and bankReference, and keep document numbers', async (t) => {
  const alloc = { type: 'ReceiveAllocation', fundId: 'f1', allocationId: 'a1', amountFen: 100, receivedOn: '2026-03-02' };
  for (const bad of [ID_NUMBER, `决定书 ${ID_NUMBER}`, ACCOUNT]) {
    t.same(paths(ReceiveAllocationSchema.safeParse({ ...alloc, documentRef: bad })), ['documentRef'], bad);
    t.same(paths(ConfirmPaymentSchema.safeParse({ type: 'ConfirmPayment', fundId: 'f1', paymentId: 'p1', bankReference: bad, confirmedOn: '2026-03-02' })), ['bankReference'], bad);
    t.same(paths(ConfirmApplicationPaymentSchema.safeParse({ type: 'ConfirmApplicationPayment', applicationId: 'x1', paymentId: 'p1', bankReference: bad, paidOn: '2026-03-02' })), ['bankReference'], bad);
    t.ok(paths(IssueRecoveryOrderSchema.safeParse({ type: 'IssueRecoveryOrder', orderId: 'o1', findingId: 'f1', documentRef: bad, lines: [] })).includes('documentRef'), bad);
  }
  t.ok(ReceiveAllocationSchema.safeParse({ ...alloc, documentRef: '赣财社〔2026〕12号' }).success);
  t.ok(ConfirmPaymentSchema.safeParse({ type: 'ConfirmPayment', fundId: 'f1', paymentId: 'p1', bankReference: 'ICBC-20260302-0042', confirmedOn: '2026-03-02' }).success);
});

t.test('HTTP: a documentRef or a caseRef holding an ID number is refused naming the field', async (t) => {
  const h = await testServer(t);
  const alloc = await h.call({ method: 'POST', url: '/api/v1/funds/f1/allocations', as: 'finance', payload: { allocationId: 'a1', amountFen: 100, documentRef: `赣财社 ${ID_NUMBER}` } });
  t.equal(alloc.statusCode, 400, alloc.body);
  const pa = problemOf(t, alloc);
  t.equal(pa.type, PROBLEM('validation-failed'));
  t.same(pa.errors?.map((e) => e.path), ['body.documentRef']);
  const ref = 'p_' + 'A'.repeat(22);
  const reveal = await h.call({ method: 'GET', url: `/api/v1/trainees/${ref}?reveal=true&purpose=application_review&caseRef=application-${ID_NUMBER}`, as: 'reviewer' });
  t.equal(reveal.statusCode, 400, reveal.body);
  const pr = problemOf(t, reveal);
  t.match(pr.errors?.map((e) => e.path), [/caseRef$/]);
  t.equal((await h.store.readAll()).length, 0, 'nothing was appended');
});
