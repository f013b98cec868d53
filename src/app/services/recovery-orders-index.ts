import type { EventStore, RecordedEvent } from '../../eventstore/port.ts';
import { indexPerStore, LogFollowingIndex } from './log-following-index.ts';

/**
 * What no single stream answers for findings: which recovery orders each finding issued
 * (closing a finding needs what they still have to recover), which orders claim money
 * back from a payment (a new order may claim only what the others leave), and which
 * findings exist in which region (the overdue sweep walks them).
 *
 * INTERIM, like the class enrolment index: kept in memory and caught up from the store
 * (readAll after the last position seen) before every answer, so it reflects every
 * committed event. A projection can replace it behind the same two questions.
 */
export interface FindingsIndex {
  /** Ids of the recovery orders issued for a finding, in the order issued. */
  ordersOf(findingId: string): Promise<string[]>;
  /** Ids of the recovery orders with a line on this payment of this application, in the order issued. */
  ordersOnPayment(applicationId: string, paymentId: string): Promise<string[]>;
  /** Ids of the findings raised in a region within `scope` (all when undefined), in the order raised. */
  findingsWithin(scope: (regionCode: string) => boolean): Promise<string[]>;
}

class StoreFindingsIndex extends LogFollowingIndex implements FindingsIndex {
  private readonly orders = new Map<string, string[]>();
  private readonly findings = new Map<string, string>();
  private readonly byPayment = new Map<string, string[]>();
  protected readonly eventTypes = ['RecoveryOrderIssued', 'FindingRaised'];

  async ordersOf(findingId: string): Promise<string[]> {
    await this.catchUp();
    return [...(this.orders.get(findingId) ?? [])];
  }

  async ordersOnPayment(applicationId: string, paymentId: string): Promise<string[]> {
    await this.catchUp();
    return [...(this.byPayment.get(paymentKey(applicationId, paymentId)) ?? [])];
  }

  async findingsWithin(scope: (regionCode: string) => boolean): Promise<string[]> {
    await this.catchUp();
    return [...this.findings].filter(([, region]) => scope(region)).map(([id]) => id);
  }

  protected apply(e: RecordedEvent): void {
    if (e.type === 'RecoveryOrderIssued') {
      const d = e.data as { orderId: string; findingId: string; lines: { applicationId: string; paymentId: string }[] };
      addTo(this.orders, d.findingId, d.orderId);
      for (const l of d.lines) addTo(this.byPayment, paymentKey(l.applicationId, l.paymentId), d.orderId);
    } else if (e.type === 'FindingRaised') {
      const d = e.data as { findingId: string; regionCode: string };
      this.findings.set(d.findingId, d.regionCode);
    }
  }
}

function paymentKey(applicationId: string, paymentId: string): string {
  return JSON.stringify([applicationId, paymentId]);
}

function addTo(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key) ?? [];
  if (!list.includes(id)) list.push(id);
  map.set(key, list);
}

/** The one index of a store in this process (shared by every request). */
export const findingsIndexFor: (store: EventStore) => FindingsIndex = indexPerStore((store) => new StoreFindingsIndex(store));
