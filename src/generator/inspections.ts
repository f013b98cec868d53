import type { Principal } from '../access/roles.ts';
import { loadInspectionPlan } from '../app/services/draws.ts';
import { closeFinding, raiseFinding, submitRectification, verifyRectification } from '../app/services/findings.ts';
import { attachEvidence, completeInspection, openInspection, publishInspectionResults, recordMatterChecked, recordSubjectResult } from '../app/services/inspections.ts';
import type { FindingCategory } from '../domain/finding/categories.ts';
import { MATTER_ID } from './setup.ts';
import { issueRecoveryOrder, recordOrderRecovery } from '../app/services/recovery-orders.ts';
import { ctx, people, type GenRun, type InstitutionPlan, type ReadyApplication } from './world.ts';

const CATEGORIES: readonly FindingCategory[] = ['hours_short', 'inflated_headcount', 'fake_trainees', 'over_standard_payment', 'other'];

function inspector(id: string): Principal {
  return { id, name: `Inspector ${id}`, role: 'inspector' };
}

function sha(seed: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let i = 0; out.length < 64; i++) {
    h = Math.imul(h ^ (seed.charCodeAt(i % seed.length) + i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

/**
 * The drawn institutions inspected by the teams the draw assigned: matters checked,
 * evidence attached, a finding raised for about two in three, results recorded and
 * published; most findings rectified, verified by the other inspector and closed, the rest
 * left open for the problem ledger. A finding naming paid payments gets a recovery order,
 * recovered in full.
 */
export async function runInspections(run: GenRun, planId: string, institutions: readonly InstitutionPlan[], paymentsOf: ReadonlyMap<string, readonly ReadyApplication[]>): Promise<void> {
  const plan = await loadInspectionPlan(run.deps, planId);
  if (!plan.exists || !plan.drawn?.ok) return;
  const byCode = new Map(institutions.map((i) => [i.creditCode, i]));
  const rng = run.rng.fork('inspections');
  for (const [n, assignment] of plan.drawn.outcome.assignments.entries()) {
    const inst = byCode.get(assignment.subjectId);
    if (!inst || assignment.inspectorIds.length < 2) continue;
    const [a, b] = assignment.inspectorIds.map(inspector) as [Principal, Principal];
    const inspectionId = `INSP-2026-${String(n + 1).padStart(3, '0')}`;
    const on = (p: Principal, day: string, what: string) => ctx(run, p, day, `${what}:${inspectionId}`);
    await openInspection(run.deps, on(a, '2026-04-20', 'open'), {
      inspectionId,
      basis: { kind: 'draw', drawId: planId, assignmentId: assignment.subjectId },
      institutionId: inst.creditCode,
      regionCode: inst.city,
      matterCodes: [MATTER_ID],
      inspectorIds: assignment.inspectorIds,
      startedOn: '2026-04-20',
    });
    run.stats.inspections += 1;
    await recordMatterChecked(run.deps, on(a, '2026-04-20', 'checked'), inspectionId, { matterCode: MATTER_ID, checkedOn: '2026-04-20' });
    const evidence = { sha256: sha(inspectionId), description: '签到表与监控记录比对' };
    await attachEvidence(run.deps, on(b, '2026-04-21', 'evidence'), inspectionId, { evidenceId: `EV-${n + 1}`, ...evidence, attachedOn: '2026-04-21' });
    const findingIds: string[] = [];
    if (rng.chance(0.67)) {
      const findingId = `F-2026-${String(n + 1).padStart(3, '0')}`;
      // Up to two payments the finding says were undue: a recovery order gets them back.
      const undue = (paymentsOf.get(inst.creditCode) ?? []).filter((p) => !p.recovered && p.amountFen > 0 && p.paymentId !== undefined).slice(0, 2);
      const undueFen = undue.reduce((sum, p) => sum + p.amountFen, 0);
      await raiseFinding(run.deps, on(a, '2026-04-21', 'finding'), {
        findingId,
        number: `赣人社查〔2026〕${n + 1}号-1`,
        inspectionId,
        category: rng.pick(CATEGORIES),
        description: '实际授课课时少于申报课时',
        institutionId: inst.creditCode,
        regionCode: inst.city,
        amountInvolvedFen: undueFen > 0 ? undueFen : rng.int(1, 20) * 10_000,
        ...(undue.length > 0 ? { applicationIds: undue.map((p) => p.applicationId), paymentIds: undue.map((p) => p.paymentId!) } : {}),
        responsibleUnit: '培训机构',
        responsiblePerson: { personRef: null, maskedName: '张*', role: '校长' },
        measuresRequired: '补足课时或退回补贴',
        deadlineWorkingDays: 20,
        noticeOn: '2026-04-21',
        raisedOn: '2026-04-21',
        evidence: [evidence],
      });
      findingIds.push(findingId);
      run.stats.findings += 1;
      if (undue.length > 0) await recoverByOrder(run, findingId, undue);
    }
    await recordSubjectResult(run.deps, on(a, '2026-04-22', 'result'), inspectionId, {
      subject: { kind: 'institution', id: inst.creditCode },
      outcome: findingIds.length > 0 ? 'findings' : 'no_problem',
      ...(findingIds.length > 0 ? { findingIds } : {}),
      evidenceIds: [`EV-${n + 1}`],
      recordedOn: '2026-04-22',
    });
    await completeInspection(run.deps, on(b, '2026-04-22', 'complete'), inspectionId, { endedOn: '2026-04-22' });
    await publishInspectionResults(run.deps, on(a, '2026-04-24', 'publish'), inspectionId, { publishedOn: '2026-04-24', publicationRef: `http://rst.jiangxi.example.gov.cn/sjgk/2026-${n + 1}` });
    for (const findingId of findingIds) if (rng.chance(0.5)) await rectify(run, findingId, inst, a, b);
  }
}

async function rectify(run: GenRun, findingId: string, inst: InstitutionPlan, a: Principal, b: Principal): Promise<void> {
  const on = (p: Principal, day: string, what: string) => ctx(run, p, day, `${what}:${findingId}`);
  await submitRectification(run.deps, on(people.cityRegistrar(inst.city), '2026-05-06', 'rectify'), findingId, {
    submissionId: `${findingId}-S1`,
    measuresTaken: '已补课 16 课时并退回多领补贴',
    evidence: [{ sha256: sha(`${findingId}-S1`), description: '补课签到表' }],
    submittedOn: '2026-05-06',
  });
  await verifyRectification(run.deps, on(b, '2026-05-08', 'verify'), findingId, { submissionId: `${findingId}-S1`, decision: 'accept', conclusion: '整改到位', verifiedOn: '2026-05-08' });
  await closeFinding(run.deps, on(a, '2026-05-11', 'close'), findingId, { closedOn: '2026-05-11' });
  run.stats.findingsClosed += 1;
}

/** 追回: an order for the undue payments of a finding, each recovered in full back to its fund. */
async function recoverByOrder(run: GenRun, findingId: string, undue: readonly ReadyApplication[]): Promise<void> {
  const orderId = `RO-${findingId}`;
  await issueRecoveryOrder(run.deps, ctx(run, people.finance, '2026-04-23', `order:${orderId}`), {
    orderId,
    findingId,
    documentRef: `赣人社追〔2026〕${findingId.slice(-3)}号`,
    lines: undue.map((p) => ({ fundId: p.fundId, paymentId: p.paymentId!, applicationId: p.applicationId, amountFen: p.amountFen })),
    issuedOn: '2026-04-23',
  });
  for (const p of undue) {
    await recordOrderRecovery(run.deps, ctx(run, people.finance, '2026-04-30', `order-recovery:${p.paymentId}`), orderId, {
      recoveryId: `ROR-${p.paymentId}`,
      paymentId: p.paymentId!,
      amountFen: p.amountFen,
      documentRef: '中国工商银行进账单',
      recoveredOn: '2026-04-30',
    });
    p.recovered = true;
  }
  run.stats.recoveryOrders += 1;
}
