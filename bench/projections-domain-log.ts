/**
 * A deterministic log of DOMAIN events for the read models' benchmark and determinism
 * tests: every event valid under the domain's zod schemas (a test checks it against the
 * app's event registry), in the order the command layer writes them (the fund decides
 * before the application records; the entitlement reserves before the application is
 * submitted), many lifecycles interleaved. The same (count, seed) gives the same events,
 * ids included; any prefix of the log is a valid history, so `count` may cut anywhere.
 *
 * The world: one province catalogue, a fund per city and year, institutions listed in
 * cities (some later sanctioned), classes of 10–40 new trainees with five sessions,
 * completion and assessment; every passing trainee applies, and applications are
 * rejected, objected to, approved, paid, bounced and paid again, or partly recovered at
 * rates a province reports. A few skill-upgrade applications have no class.
 */
import Database from 'better-sqlite3';
import type { EventMetadata, EventToAppend, RecordedEvent } from '../src/eventstore/port.ts';
import { EVENTSTORE_MIGRATIONS_DIR } from '../src/eventstore/sqlite/sqlite-store.ts';
import { applyMigrations } from '../src/shared/sqlite-migrations.ts';
import { addDays } from '../src/domain/calendar/business-date.ts';
import { creditCodeCheckChar } from '../src/domain/identity/credit-code.ts';
import { maskName } from '../src/domain/masking.ts';
import { createUuidV7Generator } from '../src/shared/uuidv7.ts';

export interface DomainAppend {
  stream: string;
  events: EventToAppend[];
}

type Step = { stream: string; type: string; data: unknown; role: string; actor?: string };
type Workflow = Generator<Step[], void, void>;

