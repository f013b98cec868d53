import type { Test } from 'tap';
import type { Principal } from '../../../src/access/roles.ts';
import type { CommandContext } from '../../../src/app/command-context.ts';
import { fixedClock, toShanghaiIso } from '../../../src/app/clock.ts';
import { DeterministicIds, newRequestSeed, type RequestSeed } from '../../../src/app/deterministic-ids.ts';
import type { AppDeps } from '../../../src/app/app-deps.ts';
import { openApp, type OpenedApp } from '../../../src/app/open-app.ts';
import { addProject } from '../../../src/app/services/catalogue.ts';
import { listInstitution, registerInstitution } from '../../../src/app/services/institutions.ts';
import { registerTrainee } from '../../../src/app/services/trainees.ts';
import {
  approveClassOpening,
  completeClass,
  recordAttendanceSession,
  requestClassOpening,
  type RequestClassOpeningInput,
} from '../../../src/app/services/classes.ts';
import { CommandRejectedError } from '../../../src/app/run-command.ts';
import { creditCodeCheckChar } from '../../../src/domain/identity/credit-code.ts';
import { residentIdCheckChar } from '../../../src/domain/identity/resident-id.ts';

/**
 * Given-state builders for the registry side (catalogue, institutions, trainees,
 * classes) over a real SQLite store in a temp dir, through the services themselves.
 * Reusable by the money side: an application needs a completed class of registered
 * trainees at a listed institution.
 */

/** 2026-03-01T09:00+08:00. */
export const NOW_MS = Date.parse('2026-03-01T01:00:00Z');

/** What the given-builders need: an opened app, or an HTTP test server's services (`{ deps: h.services }`). */
export interface HasDeps {
  deps: AppDeps;
}

export async function openTestApp(t: Test): Promise<OpenedApp> {
  const app = await openApp({ storeUrl: 'sqlite:', dataDir: t.testdir(), maxEventBytes: 1 << 20 }, fixedClock(NOW_MS, 1000));
  t.teardown(() => app.close());
  return app;
}

export const principals = {
  admin: { id: 'admin-1', name: 'Province admin', role: 'admin' },
  adminNanchang: { id: 'admin-nc', name: 'Nanchang admin', role: 'admin', region: '360100' },
  registrar: { id: 'reg-jx', name: 'Province registrar', role: 'registrar', region: '360000' },
  registrarNanchang: { id: 'reg-nc', name: 'Nanchang registrar', role: 'registrar', region: '360100' },
  registrarGanzhou: { id: 'reg-gz', name: 'Ganzhou registrar', role: 'registrar', region: '360700' },
  reviewer: { id: 'rev-nc', name: 'Nanchang reviewer', role: 'reviewer', region: '360100' },
  reviewerGanzhou: { id: 'rev-gz', name: 'Ganzhou reviewer', role: 'reviewer', region: '360700' },
  inspector: { id: 'insp-1', name: 'Inspector', role: 'inspector' },
  finance: { id: 'fin-1', name: 'Finance', role: 'finance' },
  auditor: { id: 'aud-1', name: 'Auditor', role: 'auditor' },
} as const satisfies Record<string, Principal>;

/** A command context; pass the `seed` (and `replay`) of an earlier one to retry it as under the same Idempotency-Key. */
export function ctxFor(principal: Principal, nowMs = NOW_MS, seed: RequestSeed = newRequestSeed(nowMs), replay = false): CommandContext {
  const requestId = `req-${seed.secretHex.slice(0, 12)}`;
  return {
    principal: { ...principal },
    requestId,
    correlationId: requestId,
    causationId: requestId,
    occurredAt: toShanghaiIso(nowMs),
    ids: new DeterministicIds(seed),
    replay,
  };
}

/** A valid unified social credit code for an area (GB 32100): 91 + area + 9-character org code + check. */
export function creditCode(area: string, org: string): string {
  const first17 = `91${area}${org}`;
  return first17 + creditCodeCheckChar(first17);
}

/** A valid resident ID number (GB 11643). */
export function residentId(area: string, birth: string, seq: string): string {
  const first17 = `${area}${birth}${seq}`;
  return first17 + residentIdCheckChar(first17);
}

export const COOK = { occupationCode: '4-03-02-01', occupationName: '中式烹调师', level: 'junior' as const };
export const ELECTRICIAN = { occupationCode: '6-31-01-03', occupationName: '电工', level: 'intermediate' as const };

export const NANCHANG_SCHOOL = creditCode('360100', 'MA35F0001');
export const GANZHOU_SCHOOL = creditCode('360700', 'MA35F0002');

