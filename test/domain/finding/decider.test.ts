import t, { type Test } from 'tap';
import { parseFindingCommand, type FindingCommand } from '../../../src/domain/finding/commands.ts';
import { findingDecider } from '../../../src/domain/finding/decider.ts';
import { FindingEventSchemas, type FindingEvent } from '../../../src/domain/finding/events.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { withKeysSorted } from '../keys-reordered.ts';
import { spec } from '../spec.ts';
import { calendar, closed, ctx, decider, FINDING, raiseCommand, raised, rejected, submitCommand, submitted, verified, verifyCommand } from './fixtures.ts';

const when = (t: Test, given: readonly FindingEvent[], command: FindingCommand, d = decider) => spec(t, d).given(given).when(command);

t.test('raising a finding', async (t) => {
  t.test('the deadline counts working days from the notice, across the Spring Festival', async (t) => {
    const s = when(t, [], raiseCommand).then([raised]);
    t.equal(s.status, 'open');
    t.equal(s.deadlineOn, '2026-02-24');
  });
  t.test('a retry of the same raise decides nothing; another finding on the stream is refused', async (t) => {
    when(t, [raised], raiseCommand).then([]);
    when(t, [raised], { ...raiseCommand, number: '赣人社稽〔2026〕7号-2' }).thenRejects('finding.already_raised', 'findingId');
  });
  t.test('a retry is recognised whatever order the stored event keeps its keys in', async (t) => {
    // Before: compared as JSON text; read back from the store (keys in another order) the
    // event never matched its own command, so a retry after a restart was finding.already_raised.
    const stored = { ...raised, data: withKeysSorted(raised.data) } as FindingEvent;
    t.not(JSON.stringify(stored.data), JSON.stringify(raised.data), 'control: the keys are in another order');
    when(t, [stored], raiseCommand).then([]);
    when(t, [stored], { ...raiseCommand, number: '赣人社稽〔2026〕7号-2' }).thenRejects('finding.already_raised', 'findingId');
  });
  t.test('a notice before the finding is refused', async (t) => {
    when(t, [], { ...raiseCommand, noticeOn: '2026-02-06' }).thenRejects('finding.notice_before_raised', 'noticeOn');
  });
  t.test('a deadline the loaded calendar cannot count is refused, not guessed', async (t) => {
    when(t, [], { ...raiseCommand, raisedOn: '2026-12-20', noticeOn: '2026-12-21', deadlineWorkingDays: 20 }).thenRejects('finding.date_outside_calendar', 'noticeOn');
  });
  t.test('nothing else happens to a finding never raised', async (t) => {
    when(t, [], submitCommand()).thenRejects('finding.not_raised', 'findingId');
  });
});

t.test('command input keeps personal data out', async (t) => {
  const refused = (patch: Record<string, unknown>, field: string) => {
    const c = parseFindingCommand({ ...raiseCommand, ...patch });
    t.ok(isRejection(c) && c.code === 'finding.invalid_command' && c.field === field, `refused at ${field}`);
    if (isRejection(c)) t.notMatch(c.message, /张三|360426/, 'the message does not repeat the value');
  };
  refused({ responsiblePerson: { personRef: null, maskedName: '张三', role: null } }, 'responsiblePerson.maskedName');
  refused({ responsiblePerson: { personRef: '360426199101010071', maskedName: '张*', role: null } }, 'responsiblePerson.personRef');
  refused({ description: '学员 360426199101010071 由他人代签' }, 'description');
  refused({ responsiblePersonName: '张三' }, 'responsiblePersonName');
  refused({ category: 'fraud' }, 'category');
  refused({ amountInvolvedFen: 12.5 }, 'amountInvolvedFen');
  refused({ deadlineWorkingDays: 0 }, 'deadlineWorkingDays');
  refused({ paymentIds: ['PAY-1', 'PAY-1'] }, 'paymentIds');
  const ok = parseFindingCommand({ ...raiseCommand, responsiblePerson: { personRef: 'p_AAAAAAAAAAAAAAAAAAAAAA', maskedName: '欧阳**', role: null } });
  t.notOk(isRejection(ok), 'a pseudonym and a masked name are accepted');
});