/** mulberry32. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = ['3601', '3602', '3603', '3604', '3605', '3606', '3607', '3608', '3609', '3610', '3611'];
const OCCUPATIONS = [
  { code: '4-03-02-01', name: '中式烹调师' },
  { code: '6-31-01-03', name: '电工' },
  { code: '4-10-01-02', name: '育婴员' },
  { code: '6-18-02-04', name: '焊工' },
  { code: '4-10-01-05', name: '养老护理员' },
  { code: '4-04-05-01', name: '电子商务师' },
];
const LEVELS = [
  { level: 'junior', rateFen: 120_000 },
  { level: 'intermediate', rateFen: 150_000 },
  { level: 'senior', rateFen: 200_000 },
] as const;
const NAMES = ['张三', '李四', '王五', '欧阳娜娜', '赵六', '陈静', '刘洋', '司马相如'];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const CC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const BASE_DAY = '2025-01-06';
const BASE_MS = Date.UTC(2025, 0, 6, 1, 0, 0);
const YEAR = 2025;

/** The appends of `count` events in all. */
export function* domainAppends(count: number, seed = 1): Generator<DomainAppend> {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number) => random() < p;
  let clockMs = BASE_MS;
  const nextId = createUuidV7Generator({
    nowMs: () => clockMs,
    randomBytes: (n) => {
      const bytes = new Uint8Array(n);
      for (let i = 0; i < n; i += 4) {
        const r = Math.floor(random() * 2 ** 32);
        for (let j = 0; j < 4 && i + j < n; j++) bytes[i + j] = (r >>> (8 * j)) & 0xff;
      }
      return bytes;
    },
  });
  // A business day passes every ~400 events: a year of a province's activity at 100 k events.
  let made = 0;
  const today = () => addDays(BASE_DAY, Math.floor(made / 400));
  let serial = 0;
  const ids = (prefix: string) => `${prefix}-${(serial++).toString(36)}`;
  const personRef = () => `p_${Array.from({ length: 22 }, () => B64[Math.floor(random() * 64)]).join('')}`;
  const creditCode = (city: string) => {
    // MA… as issued to companies: a letter keeps the code from looking like an identity number.
    const org = `MA${Array.from({ length: 7 }, () => CC_ALPHABET[Math.floor(random() * 31)]).join('')}`;
    const first17 = `91${city}00${org}`;
    return first17 + creditCodeCheckChar(first17);
  };

  const catalogue: { projectId: string; occupation: (typeof OCCUPATIONS)[number]; level: (typeof LEVELS)[number] }[] = [];
  const funds = new Map<string, string>();
  const institutions: { code: string; city: string; occupations: string[] }[] = [];
  const graduates: { ref: string; city: string }[] = [];

  function* setup(): Workflow {
    for (const occupation of OCCUPATIONS) {
      for (const level of LEVELS) {
        const projectId = `${occupation.code.replace(/-/g, '')}-${level.level}`;
        catalogue.push({ projectId, occupation, level });
        yield [step('catalogue-360000', 'ProjectAdded', 'admin', { projectId, occupationCode: occupation.code, occupationName: occupation.name, level: level.level, standardHours: 40, rateFen: level.rateFen, effectiveFrom: '2024-01-01', source: '赣人社字〔2024〕1号' })];
      }
    }
    const revised = catalogue[0]!;
    yield [step('catalogue-360000', 'ProjectRevised', 'admin', { projectId: revised.projectId, effectiveFrom: '2025-03-01', occupationName: revised.occupation.name, standardHours: 48, rateFen: revised.level.rateFen, source: '赣人社字〔2025〕2号', reason: '学时调整' })];
    const retired = catalogue.at(-1)!;
    yield [step('catalogue-360000', 'ProjectRetired', 'admin', { projectId: retired.projectId, lastDay: '2025-12-31', source: '赣人社字〔2025〕3号', reason: '目录调整' })];
    for (const city of CITIES) {
      const fundId = `f-${city}-${YEAR}`;
      funds.set(city, fundId);
      yield [step(`fund-${fundId}`, 'FundOpened', 'finance', { fundId, source: 'employment_subsidy', year: YEAR, regionCode: `${city}00`, openedOn: today() })];
      yield [allocation(fundId, 500_000_000)];
    }
    for (let i = 0; i < 8; i++) yield* institution();
  }

  function allocation(fundId: string, amountFen: number): Step {
    return step(`fund-${fundId}`, 'FundAllocationReceived', 'finance', { fundId, allocationId: ids('alloc'), amountFen, documentRef: '赣财社〔2025〕12号', receivedOn: today() });
  }

  function* institution(): Workflow {
    const city = pick(CITIES);
    const code = creditCode(city);
    const occupations = [...new Set([pick(OCCUPATIONS).code, pick(OCCUPATIONS).code])].sort();
    const s = `institution-${code}`;
    yield [step(s, 'InstitutionRegistered', 'registrar', { creditCode: code, licenceNumber: `L-${code.slice(-6)}`, name: `${city}职业技能培训学校${institutions.length}`, address: `${city} 路 ${institutions.length} 号`, nature: chance(0.3) ? 'public' : 'private', regionCode: `${city}${chance(0.5) ? '00' : '02'}`, occupations, creditGrade: pick(['A', 'B', 'C', 'D'] as const), registeredOn: today() })];
    yield [step(s, 'InstitutionListed', 'admin', { listedOn: today(), reason: '评审通过' })];
    institutions.push({ code, city, occupations });
  }

  /** One step of the sanctions ladder, and the way back where the ladder has one. */
  function* sanction(): Workflow {
    const inst = pick(institutions);
    const s = `institution-${inst.code}`;
    const roll = random();
    if (roll < 0.4) {
      yield [step(s, 'InstitutionInterviewed', 'inspector', { on: today(), reason: '考勤异常', reference: '约谈记录 1 号' })];
      if (chance(0.5)) yield [step(s, 'InstitutionRectificationNoticeIssued', 'inspector', { on: today(), reason: '整改', deadline: addDays(today(), 30) })];
    } else if (roll < 0.55) {
      const from = today();
      yield [step(s, 'InstitutionSuspended', 'admin', { from, to: addDays(from, 20), reason: '停业整顿' })];
      if (chance(0.5)) yield [step(s, 'InstitutionSuspensionLifted', 'admin', { on: today(), reason: '整改完成' })];
    } else if (roll < 0.65) {
      yield [step(s, 'InstitutionDelisted', 'admin', { on: today(), reason: '移出目录' })];
      yield [step(s, 'InstitutionListed', 'admin', { listedOn: today(), reason: '复核通过', reviewRef: '复核 1 号' })];
    } else if (roll < 0.7) {
      const from = today();
      yield [step(s, 'InstitutionBlacklisted', 'admin', { from, until: addDays(from, 5), reason: '骗取补贴' })];
      yield [step(s, 'InstitutionRemovedFromBlacklist', 'admin', { on: addDays(from, 6), reason: '期满' })];
      if (chance(0.5)) yield [step(s, 'InstitutionLicenceRevoked', 'admin', { on: addDays(from, 7), reason: '吊销' })];
    } else if (roll < 0.85) {
      yield [step(s, 'InstitutionCreditGradeChanged', 'admin', { creditGrade: 'D', effectiveOn: today(), reason: '抽查发现问题' })];
    } else {
      const occupations = [...new Set([...inst.occupations, pick(OCCUPATIONS).code])].sort();
      inst.occupations = occupations;
      yield [step(s, 'InstitutionOccupationsChanged', 'admin', { occupations, effectiveOn: today(), reason: '增加工种' })];
    }
  }

  function* trainingClass(): Workflow {
    const inst = pick(institutions);
    const occupationCode = pick(inst.occupations);
    const project = catalogue.find((p) => p.occupation.code === occupationCode && p.level.level === 'junior')!;
    const classId = ids('c');
    const roster = Array.from({ length: 10 + Math.floor(random() * 31) }, () => personRef());
    for (const ref of roster) {
      yield [step(`trainee-${ref}`, 'TraineeRegistered', 'registrar', { personRef: ref, maskedId: `${inst.city}**********${String(Math.floor(random() * 1000)).padStart(3, '0')}${pick(['1', 'X'])}`, maskedName: maskName(pick(NAMES)), birthYear: 1970 + Math.floor(random() * 35), category: pick(['rural_migrant_worker', 'registered_unemployed', 'enterprise_employee'] as const), registeredOn: today() })];
    }
    const startOn = today();
    const endOn = addDays(startOn, 11);
    const s = `class-${classId}`;
    yield [step(s, 'ClassOpeningRequested', 'registrar', { classId, institutionId: inst.code, projectId: project.projectId, occupationCode, level: 'junior', standardHours: 40, startOn, endOn, roster, teacherIds: ['t-1', 't-2'], plan: { summary: '理论与实操', plannedHours: 40 }, assessmentPlan: { summary: '考核', plannedOn: addDays(endOn, 1) }, requestedOn: startOn })];
    if (chance(0.05)) {
      yield [step(s, 'ClassOpeningRefused', 'reviewer', { reviewerId: 'rev-1', decidedOn: today(), reason: '计划不全' })];
      return;
    }
    yield [step(s, 'ClassOpeningApproved', 'reviewer', { reviewerId: 'rev-1', decidedOn: today() })];
    for (let i = 0; i < 5; i++) {
      const checkIns = roster.map((ref) => (chance(0.03) ? { personRef: ref, method: 'manual' as const, result: 'pass' as const, note: '人脸设备故障' } : { personRef: ref, method: 'face' as const, result: chance(0.02) ? ('fail' as const) : ('pass' as const) }));
      yield [step(s, 'AttendanceSessionRecorded', 'registrar', { sessionId: `s${i + 1}`, date: addDays(startOn, i), hours: 8, teacherId: 't-1', checkIns, recordedOn: today() })];
    }
    yield [step(s, 'ClassCompleted', 'registrar', { completedOn: today(), hours: roster.map((ref) => ({ personRef: ref, hoursAttended: 40 })) })];
    const results = roster.map((ref) => ({ personRef: ref, passed: !chance(0.1), certificateLevel: 'junior' as const }));
    yield [step(s, 'AssessmentResultsRecorded', 'registrar', { assessedOn: today(), results })];
    for (const r of results) {
      if (!r.passed) continue;
      const serialNumber = `JX-${ids('CERT').toUpperCase()}`;
      yield [step(`trainee-${r.personRef}`, 'CertificateRecorded', 'registrar', { serialNumber, occupationCode, level: 'junior', issuedOn: today(), issuer: '江西省职业技能鉴定指导中心', classId })];
      graduates.push({ ref: r.personRef, city: inst.city });
      spawn(application(r.personRef, serialNumber, occupationCode, project.level.rateFen, inst, classId, project.projectId));
    }
  }

  function* skillUpgrade(): Workflow {
    const g = pick(graduates);
    const serialNumber = `JX-${ids('SU').toUpperCase()}`;
    const occupationCode = pick(OCCUPATIONS).code;
    yield [step(`trainee-${g.ref}`, 'CertificateRecorded', 'registrar', { serialNumber, occupationCode, level: 'intermediate', issuedOn: today(), issuer: '江西省职业技能鉴定指导中心' })];
    yield* application(g.ref, serialNumber, occupationCode, 150_000, { code: null, city: g.city }, null, null, 'skill_upgrade');
  }

  function* application(
    ref: string, serialNumber: string, occupationCode: string, amountFen: number,
    inst: { code: string | null; city: string }, classId: string | null, projectId: string | null, kind: 'training' | 'skill_upgrade' = 'training',
  ): Workflow {
    const applicationId = ids('a');
    const fundId = funds.get(inst.city)!;
    const a = `application-${applicationId}`;
    const e = `entitlement-${ref}`;
    const level = kind === 'training' ? 'junior' : 'intermediate';
    yield [step(e, 'EntitlementClaimReserved', 'registrar', { personRef: ref, applicationId, subsidyKind: kind, occupationCode, level, certificateSerial: serialNumber, year: YEAR, shortageOccupation: false, reservedOn: today() })];
    yield [step(a, 'ApplicationSubmitted', 'registrar', {
      applicationId, subsidyKind: kind, applicant: inst.code !== null && chance(0.3) ? { kind: 'institution', institutionId: inst.code, proxyAgreementRef: '代为申请协议 1 号' } : { kind: 'trainee' },
      personRef: ref, certificate: { serial: serialNumber, occupationCode, level, issuedOn: today() }, classId, institutionId: inst.code, projectId,
      quotaYear: YEAR, shortageOccupation: false, amountFen,
      amountBasis: { rule: kind === 'training' ? 'standard_rate' : 'skill_upgrade_rate', policyEffectiveFrom: '2019-01-01', policySource: '赣人社发〔2019〕3号', rateFen: amountFen, standardHours: null, attendedHours: null, fullDays: null, capFen: null },
      submittedOn: today(),
    })];
    if (chance(0.05)) return yield* rejected(a, e, ref, applicationId, 'initial_review');
    yield [step(a, 'ApplicationInitialReviewPassed', 'reviewer', { reviewerId: 'rev-1', reviewedOn: today() }, 'rev-1')];
    if (chance(0.03)) return yield* rejected(a, e, ref, applicationId, 'final_review');
    yield [step(a, 'ApplicationFinalReviewPassed', 'reviewer', { reviewerId: 'rev-2', reviewedOn: today() }, 'rev-2')];
    yield [step(a, 'ApplicationPublicityStarted', 'reviewer', { startOn: today(), endOn: addDays(today(), 7), workingDays: 5 })];
    if (chance(0.03)) {
      const objectionId = ids('obj');
      yield [step(a, 'ApplicationObjectionRaised', 'reviewer', { objectionId, groundsCode: 'fake_trainee', raisedOn: today() })];
      const upheld = chance(0.5);
      yield [step(a, 'ApplicationObjectionResolved', 'reviewer', { objectionId, outcome: upheld ? 'upheld' : 'dismissed', reasonCode: 'investigated', resolvedBy: 'rev-1', resolvedOn: today() })];
      if (upheld) return yield* rejected(a, e, ref, applicationId, 'objection');
    }
    const f = `fund-${fundId}`;
    yield [step(f, 'FundCommitted', 'reviewer', { fundId, applicationId, subsidyKind: kind, amountFen, committedOn: today() })];
    yield [step(a, 'ApplicationApprovedForPayment', 'reviewer', { fundId, amountFen, approvedBy: 'rev-1', approvedOn: today() })];
    if (chance(0.01)) {
      yield [step(f, 'FundCommitmentReleased', 'registrar', { fundId, applicationId, amountFen, reasonCode: 'applicant_withdrew', releasedOn: today() })];
      yield [step(a, 'ApplicationWithdrawn', 'registrar', { reasonCode: 'applicant_withdrew', withdrawnOn: today(), commitmentReleased: true })];
      yield [step(e, 'EntitlementClaimReleased', 'registrar', { personRef: ref, applicationId, reasonCode: 'application_withdrawn', releasedOn: today() })];
      return;
    }
    let paymentId = ids('pay');
    const instruct = function* (): Workflow {
      yield [step(f, 'FundPaymentInstructed', 'finance', { fundId, paymentId, applicationId, amountFen, instructedOn: today() })];
      yield [step(a, 'ApplicationPaymentInstructed', 'finance', { paymentId, fundId, amountFen, payee: 'trainee', instructedOn: today() })];
    };
    yield* instruct();
    if (chance(0.05)) {
      yield [step(f, 'FundPaymentBounced', 'finance', { fundId, paymentId, applicationId, amountFen, reasonCode: 'bank.account_closed', bouncedOn: today() })];
      yield [step(a, 'ApplicationPaymentBounced', 'finance', { paymentId, reasonCode: 'bank.account_closed', bouncedOn: today() })];
      paymentId = ids('pay');
      yield* instruct();
    }
    yield [step(f, 'FundPaymentConfirmed', 'finance', { fundId, paymentId, applicationId, amountFen, bankReference: `ICBC-${serial}`, confirmedOn: today() })];
    yield [step(a, 'ApplicationPaid', 'finance', { paymentId, amountFen, paidOn: today() })];
    yield [step(e, 'EntitlementClaimPaid', 'finance', { personRef: ref, applicationId, paymentId, paidOn: today() })];
    if (chance(0.03)) {
      const recoveryId = ids('rec');
      const part = Math.floor(amountFen / 2);
      yield [step(f, 'FundRecoveryReceived', 'finance', { fundId, recoveryId, paymentId, applicationId, amountFen: part, findingId: ids('finding'), documentRef: '追回决定书', recoveredOn: today() })];
      yield [step(a, 'ApplicationRecoveryRecorded', 'finance', { recoveryId, paymentId, amountFen: part, totalRecoveredFen: part, full: false, findingId: null, recoveredOn: today() })];
    }
  }

  function* rejected(a: string, e: string, ref: string, applicationId: string, stage: string): Workflow {
    yield [step(a, 'ApplicationRejected', 'reviewer', { stage, reasonCode: 'documents_incomplete', decidedBy: 'rev-1', rejectedOn: today() })];
    yield [step(e, 'EntitlementClaimReleased', 'reviewer', { personRef: ref, applicationId, reasonCode: 'application_rejected', releasedOn: today() })];
  }

  function step(stream: string, type: string, role: string, data: unknown, actor?: string): Step {
    return actor === undefined ? { stream, type, role, data } : { stream, type, role, data, actor };
  }

  // Applications spawned by a class run beside the classes; only classes and the other
  // top-level workflows count towards the target, so new classes keep opening all year.
  const active: { run: Workflow; top: boolean }[] = [];
  let topActive = 0;
  const spawn = (run: Workflow, top = false) => {
    active.push({ run, top });
    if (top) topActive += 1;
  };
  const TOP_TARGET = 24;

  const toAppend = (steps: Step[]): DomainAppend => {
    const correlationId = nextId();
    const events = steps.map((s): EventToAppend => {
      clockMs += 1 + Math.floor(random() * 20);
      const metadata: EventMetadata = {
        actor: { id: s.actor ?? `${s.role}-1`, role: s.role },
        correlationId,
        causationId: correlationId,
        requestId: `req-${made}`,
        occurredAt: new Date(clockMs + 8 * 3_600_000).toISOString().replace('Z', '+08:00'),
      };
      return { id: nextId(), type: s.type, schemaVersion: 1, data: s.data, metadata };
    });
    return { stream: steps[0]!.stream, events };
  };

  const first = setup();
  for (let r = first.next(); !r.done && made < count; r = first.next()) {
    made += 1;
    yield toAppend(r.value);
  }
  while (made < count) {
    if (topActive < TOP_TARGET) {
      const roll = random();
      spawn(roll < 0.02 ? institution() : roll < 0.05 ? sanction() : roll < 0.3 && graduates.length > 0 ? skillUpgrade() : roll < 0.32 ? topUp() : trainingClass(), true);
      continue;
    }
    const i = Math.floor(random() * active.length);
    const w = active[i]!;
    const r = w.run.next();
    if (r.done) {
      active.splice(i, 1);
      if (w.top) topActive -= 1;
      continue;
    }
    made += 1;
    yield toAppend(r.value);
  }

  function* topUp(): Workflow {
    const fundId = funds.get(pick(CITIES))!;
    yield [allocation(fundId, 50_000_000)];
    if (chance(0.3)) yield [step(`fund-${fundId}`, 'FundAdjusted', 'finance', { fundId, adjustmentId: ids('adj'), amountFen: chance(0.5) ? 100_000 : -100_000, reasonCode: 'correction', documentRef: '赣财社〔2025〕20号', adjustedOn: today() })];
  }
}

