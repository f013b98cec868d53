import { applicationDecider, applicationStream } from '../../../src/domain/application/decider.ts';
import { ApplicationEventSchemas, type ApplicationEvent } from '../../../src/domain/application/events.ts';
import type { ApplicationContext, SubmissionFacts } from '../../../src/domain/application/context.ts';
import { planApplicationCommand, type SagaStep } from '../../../src/domain/application/saga.ts';
import type { ApplicationCommand } from '../../../src/domain/application/commands.ts';
import type { ApplicationState } from '../../../src/domain/application/state.ts';
import { fold, isRejection, type Decider, type DomainEvent, type Rejection } from '../../../src/domain/decider.ts';
import { entitlementDecider, entitlementStream } from '../../../src/domain/entitlement/decider.ts';
import { EntitlementEventSchemas, type EntitlementEvent } from '../../../src/domain/entitlement/events.ts';
import { activeClaims, type EntitlementState } from '../../../src/domain/entitlement/state.ts';
import { fundDecider, fundStream } from '../../../src/domain/fund/decider.ts';
import { FundEventSchemas, type FundEvent } from '../../../src/domain/fund/events.ts';
import type { ApplicationLedger, FundState } from '../../../src/domain/fund/state.ts';
import type { CertificateLevel } from '../../../src/domain/policy/certificate-level.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import { fundViolations } from '../fund/invariants.ts';

/**
 * A tiny in-memory world for the money aggregates: streams with revisions, the saga
 * plans of src/domain/application/saga.ts run step by step as the app layer runs them
 * (read, decide, append with the expected revision, retry on conflict), and the
 * cross-stream invariants. Requests are generators that yield between reading and
 * appending, so a test can interleave them to model concurrent commands.
 */

export const policy = loadPolicy();
export const FUND = 'FUND-W';
export const PERSONS = ['p_AAAAAAAAAAAAAAAAAAAAAA', 'p_BBBBBBBBBBBBBBBBBBBBBB'] as const;

/** Certificates every person holds (per-person serials); two junior electrician ones collide on occupation+level. */
export const CERTS: readonly { key: string; occupationCode: string; level: CertificateLevel }[] = [
  { key: 'E5', occupationCode: '6-31-01-03', level: 'junior' },
  { key: 'E4', occupationCode: '6-31-01-03', level: 'intermediate' },
  { key: 'E5B', occupationCode: '6-31-01-03', level: 'junior' },
  { key: 'C5', occupationCode: '4-03-02-01', level: 'junior' },
  { key: 'W3', occupationCode: '6-18-02-04', level: 'senior' },
];

export interface AppSpec {
  readonly applicationId: string;
  readonly person: number;
  readonly cert: number;
}

const serial = (spec: AppSpec) => `S-${spec.person}-${CERTS[spec.cert]!.key}`;

export class World {
  readonly streams = new Map<string, DomainEvent[]>();
  /** When false, appends ignore the expected revision: the broken store of the negative controls. */
  constructor(readonly checkRevision = true, readonly apps: readonly AppSpec[] = []) {}

  read(stream: string): { events: readonly DomainEvent[]; revision: number } {
    const events = this.streams.get(stream) ?? [];
    return { events: [...events], revision: events.length };
  }

  /** Appends refused for a stale expected revision: each one a race the store closed. */
  conflicts = 0;

  append(stream: string, expectedRevision: number, events: readonly DomainEvent[]): boolean {
    const current = this.streams.get(stream) ?? [];
    if (this.checkRevision && current.length !== expectedRevision) {
      this.conflicts++;
      return false;
    }
    this.streams.set(stream, [...current, ...events]);
    return true;
  }

  fundState(): FundState {
    return fold(fundDecider, this.read(fundStream(FUND)).events as FundEvent[]);
  }

  entitlementState(person: string): EntitlementState {
    return fold(entitlementDecider({ policy }), this.read(entitlementStream(person)).events as EntitlementEvent[]);
  }

  applicationState(applicationId: string): ApplicationState {
    return fold(applicationDecider({ policy }), this.read(applicationStream(applicationId)).events as ApplicationEvent[]);
  }

