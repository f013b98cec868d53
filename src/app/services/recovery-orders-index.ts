import type { EventStore, RecordedEvent } from '../../eventstore/port.ts';
import { indexPerStore, LogFollowingIndex } from './log-following-index.ts';

/**
 * What no single stream answers for findings: which recovery orders each finding issued
 * (closing a finding needs what they still have to recover), and which findings exist in
 * which region (the overdue sweep walks them).
 *
 * INTERIM, like the class enrolment index: kept in memory and caught up from the store
 * (readAll after the last position seen) before every answer, so it reflects every
 * committed event. A projection can replace it behind the same two questions.
 */
export interface FindingsIndex {
  /** Ids of the recovery orders issued for a finding, in the order issued. */
  ordersOf(findingId: string): Promise<string[]>;
  /** Ids of the findings raised in a region within `scope` (all when undefined), in the order raised. */
  findingsWithin(scope: (regionCode: string) => boolean): Promise<string[]>;
}

class StoreFindingsIndex extends LogFollowingIndex implements FindingsIndex {
  private readonly orders = new Map<string, string[]>();
  private readonly findings = new Map<string, string>();
  protected readonly eventTypes = ['RecoveryOrderIssued', 'FindingRaised'];

  async ordersOf(findingId: string): Promise<string[]> {
    await this.catchUp();
    return [...(this.orders.get(findingId) ?? [])];
  }

  async findingsWithin(scope: (regionCode: string) => boolean): Promise<string[]> {
    await this.catchUp();
    return [...this.findings].filter(([, region]) => scope(region)).map(([id]) => id);
  }

  protected apply(e: RecordedEvent): void {
    if (e.type === 'RecoveryOrderIssued') {
      const d = e.data as { orderId: string; findingId: string };
      const list = this.orders.get(d.findingId) ?? [];
      if (!list.includes(d.orderId)) list.push(d.orderId);
      this.orders.set(d.findingId, list);
    } else if (e.type === 'FindingRaised') {
      const d = e.data as { findingId: string; regionCode: string };
      this.findings.set(d.findingId, d.regionCode);
    }
  }
}

/** The one index of a store in this process (shared by every request). */
export const findingsIndexFor: (store: EventStore) => FindingsIndex = indexPerStore((store) => new StoreFindingsIndex(store));
