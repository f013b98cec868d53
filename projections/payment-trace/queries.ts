import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { personInRegion } from '../shared/placement.ts';
import { regionInPrefix, type RegionPrefix } from '../shared/region.ts';
import { eventTypeOfStep, streamOfStep } from './steps.ts';

/** Fund links shown before the commitment: the opening, and the latest allocations and adjustments. */
export const FUND_LINKS_MAX = 50;

export interface TraceLink {
  /** What the event did on the money's way (see 0001_payment_trace.sql for the steps). */
  step: string;
  position: number;
  eventId: string;
  stream: string;
  eventType: string;
  actor: { id: string; role: string };
  occurredAt: string;
  recordedAt: string;
  businessDate: string;
  amountFen: number | null;
  fundId: string | null;
  paymentId: string | null;
  detail: Record<string, unknown>;
}

export interface TracePayment {
  paymentId: string;
  fundId: string;
  amountFen: number;
  status: 'instructed' | 'confirmed' | 'bounced';
  recoveredFen: number;
}

/** Sums of the fund's side of the chain (the fund decides money; the application records it). */
export interface TraceTotals {
  approvedFen: number;
  releasedFen: number;
  instructedFen: number;
  bouncedFen: number;
  confirmedFen: number;
  recoveredFen: number;
  /** instructed − bounced: what left the fund and stayed out (in flight or confirmed). */
  paidFen: number;
  /** paid − recovered: what the application cost the fund in the end. */
  netPaidFen: number;
  /** approved − released − paid: still set aside for it. */
  committedFen: number;
}

export interface PaymentTrace {
  applicationId: string;
  subsidyKind: string;
  institutionId: string | null;
  regionCode: string | null;
  amountFen: number;
  fundId: string | null;
  /** Every link, in global position order. */
  links: TraceLink[];
  /** Fund allocations and adjustments before the commitment not shown (beyond FUND_LINKS_MAX). */
  fundLinksOmitted: number;
  payments: TracePayment[];
  totals: TraceTotals;
}

interface ApplicationRow {
  application_id: string;
  subsidy_kind: string;
  person_ref: string;
  institution_id: string | null;
  region_code: string | null;
  amount_fen: number;
  fund_id: string | null;
  committed_position: number | null;
}

interface LinkRow {
  position: number;
  application_id: string;
  event_id: string;
  step: string;
  actor_id: string;
  actor_role: string;
  occurred_at: string;
  recorded_at: string;
  business_date: string;
  amount_fen: number | null;
  fund_id: string | null;
  payment_id: string | null;
  detail: string;
}

/** The application a payment was made for, when the payment is known. */
export function applicationOfPayment(db: SqliteDatabase, paymentId: string): string | undefined {
  return db.prepare('SELECT application_id FROM trace_payment WHERE payment_id = ?').pluck().get(paymentId) as string | undefined;
}

/** Whether the application lies in the region prefix: its institution's region, else its person's. */
export function traceInRegion(db: SqliteDatabase, applicationId: string, prefix: RegionPrefix): boolean | undefined {
  const row = db.prepare('SELECT region_code, person_ref FROM trace_application WHERE application_id = ?').get(applicationId) as
    | { region_code: string | null; person_ref: string }
    | undefined;
  if (row === undefined) return undefined;
  return row.region_code !== null ? regionInPrefix(row.region_code, prefix) : personInRegion(db, row.person_ref, prefix);
}

function view(r: LinkRow): TraceLink {
  return {
    step: r.step,
    position: r.position,
    eventId: r.event_id,
    stream: streamOfStep(r.step, r.application_id, r.fund_id),
    eventType: eventTypeOfStep(r.step),
    actor: { id: r.actor_id, role: r.actor_role },
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
    businessDate: r.business_date,
    amountFen: r.amount_fen,
    fundId: r.fund_id,
    paymentId: r.payment_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  };
}

/** The application's whole chain, or undefined when it was never submitted. Read in one transaction. */
export function paymentTraceOf(db: SqliteDatabase, applicationId: string): PaymentTrace | undefined {
  return db.transaction(() => {
    const app = db.prepare('SELECT * FROM trace_application WHERE application_id = ?').get(applicationId) as ApplicationRow | undefined;
    if (app === undefined) return undefined;
    const own = db.prepare('SELECT * FROM trace_link WHERE application_id = ? ORDER BY position').all(applicationId) as LinkRow[];
    const fund = fundLinks(db, app);
    const links = [...fund.rows.map((r) => view({ ...r, application_id: app.application_id, fund_id: app.fund_id, payment_id: null })), ...own.map(view)];
    links.sort((a, b) => a.position - b.position);
    return {
      applicationId: app.application_id,
      subsidyKind: app.subsidy_kind,
      institutionId: app.institution_id,
      regionCode: app.region_code,
      amountFen: app.amount_fen,
      fundId: app.fund_id,
      links,
      fundLinksOmitted: fund.omitted,
      payments: paymentsOf(links),
      totals: totalsOf(links),
    };
  })();
}

type FundLinkRow = Omit<LinkRow, 'application_id' | 'fund_id' | 'payment_id'>;

function fundLinks(db: SqliteDatabase, app: ApplicationRow): { rows: FundLinkRow[]; omitted: number } {
  if (app.fund_id === null || app.committed_position === null) return { rows: [], omitted: 0 };
  const opened = db.prepare("SELECT * FROM trace_fund_link WHERE fund_id = ? AND step = 'fund_opened'").all(app.fund_id) as FundLinkRow[];
  const before = db
    .prepare("SELECT * FROM trace_fund_link WHERE fund_id = ? AND position < ? AND step <> 'fund_opened' ORDER BY position DESC LIMIT ?")
    .all(app.fund_id, app.committed_position, FUND_LINKS_MAX) as FundLinkRow[];
  const total = db.prepare("SELECT count(*) FROM trace_fund_link WHERE fund_id = ? AND position < ? AND step <> 'fund_opened'").pluck().get(app.fund_id, app.committed_position) as number;
  return { rows: [...opened, ...before], omitted: total - before.length };
}

function totalsOf(links: readonly TraceLink[]): TraceTotals {
  const sum = (step: string) => links.reduce((n, l) => (l.step === step ? n + (l.amountFen ?? 0) : n), 0);
  const approvedFen = sum('commitment');
  const releasedFen = sum('commitment_released');
  const instructedFen = sum('payment_instructed');
  const bouncedFen = sum('bank_bounced');
  const recoveredFen = sum('recovery_received');
  const paidFen = instructedFen - bouncedFen;
  return {
    approvedFen,
    releasedFen,
    instructedFen,
    bouncedFen,
    confirmedFen: sum('bank_confirmed'),
    recoveredFen,
    paidFen,
    netPaidFen: paidFen - recoveredFen,
    committedFen: approvedFen - releasedFen - paidFen,
  };
}

function paymentsOf(links: readonly TraceLink[]): TracePayment[] {
  const payments = new Map<string, TracePayment>();
  for (const l of links) {
    if (l.paymentId === null || l.fundId === null) continue;
    if (l.step === 'payment_instructed') payments.set(l.paymentId, { paymentId: l.paymentId, fundId: l.fundId, amountFen: l.amountFen ?? 0, status: 'instructed', recoveredFen: 0 });
    const p = payments.get(l.paymentId);
    if (p === undefined) continue;
    if (l.step === 'bank_confirmed') p.status = 'confirmed';
    if (l.step === 'bank_bounced') p.status = 'bounced';
    if (l.step === 'recovery_received') p.recoveredFen += l.amountFen ?? 0;
  }
  return [...payments.values()];
}