  spec(applicationId: string): AppSpec {
    const s = this.apps.find((a) => a.applicationId === applicationId);
    if (!s) throw new Error(`no spec for ${applicationId}`);
    return s;
  }

  /** The context the app layer would build now, from projections and the person's entitlement stream. */
  context(applicationId: string): ApplicationContext {
    const spec = this.spec(applicationId);
    const person = PERSONS[spec.person]!;
    const cert = CERTS[spec.cert]!;
    const projectId = `PRJ-${cert.occupationCode}-${cert.level}`;
    const submission: SubmissionFacts = {
      certificate: { serial: serial(spec), personRef: person, occupationCode: cert.occupationCode, level: cert.level, issuedOn: '2026-01-20' },
      trainingClass: { classId: `CLS-${serial(spec)}`, institutionId: 'INST-1', projectId, startOn: '2025-11-03', endOn: '2025-12-19', completed: true, onRoster: true, attendedHours: 80 },
      project: { projectId, occupationCode: cert.occupationCode, level: cert.level, standardHours: 80 },
      institution: { institutionId: 'INST-1', standing: { ok: true }, proxyAgreementOnFile: true },
      insuredMonths: 24,
      shortageOccupation: false,
      entitlement: this.entitlementState(person),
    };
    return { policy, submission };
  }

  submitCommand(applicationId: string): ApplicationCommand {
    const spec = this.spec(applicationId);
    return { type: 'SubmitApplication', applicationId, subsidyKind: 'training', applicant: { kind: 'trainee' }, personRef: PERSONS[spec.person]!, certificateSerial: serial(spec), classId: `CLS-${serial(spec)}`, submittedOn: '2026-03-02' };
  }

  deciderFor(step: SagaStep): Decider<never, unknown, DomainEvent> {
    switch (step.aggregate) {
      case 'fund':
        return fundDecider as unknown as Decider<never, unknown, DomainEvent>;
      case 'entitlement':
        return entitlementDecider({ policy }) as unknown as Decider<never, unknown, DomainEvent>;
      case 'application': {
        const ctx = this.apps.some((a) => a.applicationId === step.command.applicationId) ? this.context(step.command.applicationId) : { policy };
        return applicationDecider(ctx) as unknown as Decider<never, unknown, DomainEvent>;
      }
    }
  }

  /**
   * One request as the app layer runs it, as a generator that yields at every await
   * point: read the application and plan; then per step read, decide, append with the
   * expected revision, and on a conflict read again (bounded). A refused step ends the
   * request; after a fund commitment it runs the plan's compensation first.
   * Returns the rejection code, or 'ok'.
   */
  *request(command: ApplicationCommand): Generator<void, string, void> {
    const ctx = this.apps.some((a) => a.applicationId === command.applicationId) ? this.context(command.applicationId) : { policy };
    const plan = planApplicationCommand(command, this.applicationState(command.applicationId), ctx);
    yield;
    if (isRejection(plan)) return plan.code;
    let committed = false;
    for (const step of plan.steps) {
      const outcome = yield* this.step(step);
      if (outcome !== 'ok') {
        if (committed) for (const c of plan.compensation) yield* this.step(c);
        return outcome;
      }
      if (step.command.type === 'CommitFunds') committed = true;
    }
    return 'ok';
  }

  *step(step: SagaStep): Generator<void, string, void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const { events, revision } = this.read(step.stream);
      yield;
      const decider = this.deciderFor(step);
      const decision = decider.decide(step.command as never, fold(decider, events));
      if (isRejection(decision)) return (decision as Rejection).code;
      if (decision.length === 0) return 'ok';
      yield;
      if (this.append(step.stream, revision, decision)) return 'ok';
    }
    throw new Error(`step on ${step.stream} kept conflicting`);
  }

  /** Runs a request to completion with nothing interleaved. */
  run(command: ApplicationCommand): string {
    const g = this.request(command);
    for (;;) {
      const r = g.next();
      if (r.done) return r.value;
    }
  }
}

