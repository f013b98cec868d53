import type { FundEvent } from '../../../src/domain/fund/events.ts';
import { availableFen } from '../../../src/domain/fund/available.ts';
import type { FundState } from '../../../src/domain/fund/state.ts';

/**
 * The finance invariants, checked against a naive reference recomputed from the raw
 * event list (not from the decider's own bookkeeping), so a bug in evolve cannot hide
 * itself. Returns the violations found, empty when all hold.
 */
export function fundViolations(events: readonly FundEvent[], state: FundState): string[] {
  const out: string[] = [];
  let allocated = 0;
  let recovered = 0;
  let adjusted = 0;
  const approved = new Map<string, number>();
  const released = new Map<string, number>();
  const payments = new Map<string, { app: string; amount: number; status: string; recovered: number }>();
  for (const e of events) {
    switch (e.type) {
      case 'FundAllocationReceived': allocated += e.data.amountFen; break;
      case 'FundAdjusted': adjusted += e.data.amountFen; break;
      case 'FundRecoveryReceived': {
        recovered += e.data.amountFen;
        const p = payments.get(e.data.paymentId);
        if (!p || p.status !== 'confirmed') out.push(`recovery ${e.data.recoveryId} from a payment that is not confirmed`);
        if (p) p.recovered += e.data.amountFen;
        break;
      }
      case 'FundCommitted':
        if (approved.has(e.data.applicationId)) out.push(`application ${e.data.applicationId} committed twice`);
        approved.set(e.data.applicationId, e.data.amountFen);
        break;
      case 'FundCommitmentReleased': released.set(e.data.applicationId, (released.get(e.data.applicationId) ?? 0) + e.data.amountFen); break;
      case 'FundPaymentInstructed': payments.set(e.data.paymentId, { app: e.data.applicationId, amount: e.data.amountFen, status: 'instructed', recovered: 0 }); break;
      case 'FundPaymentConfirmed': payments.get(e.data.paymentId)!.status = 'confirmed'; break;
      case 'FundPaymentBounced': payments.get(e.data.paymentId)!.status = 'bounced'; break;
      case 'FundOpened': break;
    }
  }
  const livePaid = new Map<string, number>();
  const liveCount = new Map<string, number>();
  for (const p of payments.values()) {
    if (p.recovered > p.amount) out.push(`payment recovered above its amount`);
    if (p.status === 'bounced') continue;
    livePaid.set(p.app, (livePaid.get(p.app) ?? 0) + p.amount);
    liveCount.set(p.app, (liveCount.get(p.app) ?? 0) + 1);
  }
  let committed = 0;
  let paid = 0;
  for (const [app, amount] of approved) {
    const paidForApp = livePaid.get(app) ?? 0;
    if (paidForApp > amount) out.push(`application ${app}: paid ${paidForApp} above approved ${amount}`);
    if ((liveCount.get(app) ?? 0) > 1) out.push(`application ${app} paid twice`);
    const rel = released.get(app) ?? 0;
    committed += amount - paidForApp - rel;
    paid += paidForApp;
  }
  for (const app of livePaid.keys()) if (!approved.has(app)) out.push(`application ${app} paid without a commitment`);
  const available = availableFen(state.totals);
  if (available < 0) out.push(`available ${available} below zero`);
  if (allocated + recovered + adjusted !== available + committed + paid) {
    out.push(`money not conserved: ${allocated} + ${recovered} + ${adjusted} ≠ ${available} + ${committed} + ${paid}`);
  }
  if (state.totals.committedFen !== committed || state.totals.paidFen !== paid) {
    out.push(`totals disagree with the reference: committed ${state.totals.committedFen}/${committed}, paid ${state.totals.paidFen}/${paid}`);
  }
  return out;
}
