import type { Test } from 'tap';
import type { Principal } from '../../../src/access/roles.ts';
import type { AppDeps } from '../../../src/app/app-deps.ts';
import type { OpenedApp } from '../../../src/app/open-app.ts';
import type { EventStore } from '../../../src/eventstore/port.ts';
import {
  approveForPayment,
  finalReview,
  initialReview,
  startPublicity,
  submitApplication,
  type SubmitApplicationInput,
} from '../../../src/app/services/applications.ts';
import { openFund, receiveAllocation } from '../../../src/app/services/funds.ts';
import { confirmPayment, instructPayment } from '../../../src/app/services/payments.ts';
import { addProject } from '../../../src/app/services/catalogue.ts';
import { approveClassOpening, completeClass, recordAttendanceSession, requestClassOpening } from '../../../src/app/services/classes.ts';
import { recordCertificate } from '../../../src/app/services/trainees.ts';
import { fold, type DomainEvent } from '../../../src/domain/decider.ts';
import { fundDecider } from '../../../src/domain/fund/decider.ts';
import type { FundEvent } from '../../../src/domain/fund/events.ts';
import type { FundState } from '../../../src/domain/fund/state.ts';
import { COOK, NANCHANG_SCHOOL, ctxFor, givenCatalogue, givenCompletedClass, givenInstitution, givenTrainees, openingRequest, openTestApp, principals } from './registry-fixtures.ts';

/**
 * Given-state builders for the money side, over a real SQLite store in a temp dir and
 * through the services themselves (registry-fixtures.ts for the registry side): a
 * completed class of registered trainees holding certificates, a fund with money, and
 * applications driven through their lifecycle.
 *
 * Dates: the class runs 2026-03-02..03-13 (40 hours, the standard: 1 200 yuan each for a
 * junior cook); certificates are issued 03-16, applications submitted 03-17, reviewed
 * 03-18, publicity starts Fri 03-20 and lasts 5 working days (ends Fri 03-27), approval
 * from Mon 03-30.
 */

export const people = {
  ...principals,
  reviewer2: { id: 'rev-nc-2', name: 'Second Nanchang reviewer', role: 'reviewer', region: '360100' },
  financeNanchang: { id: 'fin-nc', name: 'Nanchang finance', role: 'finance', region: '360100' },
  financeGanzhou: { id: 'fin-gz', name: 'Ganzhou finance', role: 'finance', region: '360700' },
  reviewerGanzhou2: { id: 'rev-gz-2', name: 'Ganzhou reviewer 2', role: 'reviewer', region: '360700' },
} as const satisfies Record<string, Principal>;

export const FUND = 'nc-2026-emp';
export const AMOUNT_FEN = 120_000;
/** A request sent at 10:00 Shanghai time on a business date: a step may not be dated after its request's day. */
export const onDayMs = (date: string): number => Date.parse(`${date}T10:00:00+08:00`);

export const DATES = { submitted: '2026-03-17', reviewed: '2026-03-18', publicity: '2026-03-20', publicityEnd: '2026-03-27', approved: '2026-03-30', instructed: '2026-03-31', paid: '2026-04-01' } as const;

export interface MoneyWorld {
  app: OpenedApp;
  /** personRefs of the trainees of class c-1 */
  refs: string[];
  /** Each trainee's certificate serial, by index. */
  serials: string[];
}

export function serialOf(i: number): string {
  return `JX-COOK5-${String(1000 + i)}`;
}

/** A completed class of `n` trainees at the Nanchang school, each with a junior cook certificate, and a Nanchang fund holding `fundFen`. */
export async function givenMoneyWorld(t: Test, n = 3, fundFen = 10 * AMOUNT_FEN): Promise<MoneyWorld> {
  return buildMoneyWorld(await openTestApp(t), n, fundFen);
}

