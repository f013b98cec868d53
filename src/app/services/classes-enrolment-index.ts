import { compareBusinessDates, type BusinessDate } from '../../domain/calendar/business-date.ts';
import type { EventStore, RecordedEvent } from '../../eventstore/port.ts';
import { indexPerStore, LogFollowingIndex } from './log-following-index.ts';

/**
 * Which classes each person is on the roster of, and the region of each class: what the
 * real-name roster rule (no one in two overlapping classes) and the region scope of
 * trainees need, and what no single stream can answer.
 *
 * Kept in memory, caught up from the store (readAll after the last position seen) before
 * every answer, so a command sees every event committed before it, its own process's or
 * another's. The placement tables of the read models (projections/shared/placement.sql)
 * hold the same facts but answer as of their checkpoint: a command asking them would
 * have to wait for the runner to reach the log's head (up to its batch delay) on every
 * class request, and they keep no class dates for the overlap rule. The cost is memory
 * (every roster entry) and one pass over the log on the first question after a start.
 * The port below is what the class and trainee services ask.
 */
export interface EnrolmentIndex {
  /** Ids of classes, not refused, whose dates overlap [from, to] with the person on the roster. */
  overlappingClasses(personRef: string, from: BusinessDate, to: BusinessDate): Promise<string[]>;
  /** Regions of the classes (not refused) with the person on the roster; empty when none. */
  regionsOf(personRef: string): Promise<string[]>;
}

interface Enrolment {
  classId: string;
  institutionId: string;
  startOn: BusinessDate;
  endOn: BusinessDate;
}


export class StoreEnrolmentIndex extends LogFollowingIndex implements EnrolmentIndex {
  private readonly regionByInstitution = new Map<string, string>();
  private readonly classesByPerson = new Map<string, Enrolment[]>();
  private readonly refused = new Set<string>();

  async overlappingClasses(personRef: string, from: BusinessDate, to: BusinessDate): Promise<string[]> {
    await this.catchUp();
    return (this.classesByPerson.get(personRef) ?? [])
      .filter((e) => !this.refused.has(e.classId) && compareBusinessDates(e.startOn, to) <= 0 && compareBusinessDates(e.endOn, from) >= 0)
      .map((e) => e.classId);
  }

  async regionsOf(personRef: string): Promise<string[]> {
    await this.catchUp();
    const regions = new Set<string>();
    for (const e of this.classesByPerson.get(personRef) ?? []) {
      const region = this.regionByInstitution.get(e.institutionId);
      if (region !== undefined && !this.refused.has(e.classId)) regions.add(region);
    }
    return [...regions];
  }

  protected apply(e: RecordedEvent): void {
    switch (e.type) {
      case 'InstitutionRegistered': {
        const d = e.data as { creditCode: string; regionCode: string };
        this.regionByInstitution.set(d.creditCode, d.regionCode);
        return;
      }
      case 'ClassOpeningRequested': {
        const d = e.data as { classId: string; institutionId: string; startOn: string; endOn: string; roster: string[] };
        for (const ref of d.roster) {
          const list = this.classesByPerson.get(ref) ?? [];
          list.push({ classId: d.classId, institutionId: d.institutionId, startOn: d.startOn, endOn: d.endOn });
          this.classesByPerson.set(ref, list);
        }
        return;
      }
      case 'ClassOpeningRefused':
        // The class id is the stream's id (`class-{classId}`).
        this.refused.add(e.stream.slice('class-'.length));
        return;
      default:
        return;
    }
  }
}

/** The one index of a store in this process (shared by every request). */
export const enrolmentIndexFor: (store: EventStore) => EnrolmentIndex = indexPerStore((store) => new StoreEnrolmentIndex(store));