/** The same log as recorded events: positions from 1, revisions per stream, recordedAt from the occurredAt clock. */
export function domainRecorded(count: number, seed = 1): RecordedEvent[] {
  return [...domainRecordedLazily(count, seed)];
}

function* domainRecordedLazily(count: number, seed: number): Generator<RecordedEvent> {
  const revisions = new Map<string, bigint>();
  let position = 0n;
  for (const { stream, events } of domainAppends(count, seed)) {
    for (const e of events) {
      const revision = (revisions.get(stream) ?? -1n) + 1n;
      revisions.set(stream, revision);
      position += 1n;
      yield { ...e, stream, revision, position, recordedAt: new Date(Date.parse(e.metadata.occurredAt)).toISOString() };
    }
  }
}

/**
 * Writes the log of `count` events straight into a new embedded-store file (set-up for
 * benchmarks and route tests, not a way to append: no journal, no fsync). The store opened
 * on the file afterwards serves exactly `domainRecorded(count, seed)`.
 */
export function prefillDomainStore(file: string, count: number, seed = 1): void {
  const db = new Database(file);
  try {
    applyMigrations(db, EVENTSTORE_MIGRATIONS_DIR);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    const insert = db.prepare('INSERT INTO events (stream, revision, id, type, schema_version, recorded_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const write = db.transaction((events: RecordedEvent[]) => {
      for (const e of events) insert.run(e.stream, e.revision, e.id, e.type, e.schemaVersion, e.recordedAt, JSON.stringify(e.data), JSON.stringify(e.metadata));
    });
    let batch: RecordedEvent[] = [];
    for (const e of domainRecordedLazily(count, seed)) {
      batch.push(e);
      if (batch.length === 10_000) {
        write(batch);
        batch = [];
      }
    }
    write(batch);
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}