t.test('when open', async (t) => {
  t.test('the unit submits a rectification on time, or late', async (t) => {
    const s = when(t, [raised], submitCommand()).then([submitted()]);
    t.equal(s.status, 'rectification_submitted');
    when(t, [raised], submitCommand('SUB-1', 'inst-user-1', '2026-02-25')).then([submitted('SUB-1', 'inst-user-1', '2026-02-25', false)]);
  });
  t.test('a submission before the notice is refused', async (t) => {
    when(t, [raised], submitCommand('SUB-1', 'inst-user-1', '2026-02-09')).thenRejects('finding.date_before_notice', 'submittedOn');
  });
  t.test('nothing to verify or close yet', async (t) => {
    when(t, [raised], verifyCommand('insp-b')).thenRejects('finding.wrong_status', 'findingId');
    when(t, [raised], { type: 'CloseFinding', findingId: FINDING, closedBy: 'admin-1', closedOn: '2026-02-26' }).thenRejects('finding.wrong_status', 'findingId');
  });
  t.test('an inspector declares a recusal once', async (t) => {
    const c: FindingCommand = { type: 'DeclareRecusal', findingId: FINDING, inspectorId: 'insp-c', reason: '曾在该机构任职', declaredOn: '2026-02-11' };
    const e: FindingEvent = { type: 'FindingInspectorRecused', data: { inspectorId: 'insp-c', reason: '曾在该机构任职', declaredOn: '2026-02-11' } };
    when(t, [raised], c).then([e]);
    when(t, [raised, e], c).then([]);
  });
});

t.test('when a rectification is submitted', async (t) => {
  const given = [raised, submitted()];
  t.test('another inspector verifies it', async (t) => {
    const s = when(t, given, verifyCommand('insp-b')).then([verified()]);
    t.equal(s.status, 'verified');
  });
  t.test('four eyes: the submitter cannot verify their own rectification', async (t) => {
    when(t, given, verifyCommand('inst-user-1')).thenRejects('finding.same_person', 'verifierId');
    when(t, given, verifyCommand('inst-user-1', 'reject')).thenRejects('finding.same_person', 'verifierId');
  });
  t.test('a recused inspector cannot verify: declared on the stream or known from the roster', async (t) => {
    const recusal: FindingEvent = { type: 'FindingInspectorRecused', data: { inspectorId: 'insp-c', reason: '亲属关系', declaredOn: '2026-02-11' } };
    when(t, [raised, recusal, submitted()], verifyCommand('insp-c')).thenRejects('finding.verifier_recused', 'verifierId');
    const rosterCtx = findingDecider({ ...ctx, recusedInspectorIds: new Set(['insp-d']) });
    when(t, given, verifyCommand('insp-d'), rosterCtx).thenRejects('finding.verifier_recused', 'verifierId');
    when(t, given, verifyCommand('insp-b'), rosterCtx).then([verified()]);
  });
  t.test('a rejection with reasons opens the finding again, for a new submission', async (t) => {
    const s = when(t, given, verifyCommand('insp-b', 'reject')).then([rejected()]);
    t.equal(s.status, 'open');
    when(t, [...given, rejected()], submitCommand('SUB-2', 'inst-user-1', '2026-02-26')).then([submitted('SUB-2', 'inst-user-1', '2026-02-26', false)]);
    when(t, [...given, rejected()], submitCommand('SUB-1', 'inst-user-1', '2026-02-13')).then([]);
    when(t, [...given, rejected()], submitCommand('SUB-1', 'inst-user-2', '2026-02-26')).thenRejects('finding.submission_id_conflict', 'submissionId');
  });
  t.test('only the pending submission is verified, never before it was made', async (t) => {
    when(t, given, verifyCommand('insp-b', 'accept', 'SUB-9')).thenRejects('finding.submission_mismatch', 'submissionId');
    when(t, given, verifyCommand('insp-b', 'accept', 'SUB-1', '2026-02-12')).thenRejects('finding.date_before_submission', 'verifiedOn');
  });
  t.test('a second submission while one is pending is refused; a repeat decides nothing', async (t) => {
    when(t, given, submitCommand('SUB-2')).thenRejects('finding.wrong_status', 'findingId');
    when(t, given, submitCommand()).then([]);
  });
  t.test('a verification is final: the same decision again decides nothing, another is refused', async (t) => {
    when(t, [...given, verified()], verifyCommand('insp-b')).then([]);
    when(t, [...given, verified()], verifyCommand('insp-b', 'reject')).thenRejects('finding.submission_mismatch', 'submissionId');
  });
});