/** Every broken invariant across the three aggregates, empty when all hold. */
export function worldViolations(world: World, opts: { settled: boolean }): string[] {
  const out: string[] = [];
  for (const [stream, events] of world.streams) {
    const schemas: Record<string, { safeParse(x: unknown): { success: boolean } }> = { ...FundEventSchemas, ...EntitlementEventSchemas, ...ApplicationEventSchemas };
    for (const e of events) if (!schemas[e.type]?.safeParse(e.data).success) out.push(`${stream}: ${e.type} fails its schema`);
  }
  const fund = world.fundState();
  out.push(...fundViolations(world.read(fundStream(FUND)).events as FundEvent[], fund));
  for (const person of PERSONS) out.push(...entitlementViolations(world.entitlementState(person), person));
  for (const spec of world.apps) {
    const app = world.applicationState(spec.applicationId);
    if (app.submission === null) continue;
    const ledger = fund.applications.get(spec.applicationId);
    if (ledger && ledger.paidFen > app.submission.amountFen) out.push(`${spec.applicationId}: fund paid ${ledger.paidFen} above the approved ${app.submission.amountFen}`);
    if (ledger && ledger.approvedFen !== app.submission.amountFen) out.push(`${spec.applicationId}: committed ${ledger.approvedFen}, approved ${app.submission.amountFen}`);
    const claim = world.entitlementState(app.submission.personRef).claims.get(spec.applicationId);
    if (!claim || claim.status === 'released') {
      if (app.status !== 'rejected' && app.status !== 'withdrawn') out.push(`${spec.applicationId} is ${app.status} without an active claim`);
    }
    if (opts.settled) out.push(...settledViolations(spec.applicationId, app, ledger, claim?.status));
  }
  return out;
}

/** With no saga half-way, the three streams agree on every application. */
function settledViolations(id: string, app: ApplicationState, ledger: Readonly<ApplicationLedger> | undefined, claim: string | undefined): string[] {
  const out: string[] = [];
  const committed = app.status === 'approved' || app.status === 'bounced';
  if (committed && ledger?.committedFen !== app.submission!.amountFen) out.push(`${id}: ${app.status} but the fund holds ${ledger?.committedFen} committed`);
  if (app.status === 'paid' && (ledger?.livePaymentId == null || ledger.paidFen !== app.submission!.amountFen)) out.push(`${id}: paid but not in the fund`);
  if (app.status === 'paid' && claim !== 'paid') out.push(`${id}: paid but its claim is ${claim}`);
  if ((app.status === 'rejected' || app.status === 'withdrawn') && claim !== 'released') out.push(`${id}: ${app.status} but its claim is ${claim}`);
  if ((app.status === 'rejected' || app.status === 'withdrawn') && ledger && !ledger.released) out.push(`${id}: ${app.status} with money still committed`);
  if (!committed && app.status !== 'paid' && app.status !== 'payment_instructed' && ledger && !ledger.released) out.push(`${id}: ${app.status} but committed in the fund`);
  return out;
}

/** The person-wide rules, checked on the claims that count. */
export function entitlementViolations(state: EntitlementState, person: string): string[] {
  const out: string[] = [];
  const active = activeClaims(state);
  const perYear = new Map<number, number>();
  const certs = new Set<string>();
  const levels = new Set<string>();
  for (const c of active) {
    perYear.set(c.year, (perYear.get(c.year) ?? 0) + 1);
    if (certs.has(c.certificateSerial)) out.push(`${person}: certificate ${c.certificateSerial} claimed twice`);
    certs.add(c.certificateSerial);
    const key = `${c.occupationCode}/${c.level}`;
    if (levels.has(key)) out.push(`${person}: ${key} claimed twice`);
    levels.add(key);
  }
  for (const [year, n] of perYear) if (n > 3) out.push(`${person}: ${n} subsidies in ${year}`);
  return out;
}

