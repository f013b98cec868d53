import { approveClassOpening, completeClass, recordAttendanceSession, requestClassOpening } from '../app/services/classes.ts';
import { finalReview, initialReview, startPublicity, submitApplication } from '../app/services/applications.ts';
import { recordCertificate, registerTrainee } from '../app/services/trainees.ts';
import type { CertificateLevel } from '../domain/policy/certificate-level.ts';
import { withWrongCheckChar } from './identities.ts';
import type { TraineeFactory } from './trainee-factory.ts';
import { DAYS, LEVEL_ABOVE, LEVELS, ctx, fundIdOf, people, type ClassPlan, type GenRun, type InstitutionPlan, type ReadyApplication, type TraineePlan } from './world.ts';

/** Where each class of the run is held and how many it trains, in planning order: no draws, so it can be counted before any plan is made. */
export function* classSlots(run: GenRun, institutions: readonly InstitutionPlan[]): Generator<{ number: number; institution: InstitutionPlan; size: number }> {
  const eligible = institutions.filter((i) => i.eligible);
  const { trainees: total, classSize } = run.preset.counts;
  for (let made = 0, n = 0; made < total; n++) {
    const size = Math.min(classSize, total - made);
    yield { number: n, institution: eligible[n % eligible.length]!, size };
    made += size;
  }
}

/** Trainees of the classes per city (the funds are sized from it). */
export function traineesPerCity(run: GenRun, institutions: readonly InstitutionPlan[]): Map<string, number> {
  const perCity = new Map<string, number>();
  for (const c of classSlots(run, institutions)) perCity.set(c.institution.city, (perCity.get(c.institution.city) ?? 0) + c.size);
  return perCity;
}

/**
 * Every class of the run, each planned (people drawn) only when a lane asks for the next:
 * a plan holds its people's raw identities, and a province has too many to hold at once.
 * The plans come out in one order whichever lane asks, so the same seed plans the same.
 */
export function* classPlans(run: GenRun, institutions: readonly InstitutionPlan[], trainees: TraineeFactory): Generator<ClassPlan> {
  const rng = run.rng.fork('classes');
  const { hoursShort, overStandard, fakeTrainee } = run.preset.fraud;
  for (const { number: n, institution, size } of classSlots(run, institutions)) {
    const classId = `C-${String(n + 1).padStart(5, '0')}`;
    const roster: TraineePlan[] = [];
    for (let k = 0; k < size; k++) {
      roster.push(trainees.next(`${classId}:${k}`, institution.city, { hoursShort: rng.chance(hoursShort), overStandard: rng.chance(overStandard) }));
    }
    const ghost = rng.chance(fakeTrainee) ? trainees.next(`${classId}:ghost`, institution.city) : undefined;
    yield { classId, number: n, institution, occupation: rng.pick(institution.occupations), level: rng.pick(LEVELS), trainees: roster, ghost };
  }
}

function serialOf(plan: ClassPlan, k: number): string {
  return `JX-${plan.classId}-${String(k + 1).padStart(3, '0')}`;
}

/** Hours a trainee attended: short trainees came to the first two sessions only. */
function attended(t: TraineePlan): number {
  return t.hoursShort ? 16 : 40;
}

/**
 * One class from registration to publicity: its trainees registered, the class opened,
 * attended and completed, certificates recorded, applications submitted and reviewed.
 * Returns the applications now in publicity, for the money lane of the class's city.
 */
export async function runClass(run: GenRun, plan: ClassPlan, trainees: TraineeFactory): Promise<ReadyApplication[]> {
  const city = plan.institution.city;
  const registrar = people.cityRegistrar(city);
  for (const t of plan.trainees) {
    const out = await registerTrainee(run.deps, ctx(run, registrar, DAYS.traineesRegistered, `register:${t.key}`), trainees.registration(t));
    t.personRef = String(out.result?.personRef);
    run.stats.trainees += 1;
  }
  const ghostRef = plan.ghost ? await fakeTraineeAttempt(run, plan, plan.ghost, trainees) : undefined;
  await openClass(run, plan);
  if (ghostRef !== undefined) await ghostCheckIn(run, plan, ghostRef);
  await attendAndComplete(run, plan);
  return certifyAndApply(run, plan);
}

async function openClass(run: GenRun, plan: ClassPlan): Promise<void> {
  const city = plan.institution.city;
  await requestClassOpening(run.deps, ctx(run, people.cityRegistrar(city), DAYS.classRequested, `open:${plan.classId}`), {
    classId: plan.classId,
    institutionId: plan.institution.creditCode,
    occupationCode: plan.occupation.code,
    level: plan.level,
    startOn: DAYS.sessions[0],
    endOn: DAYS.classEnd,
    roster: plan.trainees.map((t) => t.personRef!),
    teacherIds: [`T-${plan.classId}-1`, `T-${plan.classId}-2`],
    plan: { summary: '理论 16 学时，实操 32 学时', plannedHours: 48 },
    assessmentPlan: { summary: '理论考试与实操考核', plannedOn: '2026-03-14' },
    requestedOn: DAYS.classRequested,
  });
  await approveClassOpening(run.deps, ctx(run, people.cityReviewer(city, 1), DAYS.classRequested, `approve-class:${plan.classId}`), plan.classId, { decidedOn: DAYS.classRequested });
  run.stats.classes += 1;
}