export async function givenCatalogue(app: HasDeps): Promise<void> {
  const ctx = ctxFor(principals.admin);
  await addProject(app.deps, ctx, '360000', { projectId: 'cook-5', ...COOK, standardHours: 40, rateFen: 120_000, effectiveFrom: '2025-01-01', source: '赣人社字〔2025〕1号' });
  await addProject(app.deps, ctxFor(principals.admin), '360000', { projectId: 'elec-4', ...ELECTRICIAN, standardHours: 80, rateFen: 150_000, effectiveFrom: '2025-01-01', source: '赣人社字〔2025〕1号' });
}

export async function givenInstitution(app: HasDeps, code = NANCHANG_SCHOOL, regionCode = '360100', listed = true): Promise<string> {
  await registerInstitution(app.deps, ctxFor(principals.registrar), {
    creditCode: code,
    licenceNumber: `L-${code.slice(-6)}`,
    name: '南昌职业技能培训学校',
    address: '南昌市红谷滩区赣江中大道 1 号',
    nature: 'private',
    regionCode,
    occupations: [COOK.occupationCode],
    creditGrade: 'B',
    registeredOn: '2025-06-01',
  });
  if (listed) await listInstitution(app.deps, ctxFor(principals.admin), code, { listedOn: '2025-06-10', reason: '评审通过' });
  return code;
}

/** Registered trainees (valid, distinct ID numbers, the `first`th on); returns their personRefs. */
export async function givenTrainees(app: HasDeps, n: number, principal: Principal = principals.registrarNanchang, first = 0): Promise<string[]> {
  const refs: string[] = [];
  for (let i = first; i < first + n; i++) {
    const outcome = await registerTrainee(app.deps, ctxFor(principal), {
      idNumber: residentId('360102', '19900101', String(100 + i).padStart(3, '0')),
      name: ['张三', '李四', '王五', '欧阳娜娜', '赵六'][i % 5]!,
      bankAccount: `6222 0200 0000 ${String(1000 + i)}`,
      category: 'rural_migrant_worker',
      registeredOn: '2026-02-01',
    });
    refs.push(String(outcome.result?.personRef));
  }
  return refs;
}

export function openingRequest(classId: string, institutionId: string, roster: string[], over: Partial<RequestClassOpeningInput> = {}): RequestClassOpeningInput {
  return {
    classId,
    institutionId,
    occupationCode: COOK.occupationCode,
    level: COOK.level,
    startOn: '2026-03-02',
    endOn: '2026-03-13',
    roster,
    teacherIds: ['teacher-7', 'teacher-9'],
    plan: { summary: '理论 16 学时，实操 32 学时', plannedHours: 48 },
    assessmentPlan: { summary: '理论考试与实操考核', plannedOn: '2026-03-14' },
    requestedOn: '2026-03-01',
    ...over,
  } as RequestClassOpeningInput;
}

export async function givenApprovedClass(app: HasDeps, classId: string, institutionId: string, roster: string[]): Promise<void> {
  await requestClassOpening(app.deps, ctxFor(principals.registrarNanchang), openingRequest(classId, institutionId, roster));
  await approveClassOpening(app.deps, ctxFor(principals.reviewer), classId, { decidedOn: '2026-03-01' });
}

/** An approved class with one 8-hour session per roster day given, everyone present, completed with those hours. */
export async function givenCompletedClass(app: HasDeps, classId: string, institutionId: string, roster: string[]): Promise<void> {
  await givenApprovedClass(app, classId, institutionId, roster);
  const dates = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
  for (const [i, date] of dates.entries()) {
    await recordAttendanceSession(app.deps, ctxFor(principals.registrarNanchang, NOW_MS + 86_400_000 * 20), classId, {
      sessionId: `s${i + 1}`,
      date,
      hours: 8,
      teacherId: 'teacher-7',
      checkIns: roster.map((personRef) => ({ personRef, method: 'face', result: 'pass' })),
      recordedOn: '2026-03-13',
    });
  }
  await completeClass(app.deps, ctxFor(principals.registrarNanchang, NOW_MS + 86_400_000 * 20), classId, {
    completedOn: '2026-03-13',
    hours: roster.map((personRef) => ({ personRef, hoursAttended: 40 })),
  });
}


/** Asserts the promise is refused by the rule `code` (and names `field`, when given). */
export async function rejectsWith(t: Test, promise: Promise<unknown>, code: string, field?: string, message?: string): Promise<void> {
  try {
    await promise;
    t.fail(`expected rejection ${code}, but the command succeeded`);
  } catch (err) {
    if (!(err instanceof CommandRejectedError)) {
      t.fail(`expected rejection ${code}, got ${String(err)}`);
      return;
    }
    t.equal(err.rejection.code, code, message ?? `${code}: ${err.rejection.message}`);
    if (field !== undefined) t.equal(err.rejection.field, field, `names the field ${field}`);
  }
}