t.test('when verified', async (t) => {
  const given = [raised, submitted(), verified()];
  const close: FindingCommand = { type: 'CloseFinding', findingId: FINDING, closedBy: 'admin-1', closedOn: '2026-02-26' };
  t.test('closed (销号) once nothing ordered back is outstanding', async (t) => {
    const s = when(t, given, close).then([closed]);
    t.equal(s.status, 'closed');
    when(t, [...given, closed], close).then([]);
  });
  t.test('not while money ordered back is outstanding', async (t) => {
    when(t, given, close, findingDecider({ calendar, outstandingRecoveryFen: 150_000 })).thenRejects('finding.recovery_outstanding', 'findingId');
  });
  t.test('not dated before the verification', async (t) => {
    when(t, given, { ...close, closedOn: '2026-02-24' }).thenRejects('finding.date_before_verification', 'closedOn');
  });
  t.test('no extension for a verified finding', async (t) => {
    when(t, given, { type: 'RequestDeadlineExtension', findingId: FINDING, extensionId: 'X-1', additionalWorkingDays: 3, reason: '节后人员未到岗', requestedBy: 'inst-user-1', requestedOn: '2026-02-25' }).thenRejects('finding.wrong_status', 'findingId');
  });
});

t.test('deadline extensions: a reason, and an approver other than the requester', async (t) => {
  const request: FindingCommand = { type: 'RequestDeadlineExtension', findingId: FINDING, extensionId: 'X-1', additionalWorkingDays: 3, reason: '节后人员未到岗', requestedBy: 'inst-user-1', requestedOn: '2026-02-20' };
  const requested: FindingEvent = { type: 'FindingDeadlineExtensionRequested', data: { extensionId: 'X-1', additionalWorkingDays: 3, reason: '节后人员未到岗', requestedBy: 'inst-user-1', requestedOn: '2026-02-20' } };
  const decide = (decision: 'approve' | 'refuse', decidedBy = 'admin-1', reason: string | null = null, decidedOn = '2026-02-24'): FindingCommand => ({ type: 'DecideDeadlineExtension', findingId: FINDING, extensionId: 'X-1', decision, decidedBy, reason, decidedOn });
  t.test('requested once; a second request waits for the first', async (t) => {
    when(t, [raised], request).then([requested]);
    when(t, [raised, requested], request).then([]);
    when(t, [raised, requested], { ...request, additionalWorkingDays: 5 }).thenRejects('finding.extension_id_conflict', 'extensionId');
    when(t, [raised, requested], { ...request, extensionId: 'X-2' }).thenRejects('finding.extension_pending', 'extensionId');
  });
  t.test('approval moves the deadline 3 working days past 02-24: 02-25, 02-26, 02-27', async (t) => {
    const extended: FindingEvent = { type: 'FindingDeadlineExtended', data: { extensionId: 'X-1', additionalWorkingDays: 3, previousDeadlineOn: '2026-02-24', deadlineOn: '2026-02-27', approvedBy: 'admin-1', approvedOn: '2026-02-24' } };
    const s = when(t, [raised, requested], decide('approve')).then([extended]);
    t.equal(s.deadlineOn, '2026-02-27');
    when(t, [raised, requested, extended], decide('approve')).then([]);
    when(t, [raised, requested, extended], decide('refuse', 'admin-1', '不予延期')).thenRejects('finding.extension_decided', 'decision');
  });
  t.test('the requester cannot approve their own extension', async (t) => {
    when(t, [raised, requested], decide('approve', 'inst-user-1')).thenRejects('finding.same_person', 'decidedBy');
  });
  t.test('a refusal states its reason and leaves the deadline', async (t) => {
    when(t, [raised, requested], decide('refuse')).thenRejects('finding.reason_required', 'reason');
    const refused: FindingEvent = { type: 'FindingDeadlineExtensionRefused', data: { extensionId: 'X-1', refusedBy: 'admin-1', reason: '理由不充分', refusedOn: '2026-02-24' } };
    const s = when(t, [raised, requested], decide('refuse', 'admin-1', '理由不充分')).then([refused]);
    t.equal(s.deadlineOn, '2026-02-24');
  });
  t.test('unknown, or decided before it was asked', async (t) => {
    when(t, [raised], decide('approve')).thenRejects('finding.unknown_extension', 'extensionId');
    when(t, [raised, requested], decide('approve', 'admin-1', null, '2026-02-19')).thenRejects('finding.date_before_request', 'decidedOn');
  });
});