async function attendAndComplete(run: GenRun, plan: ClassPlan): Promise<void> {
  const registrar = people.cityRegistrar(plan.institution.city);
  for (const [s, date] of DAYS.sessions.entries()) {
    const present = plan.trainees.filter((t) => !t.hoursShort || s < 2);
    await recordAttendanceSession(run.deps, ctx(run, registrar, DAYS.classEnd, `session:${plan.classId}:${s}`), plan.classId, {
      sessionId: `s${s + 1}`,
      date,
      hours: 8,
      teacherId: `T-${plan.classId}-1`,
      checkIns: present.map((t) => ({ personRef: t.personRef!, method: 'face', result: 'pass' })),
      recordedOn: DAYS.classEnd,
    });
  }
  const complete = (hours: (t: TraineePlan) => number, key: string) =>
    completeClass(run.deps, ctx(run, registrar, DAYS.classEnd, key), plan.classId, { completedOn: DAYS.classEnd, hours: plan.trainees.map((t) => ({ personRef: t.personRef!, hoursAttended: hours(t) })) });
  if (plan.trainees.some((t) => t.hoursShort)) {
    // The institution claims the full 40 hours for everyone; the attendance says otherwise.
    const padded = await run.tally.attempt('hours_short', () => complete(() => 40, `complete-padded:${plan.classId}`));
    if (!padded.refused) return;
  }
  await complete(attended, `complete:${plan.classId}`);
}

/**
 * A made-up person: on even classes an ID number with a wrong check character typed at
 * registration; on odd ones a registered person who is not on the roster, checked in on
 * an extra session.
 */
async function fakeTraineeAttempt(run: GenRun, plan: ClassPlan, ghost: TraineePlan, trainees: TraineeFactory): Promise<string | undefined> {
  const registrar = people.cityRegistrar(plan.institution.city);
  if (Number(plan.classId.slice(2)) % 2 === 0) {
    await run.tally.attempt('fake_trainee', () => registerTrainee(run.deps, ctx(run, registrar, DAYS.traineesRegistered, `register-fake:${ghost.key}`), trainees.registration(ghost, withWrongCheckChar(ghost.idNumber))));
    return undefined;
  }
  const out = await registerTrainee(run.deps, ctx(run, registrar, DAYS.traineesRegistered, `register:${ghost.key}`), trainees.registration(ghost));
  run.stats.trainees += 1;
  return String(out.result?.personRef);
}

/** The registered ghost checked in on an extra session of a class whose roster does not hold them. */
async function ghostCheckIn(run: GenRun, plan: ClassPlan, ghostRef: string): Promise<void> {
  await run.tally.attempt('fake_trainee', () =>
    recordAttendanceSession(run.deps, ctx(run, people.cityRegistrar(plan.institution.city), DAYS.classEnd, `session-ghost:${plan.classId}`), plan.classId, {
      sessionId: 's6',
      date: DAYS.extraSession,
      hours: 8,
      teacherId: `T-${plan.classId}-1`,
      checkIns: [{ personRef: ghostRef, method: 'face', result: 'pass' }],
      recordedOn: DAYS.classEnd,
    }),
  );
}

async function certifyAndApply(run: GenRun, plan: ClassPlan): Promise<ReadyApplication[]> {
  const city = plan.institution.city;
  const registrar = people.cityRegistrar(city);
  const ready: ReadyApplication[] = [];
  for (const [k, t] of plan.trainees.entries()) {
    const serial = serialOf(plan, k);
    const level: CertificateLevel = t.overStandard ? LEVEL_ABOVE[plan.level] : plan.level;
    const certify = () =>
      recordCertificate(run.deps, ctx(run, registrar, DAYS.certificates, `cert:${serial}`), t.personRef!, { serialNumber: serial, occupationCode: plan.occupation.code, level, issuedOn: DAYS.certificates, issuer: '江西省职业技能鉴定指导中心', classId: plan.classId });
    const applicationId = `A-${plan.classId}-${String(k + 1).padStart(3, '0')}`;
    const apply = () =>
      submitApplication(run.deps, ctx(run, registrar, DAYS.submitted, `submit:${applicationId}`), { applicationId, subsidyKind: 'training', applicant: { kind: 'trainee' }, personRef: t.personRef!, certificateSerial: serial, classId: plan.classId, submittedOn: DAYS.submitted });
    if (t.overStandard) {
      // A certificate a level above the class: the higher rate for the same training.
      await run.tally.attempt('over_standard', async () => { await certify(); return apply(); });
      continue;
    }
    await certify();
    run.stats.certificates += 1;
    await apply();
    run.stats.applications += 1;
    if (await reviewed(run, city, applicationId)) ready.push({ applicationId, city, personRef: t.personRef!, certificateSerial: serial, classId: plan.classId, institutionId: plan.institution.creditCode, fundId: fundIdOf(city, plan.number), amountFen: 0 });
  }
  return ready;
}

/** Both reviews and the start of publicity; false when the initial review rejects it. */
async function reviewed(run: GenRun, city: string, applicationId: string): Promise<boolean> {
  const d = run.deps;
  if (run.rng.fork(`review:${applicationId}`).chance(run.preset.business.reviewReject)) {
    await initialReview(d, ctx(run, people.cityReviewer(city, 1), DAYS.reviewed, `review1:${applicationId}`), applicationId, { decision: 'reject', reasonCode: 'documents_incomplete', reviewedOn: DAYS.reviewed });
    run.stats.rejectedAtReview += 1;
    return false;
  }
  await initialReview(d, ctx(run, people.cityReviewer(city, 1), DAYS.reviewed, `review1:${applicationId}`), applicationId, { decision: 'approve', reviewedOn: DAYS.reviewed });
  await finalReview(d, ctx(run, people.cityReviewer(city, 2), DAYS.reviewed, `review2:${applicationId}`), applicationId, { decision: 'approve', reviewedOn: DAYS.reviewed });
  await startPublicity(d, ctx(run, people.cityReviewer(city, 1), DAYS.publicity, `publicity:${applicationId}`), applicationId, { startOn: DAYS.publicity });
  return true;
}