/** The same world in an app opened elsewhere, e.g. an HTTP test server's services: `asOpenedApp(h.services, h.store)`. */
export async function buildMoneyWorld(app: OpenedApp, n = 3, fundFen = 10 * AMOUNT_FEN): Promise<MoneyWorld> {
  await givenCatalogue(app);
  await givenInstitution(app);
  const refs = await givenTrainees(app, n);
  await givenCompletedClass(app, 'c-1', NANCHANG_SCHOOL, refs);
  const serials: string[] = [];
  for (const [i, ref] of refs.entries()) {
    serials.push(serialOf(i));
    await recordCertificate(app.deps, ctxFor(people.registrarNanchang, onDayMs('2026-03-16')), ref, {
      serialNumber: serialOf(i),
      occupationCode: COOK.occupationCode,
      level: COOK.level,
      issuedOn: '2026-03-16',
      issuer: '江西省职业技能鉴定指导中心',
      classId: 'c-1',
    });
  }
  await givenFund(app, FUND, '360100', fundFen);
  return { app, refs, serials };
}

/** An HTTP test server's services and store, as the given-builders take them (closing is the server's business). */
export function asOpenedApp(deps: AppDeps, store: EventStore): OpenedApp {
  return { deps, rawStore: store, close: async () => {} };
}

export async function givenFund(app: OpenedApp, fundId: string, regionCode: string, amountFen: number): Promise<void> {
  await openFund(app.deps, ctxFor(people.finance), { fundId, source: 'employment_subsidy', year: 2026, regionCode, openedOn: '2026-01-05' });
  if (amountFen > 0) await receiveAllocation(app.deps, ctxFor(people.finance), fundId, { amountFen, documentRef: '赣财社〔2026〕12号', receivedOn: '2026-01-06' });
}

export function submission(w: MoneyWorld, i: number, applicationId: string, over: Partial<SubmitApplicationInput> = {}): SubmitApplicationInput {
  return {
    applicationId,
    subsidyKind: 'training',
    applicant: { kind: 'trainee' },
    personRef: w.refs[i]!,
    certificateSerial: w.serials[i]!,
    classId: 'c-1',
    submittedOn: DATES.submitted,
    ...over,
  };
}

export type Stage = 'submitted' | 'reviewed' | 'in_publicity' | 'approved' | 'instructed' | 'paid';
const ORDER: readonly Stage[] = ['submitted', 'reviewed', 'in_publicity', 'approved', 'instructed', 'paid'];

/** Drives trainee `i`'s application `applicationId` up to `stage`; returns the paymentId when instructed. */
export async function givenApplication(w: MoneyWorld, i: number, applicationId: string, stage: Stage, fundId = FUND): Promise<{ paymentId?: string }> {
  const d = w.app.deps;
  const reached = (s: Stage) => ORDER.indexOf(stage) >= ORDER.indexOf(s);
  await submitApplication(d, ctxFor(people.registrarNanchang, onDayMs(DATES.submitted)), submission(w, i, applicationId));
  if (reached('reviewed')) {
    await initialReview(d, ctxFor(people.reviewer, onDayMs(DATES.reviewed)), applicationId, { decision: 'approve', reviewedOn: DATES.reviewed });
    await finalReview(d, ctxFor(people.reviewer2, onDayMs(DATES.reviewed)), applicationId, { decision: 'approve', reviewedOn: DATES.reviewed });
  }
  if (reached('in_publicity')) await startPublicity(d, ctxFor(people.reviewer, onDayMs(DATES.publicity)), applicationId, { startOn: DATES.publicity });
  if (reached('approved')) await approveForPayment(d, ctxFor(people.reviewer, onDayMs(DATES.approved)), applicationId, { fundId, approvedOn: DATES.approved });
  if (!reached('instructed')) return {};
  const paymentId = `pay-${applicationId}`;
  await instructPayment(d, ctxFor(people.finance, onDayMs(DATES.instructed)), applicationId, { paymentId, instructedOn: DATES.instructed });
  if (reached('paid')) await confirmPayment(d, ctxFor(people.finance, onDayMs(DATES.paid)), applicationId, paymentId, { bankReference: 'ICBC-0001', paidOn: DATES.paid });
  return { paymentId };
}

/** The fund folded from the raw store, from scratch (never the cached state). */
export async function fundFromStore(app: OpenedApp, fundId = FUND): Promise<FundState> {
  const events = await app.rawStore.readStream(`fund-${fundId}`);
  return fold(fundDecider, events.map((e) => ({ type: e.type, data: e.data }) as FundEvent));
}

