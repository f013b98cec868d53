import t, { type Test } from 'tap';
import { isRejection } from '../../../src/domain/decider.ts';
import { parseRecoveryOrderCommand, type RecoveryOrderCommand } from '../../../src/domain/recovery-order/commands.ts';
import { recoveryOrderDecider } from '../../../src/domain/recovery-order/decider.ts';
import { RecoveryOrderEventSchemas, type RecoveryOrderEvent } from '../../../src/domain/recovery-order/events.ts';
import { outstandingFen } from '../../../src/domain/recovery-order/state.ts';
import { withKeysSorted } from '../keys-reordered.ts';
import { spec } from '../spec.ts';
import { ctx, decider, FUND, issueCommand, issued, ORDER, recordCommand, recorded } from './fixtures.ts';

const when = (t: Test, given: readonly RecoveryOrderEvent[], command: RecoveryOrderCommand, d = decider) => spec(t, d).given(given).when(command);

t.test('issuing an order', async (t) => {
  t.test('lines per payment the finding names, in total at most the amount involved', async (t) => {
    const s = when(t, [], issueCommand).then([issued]);
    t.equal(s.status, 'open');
    t.equal(outstandingFen(s), 270_000);
    when(t, [issued], issueCommand).then([]);
    when(t, [issued], { ...issueCommand, documentRef: '另一文号' }).thenRejects('recovery.already_issued', 'orderId');
  });
  t.test('a repeat is recognised whatever order the stored event keeps its keys in', async (t) => {
    // Before: compared as JSON text, so the event read back from the store (keys in another
    // order) never matched its own command, and every retry was recovery.already_issued.
    const stored = { ...issued, data: withKeysSorted(issued.data) } as RecoveryOrderEvent;
    t.not(JSON.stringify(stored.data), JSON.stringify(issued.data), 'control: the keys are in another order');
    when(t, [stored], issueCommand).then([]);
    when(t, [stored], { ...issueCommand, documentRef: '另一文号' }).thenRejects('recovery.already_issued', 'orderId');
  });
  t.test('the finding must exist and be active', async (t) => {
    when(t, [], issueCommand, recoveryOrderDecider({})).thenRejects('recovery.unknown_finding', 'findingId');
    when(t, [], { ...issueCommand, findingId: 'F-OTHER' }).thenRejects('recovery.unknown_finding', 'findingId');
    for (const status of ['withdrawn', 'closed'] as const) {
      when(t, [], issueCommand, recoveryOrderDecider({ finding: { ...ctx.finding!, status } })).thenRejects('recovery.finding_not_active', 'findingId');
    }
  });
  t.test('a payment the finding does not name is refused, with the line named', async (t) => {
    const lines = [...issueCommand.lines, { fundId: FUND, paymentId: 'PAY-9', applicationId: 'APP-9', amountFen: 1 }];
    when(t, [], { ...issueCommand, lines }).thenRejects('recovery.payment_not_in_finding', 'lines.2.paymentId');
  });
  t.test('more than the finding involves is refused', async (t) => {
    const lines = [...issueCommand.lines, { fundId: FUND, paymentId: 'PAY-3', applicationId: 'APP-3', amountFen: 30_001 }];
    when(t, [], { ...issueCommand, lines }).thenRejects('recovery.exceeds_amount_involved', 'lines');
  });
  t.test('input: a payment twice, a zero line, a stray key', async (t) => {
    const dup = parseRecoveryOrderCommand({ ...issueCommand, lines: [issueCommand.lines[0], issueCommand.lines[0]] });
    t.match(dup, { code: 'recovery.invalid_command', field: 'lines' });
    const zero = parseRecoveryOrderCommand({ ...issueCommand, lines: [{ ...issueCommand.lines[0], amountFen: 0 }] });
    t.match(zero, { code: 'recovery.invalid_command', field: 'lines.0.amountFen' });
    t.match(parseRecoveryOrderCommand({ ...issueCommand, bankAccount: '6222021234567890123' }), { field: 'bankAccount' });
    t.notOk(isRejection(parseRecoveryOrderCommand(issueCommand)));
  });
  t.test('nothing before the order', async (t) => {
    when(t, [], recordCommand('R-1', 'PAY-1', 1)).thenRejects('recovery.not_issued', 'orderId');
  });
});