t.test('withdrawal: by an event with a reason, never a deletion', async (t) => {
  const withdraw: FindingCommand = { type: 'WithdrawFinding', findingId: FINDING, reason: '误将他校班级记入', withdrawnBy: 'admin-1', withdrawnOn: '2026-02-12' };
  const withdrawn: FindingEvent = { type: 'FindingWithdrawn', data: { reason: '误将他校班级记入', withdrawnBy: 'admin-1', withdrawnOn: '2026-02-12' } };
  t.test('from open, or with a rectification pending', async (t) => {
    const s = when(t, [raised], withdraw).then([withdrawn]);
    t.equal(s.status, 'withdrawn');
    t.ok(s.raised, 'the finding itself stays on record');
    when(t, [raised, submitted()], withdraw).then([withdrawn]);
    when(t, [raised, withdrawn], withdraw).then([]);
  });
  t.test('a closed finding stays closed', async (t) => {
    when(t, [raised, submitted(), verified(), closed], withdraw).thenRejects('finding.already_closed', 'findingId');
  });
  t.test('a withdrawn finding takes no rectification', async (t) => {
    when(t, [raised, withdrawn], submitCommand()).thenRejects('finding.wrong_status', 'findingId');
  });
});

t.test('recording a sanction the institution stream decided', async (t) => {
  const c: FindingCommand = { type: 'RecordSanction', findingId: FINDING, sanctionId: 'S-1', step: 'interview', trigger: 'finding', reason: '约谈法定代表人', on: '2026-02-12' };
  const e: FindingEvent = { type: 'FindingSanctionRecorded', data: { sanctionId: 'S-1', step: 'interview', trigger: 'finding', reason: '约谈法定代表人', on: '2026-02-12' } };
  when(t, [raised], c).then([e]);
  when(t, [raised, e], c).then([]);
  when(t, [raised, e], { ...c, step: 'delist' }).thenRejects('finding.sanction_id_conflict', 'sanctionId');
});

t.test('every event in these specs passes its schema', async (t) => {
  for (const e of [raised, submitted(), verified(), rejected(), closed]) {
    const r = FindingEventSchemas[e.type].safeParse(e.data);
    t.ok(r.success, `${e.type} ${r.success ? '' : r.error.message}`);
  }
});