/** Opens the world's fund (the 专账, so both subsidy kinds may be paid) with an allocation. */
export function openFund(world: World, allocatedFen: number): void {
  const fundId = FUND;
  world.append(fundStream(FUND), 0, [{ type: 'FundOpened', data: { fundId, source: 'ui_special_account', year: 2026, regionCode: '360100', openedOn: '2026-01-05' } }]);
  if (allocatedFen > 0) allocate(world, 'ALLOC-0', allocatedFen);
}

export function allocate(world: World, allocationId: string, amountFen: number): void {
  const { events, revision } = world.read(fundStream(FUND));
  const d = fundDecider.decide({ type: 'ReceiveAllocation', fundId: FUND, allocationId, amountFen, documentRef: 'doc', receivedOn: '2026-03-01' }, fold(fundDecider, events as FundEvent[]));
  if (!isRejection(d)) world.append(fundStream(FUND), revision, d);
}

export const OPS = [
  'submit', 'initialApprove', 'initialReject', 'finalApprove', 'finalReject', 'publicity', 'objection', 'resolveUpheld',
  'resolveDismissed', 'approve', 'instruct', 'confirm', 'bounce', 'recover', 'withdraw',
] as const;
export type Op = (typeof OPS)[number];

/** The command for `op` on an application; `n` picks a reviewer, payment id or amount. */
export function opCommand(world: World, applicationId: string, op: Op, n: number): ApplicationCommand {
  const reviewerId = `rev-${n % 2}`;
  const paymentId = `${applicationId}-P${n % 3}`;
  switch (op) {
    case 'submit': return world.submitCommand(applicationId);
    case 'initialApprove': return { type: 'InitialReview', applicationId, reviewerId, decision: 'approve', reasonCode: null, reviewedOn: '2026-03-03' };
    case 'initialReject': return { type: 'InitialReview', applicationId, reviewerId, decision: 'reject', reasonCode: 'documents_incomplete', reviewedOn: '2026-03-03' };
    case 'finalApprove': return { type: 'FinalReview', applicationId, reviewerId, decision: 'approve', reasonCode: null, reviewedOn: '2026-03-04' };
    case 'finalReject': return { type: 'FinalReview', applicationId, reviewerId, decision: 'reject', reasonCode: 'hours_unverified', reviewedOn: '2026-03-04' };
    case 'publicity': return { type: 'StartPublicity', applicationId, startOn: '2026-03-09' };
    case 'objection': return { type: 'RaiseObjection', applicationId, objectionId: `O${n % 2}`, groundsCode: 'trainee_absent', raisedOn: '2026-03-10' };
    case 'resolveUpheld': return { type: 'ResolveObjection', applicationId, objectionId: `O${n % 2}`, outcome: 'upheld', reasonCode: 'confirmed', resolvedBy: 'insp-1', resolvedOn: '2026-03-12' };
    case 'resolveDismissed': return { type: 'ResolveObjection', applicationId, objectionId: `O${n % 2}`, outcome: 'dismissed', reasonCode: 'unfounded', resolvedBy: 'insp-1', resolvedOn: '2026-03-12' };
    case 'approve': return { type: 'ApproveForPayment', applicationId, fundId: FUND, approvedBy: 'fin-1', approvedOn: '2026-03-20' };
    case 'instruct': return { type: 'InstructApplicationPayment', applicationId, paymentId, instructedOn: '2026-03-23' };
    case 'confirm': return { type: 'ConfirmApplicationPayment', applicationId, paymentId, bankReference: null, paidOn: '2026-03-24' };
    case 'bounce': return { type: 'BounceApplicationPayment', applicationId, paymentId, reasonCode: 'bank.returned', bouncedOn: '2026-03-24' };
    case 'recover': return { type: 'RecordApplicationRecovery', applicationId, recoveryId: `R${n % 2}`, amountFen: 1 + ((n * 37_919) % 150_000), findingId: null, documentRef: 'doc', recoveredOn: '2026-06-01' };
    case 'withdraw': return { type: 'WithdrawApplication', applicationId, reasonCode: 'applicant_request', withdrawnOn: '2026-03-05', commitmentReleased: false };
  }
}
