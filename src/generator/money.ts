import { approveForPayment, loadApplicationInScope, submitApplication } from '../app/services/applications.ts';
import { bouncePayment, confirmPayment, instructPayment } from '../app/services/payments.ts';
import { recordRecovery } from '../app/services/recoveries.ts';
import { DAYS, ctx, people, type GenRun, type ReadyApplication } from './world.ts';

/**
 * The money of one fund, in one lane: every application it pays approved on it, instructed and paid (a few bounced and paid again), then the duplicate
 * claims and the recoveries. One lane per fund keeps its stream's order the same on
 * every run.
 */
export async function runFundMoney(run: GenRun, apps: readonly ReadyApplication[]): Promise<ReadyApplication[]> {
  const paid: ReadyApplication[] = [];
  for (const app of apps) paid.push({ ...app, ...(await pay(run, app)) });
  for (const app of paid) {
    const r = run.rng.fork(`after:${app.applicationId}`);
    if (r.chance(run.preset.fraud.duplicateClaim)) await duplicateClaim(run, app);
    if (r.chance(run.preset.business.recovery)) await recover(run, app);
  }
  return paid;
}

async function pay(run: GenRun, app: ReadyApplication): Promise<{ amountFen: number; paymentId: string }> {
  const d = run.deps;
  const id = app.applicationId;
  await approveForPayment(d, ctx(run, people.cityReviewer(app.city, 1), DAYS.approved, `approve:${id}`), id, { fundId: app.fundId, approvedOn: DAYS.approved });
  let paymentId = `P-${id}`;
  await instructPayment(d, ctx(run, people.finance, DAYS.instructed, `instruct:${paymentId}`), id, { paymentId, instructedOn: DAYS.instructed });
  let paidOn: string = DAYS.paid;
  if (run.rng.fork(`bounce:${id}`).chance(run.preset.business.bounce)) {
    await bouncePayment(d, ctx(run, people.finance, DAYS.bounced, `bounce:${paymentId}`), id, paymentId, { reasonCode: 'account_closed', bouncedOn: DAYS.bounced });
    run.stats.bounced += 1;
    paymentId = `P2-${id}`;
    await instructPayment(d, ctx(run, people.finance, DAYS.reinstructed, `instruct:${paymentId}`), id, { paymentId, instructedOn: DAYS.reinstructed });
    paidOn = DAYS.repaid;
  }
  await confirmPayment(d, ctx(run, people.finance, paidOn, `confirm:${paymentId}`), id, paymentId, { bankReference: `ICBC-${paymentId}`, paidOn });
  const state = await loadApplicationInScope(d, { principal: people.finance }, id);
  const amountFen = state?.submission?.amountFen ?? 0;
  run.stats.paid += 1;
  run.stats.paidFen += amountFen;
  return { amountFen, paymentId };
}

/** The same certificate claimed again under a new application id, after the first was paid. */
async function duplicateClaim(run: GenRun, app: ReadyApplication): Promise<void> {
  const applicationId = `D-${app.applicationId}`;
  await run.tally.attempt('duplicate_claim', () =>
    submitApplication(run.deps, ctx(run, people.cityRegistrar(app.city), DAYS.duplicate, `submit:${applicationId}`), {
      applicationId,
      subsidyKind: 'training',
      applicant: { kind: 'trainee' },
      personRef: app.personRef,
      certificateSerial: app.certificateSerial,
      classId: app.classId,
      submittedOn: DAYS.duplicate,
    }),
  );
}

/** Money paid and found undue later: recovered in full. */
async function recover(run: GenRun, app: ReadyApplication): Promise<void> {
  if (app.amountFen === 0) return;
  app.recovered = true;
  await recordRecovery(run.deps, ctx(run, people.finance, DAYS.recovered, `recover:${app.applicationId}`), app.applicationId, {
    recoveryId: `R-${app.applicationId}`,
    amountFen: app.amountFen,
    documentRef: '赣人社稽〔2026〕7号',
    recoveredOn: DAYS.recovered,
  });
  run.stats.recoveries += 1;
  run.stats.recoveredFen += app.amountFen;
}