/** Event types of a stream, in order. */
export async function typesOf(app: OpenedApp, stream: string): Promise<string[]> {
  return (await app.rawStore.readStream(stream)).map((e: { type: string }) => e.type);
}

/** Every event of the store of a given type. */
export async function eventsOfType(app: OpenedApp, type: string): Promise<DomainEvent[]> {
  const out: DomainEvent[] = [];
  for (let after = 0n; ; ) {
    const page = await app.rawStore.readAll({ after, limit: 1000 });
    for (const e of page) if (e.type === type) out.push({ type: e.type, data: e.data });
    if (page.length < 1000) return out;
    after = page[page.length - 1]!.position;
  }
}

const LEVELS = ['junior', 'intermediate', 'senior', 'technician'] as const;
/** Four consecutive two-week classes, one per level, each certificate issued the Monday after. */
const TERMS = [
  { startOn: '2026-03-02', endOn: '2026-03-13', issuedOn: '2026-03-16', sessions: ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'] },
  { startOn: '2026-04-06', endOn: '2026-04-17', issuedOn: '2026-04-20', sessions: ['2026-04-06', '2026-04-07', '2026-04-08', '2026-04-09', '2026-04-10'] },
  { startOn: '2026-05-11', endOn: '2026-05-22', issuedOn: '2026-05-25', sessions: ['2026-05-11', '2026-05-12', '2026-05-13', '2026-05-14', '2026-05-15'] },
  { startOn: '2026-06-08', endOn: '2026-06-19', issuedOn: '2026-06-22', sessions: ['2026-06-08', '2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12'] },
] as const;

/**
 * One person who trained four times in 2026 (junior to technician cook, four completed
 * classes) and holds four certificates: one more subsidy than the yearly quota of 3.
 * Returns the person's ref and, per level, the class and certificate serial.
 */
export async function givenFourTimeTrainee(t: Test): Promise<{ app: OpenedApp; ref: string; claims: { classId: string; serial: string }[] }> {
  return buildFourTimeTrainee(await openTestApp(t));
}

export async function buildFourTimeTrainee(app: OpenedApp): Promise<{ app: OpenedApp; ref: string; claims: { classId: string; serial: string }[] }> {
  await givenCatalogue(app);
  for (const level of LEVELS.slice(1)) {
    await addProject(app.deps, ctxFor(people.admin), '360000', { projectId: `cook-${level}`, occupationCode: COOK.occupationCode, occupationName: COOK.occupationName, level, standardHours: 40, rateFen: 150_000, effectiveFrom: '2025-01-01', source: '赣人社字〔2025〕1号' });
  }
  await givenInstitution(app);
  const [ref] = await givenTrainees(app, 1);
  const claims: { classId: string; serial: string }[] = [];
  for (const [i, level] of LEVELS.entries()) {
    const term = TERMS[i]!;
    const classId = `c-q${i + 1}`;
    await requestClassOpening(app.deps, ctxFor(people.registrarNanchang), openingRequest(classId, NANCHANG_SCHOOL, [ref!], { level, startOn: term.startOn, endOn: term.endOn, assessmentPlan: { summary: '考核', plannedOn: term.issuedOn } }));
    await approveClassOpening(app.deps, ctxFor(people.reviewer), classId, { decidedOn: '2026-03-01' });
    for (const [s, date] of term.sessions.entries()) {
      await recordAttendanceSession(app.deps, ctxFor(people.registrarNanchang, onDayMs(term.endOn)), classId, { sessionId: `s${s + 1}`, date, hours: 8, teacherId: 'teacher-7', checkIns: [{ personRef: ref!, method: 'face', result: 'pass' }], recordedOn: term.endOn });
    }
    await completeClass(app.deps, ctxFor(people.registrarNanchang, onDayMs(term.endOn)), classId, { completedOn: term.endOn, hours: [{ personRef: ref!, hoursAttended: 40 }] });
    const serial = `JX-COOK-${i + 1}-0001`;
    await recordCertificate(app.deps, ctxFor(people.registrarNanchang, onDayMs(term.issuedOn)), ref!, { serialNumber: serial, occupationCode: COOK.occupationCode, level, issuedOn: term.issuedOn, issuer: '江西省职业技能鉴定指导中心', classId });
    claims.push({ classId, serial });
  }
  return { app, ref: ref!, claims };
}