t.test('recoveries in part and in full', async (t) => {
  t.test('partial recoveries add up per line and per order', async (t) => {
    const r1 = recorded('R-1', 'PAY-1', 100_000, 100_000, 100_000);
    let s = when(t, [issued], recordCommand('R-1', 'PAY-1', 100_000)).then([r1]);
    t.equal(s.status, 'open');
    t.equal(outstandingFen(s), 170_000);
    const r2 = recorded('R-2', 'PAY-1', 50_000, 150_000, 150_000);
    s = when(t, [issued, r1], recordCommand('R-2', 'PAY-1', 50_000)).then([r2]);
    const r3 = recorded('R-3', 'PAY-2', 120_000, 120_000, 270_000);
    s = when(t, [issued, r1, r2], recordCommand('R-3', 'PAY-2', 120_000)).then([r3]);
    t.equal(s.status, 'fulfilled');
    t.equal(outstandingFen(s), 0);
  });
  t.test('never more than the line still lacks', async (t) => {
    const r1 = recorded('R-1', 'PAY-1', 100_000, 100_000, 100_000);
    when(t, [issued, r1], recordCommand('R-2', 'PAY-1', 50_001)).thenRejects('recovery.exceeds_ordered', 'amountFen');
    when(t, [issued], recordCommand('R-2', 'PAY-2', 120_001)).thenRejects('recovery.exceeds_ordered', 'amountFen');
  });
  t.test('a repeat decides nothing; the id reused differently is refused', async (t) => {
    const r1 = recorded('R-1', 'PAY-1', 100_000, 100_000, 100_000);
    when(t, [issued, r1], recordCommand('R-1', 'PAY-1', 100_000)).then([]);
    when(t, [issued, r1], recordCommand('R-1', 'PAY-1', 90_000)).thenRejects('recovery.recovery_id_conflict', 'recoveryId');
  });
  t.test('a payment off the order, or a date before it, is refused', async (t) => {
    when(t, [issued], recordCommand('R-1', 'PAY-3', 1)).thenRejects('recovery.unknown_line', 'paymentId');
    when(t, [issued], recordCommand('R-1', 'PAY-1', 1, '2026-03-01')).thenRejects('recovery.date_before_issue', 'recoveredOn');
  });
});

t.test('voiding (the saga compensation after the fund refused)', async (t) => {
  const r1 = recorded('R-1', 'PAY-1', 150_000, 150_000, 150_000);
  const r3 = recorded('R-3', 'PAY-2', 120_000, 120_000, 270_000);
  const voidCmd: RecoveryOrderCommand = { type: 'VoidOrderRecovery', orderId: ORDER, recoveryId: 'R-3', reasonCode: 'saga_compensation', voidedOn: '2026-03-05' };
  const voided: RecoveryOrderEvent = { type: 'RecoveryOrderRecoveryVoided', data: { recoveryId: 'R-3', paymentId: 'PAY-2', amountFen: 120_000, reasonCode: 'saga_compensation', voidedOn: '2026-03-05' } };
  const s = when(t, [issued, r1, r3], voidCmd).then([voided]);
  t.equal(s.status, 'open', 'a fulfilled order reopens');
  t.equal(outstandingFen(s), 120_000);
  t.equal(s.lines.get('PAY-2')?.recoveredFen, 0);
  when(t, [issued, r1, r3, voided], voidCmd).then([]);
  when(t, [issued, r1, r3, voided], recordCommand('R-3', 'PAY-2', 120_000)).thenRejects('recovery.recovery_id_conflict', 'recoveryId');
  when(t, [issued], voidCmd).thenRejects('recovery.unknown_recovery', 'recoveryId');
});

t.test('withdrawal: only while nothing came back', async (t) => {
  const withdraw: RecoveryOrderCommand = { type: 'WithdrawRecoveryOrder', orderId: ORDER, reason: '问题撤销', withdrawnBy: 'fin-1', withdrawnOn: '2026-03-03' };
  const withdrawn: RecoveryOrderEvent = { type: 'RecoveryOrderWithdrawn', data: { reason: '问题撤销', withdrawnBy: 'fin-1', withdrawnOn: '2026-03-03' } };
  const s = when(t, [issued], withdraw).then([withdrawn]);
  t.equal(s.status, 'withdrawn');
  when(t, [issued, withdrawn], withdraw).then([]);
  when(t, [issued, withdrawn], recordCommand('R-1', 'PAY-1', 1)).thenRejects('recovery.withdrawn', 'orderId');
  when(t, [issued, recorded('R-1', 'PAY-1', 1, 1, 1)], withdraw).thenRejects('recovery.has_recoveries', 'orderId');
});

t.test('the events pass their schemas', async (t) => {
  for (const e of [issued, recorded('R-1', 'PAY-1', 1, 1, 1)]) t.ok(RecoveryOrderEventSchemas[e.type].safeParse(e.data).success, e.type);
});

t.test('a step dated after the request\'s day is recovery.date_in_future naming its date', async (t) => {
  // Before: the recovery-order decider had no day; an order, a recovery or a withdrawal could be dated tomorrow.
  const onDay = (today: string) => recoveryOrderDecider({ ...ctx, today });
  when(t, [], issueCommand, onDay('2000-01-01')).thenRejects('recovery.date_in_future', 'issuedOn');
  when(t, [issued], recordCommand('R-1', 'PAY-1', 1), onDay('2000-01-01')).thenRejects('recovery.date_in_future', 'recoveredOn');
  when(t, [], issueCommand, onDay(issueCommand.issuedOn)).then([issued]);
});
