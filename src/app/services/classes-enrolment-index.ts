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
 * (a map slot per person on a roster, each class's facts held once) and one pass over
 * the log on the first question after a start.
 * The port below is what the class and trainee services ask.
 */
export interface EnrolmentIndex {
  /** Ids of classes, not refused, whose dates overlap [from, to] with the person on the roster. */
  overlappingClasses(personRef: string, from: BusinessDate, to: BusinessDate): Promise<string[]>;
  /**
   * Regions of the APPROVED classes with the person on the roster; empty when none. A request
   * alone gives no scope: any registrar may list anyone on a request, and a region's staff
   * would otherwise see (and act for) another region's people by asking to open a class.
   */
  regionsOf(personRef: string): Promise<string[]>;
}

/**
 * One per class, shared by every person on its roster: the roster entries are what grows
 * with the log (hundreds of thousands of people in a province), so each costs one map
 * slot holding a reference, not an object and four strings of its own.
 */
interface ClassSlot {
  readonly classId: string;
  readonly institutionId: string;
  readonly startOn: BusinessDate;
  readonly endOn: BusinessDate;
  approved: boolean;
  refused: boolean;
}

/** Most people are on one roster: the slot itself; an array only from the second class on. */
type Enrolments = ClassSlot | ClassSlot[];

function slotsOf(entry: Enrolments | undefined): readonly ClassSlot[] {
  if (entry === undefined) return [];
  return Array.isArray(entry) ? entry : [entry];
}

export class StoreEnrolmentIndex extends LogFollowingIndex implements EnrolmentIndex {
  private readonly regionByInstitution = new Map<string, string>();
  private readonly classes = new Map<string, ClassSlot>();
  private readonly byPerson = new Map<string, Enrolments>();
  protected readonly eventTypes = ['InstitutionRegistered', 'ClassOpeningRequested', 'ClassOpeningApproved', 'ClassOpeningRefused'];

  async overlappingClasses(personRef: string, from: BusinessDate, to: BusinessDate): Promise<string[]> {
    await this.catchUp();
    return slotsOf(this.byPerson.get(personRef))
      .filter((e) => !e.refused && compareBusinessDates(e.startOn, to) <= 0 && compareBusinessDates(e.endOn, from) >= 0)
      .map((e) => e.classId);
  }

  async regionsOf(personRef: string): Promise<string[]> {
    await this.catchUp();
    const regions = new Set<string>();
    for (const e of slotsOf(this.byPerson.get(personRef))) {
      const region = this.regionByInstitution.get(e.institutionId);
      if (region !== undefined && e.approved && !e.refused) regions.add(region);
    }
    return [...regions];
  }

  /** People on at least one roster. */
  get people(): number {
    return this.byPerson.size;
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
        const slot: ClassSlot = { classId: d.classId, institutionId: d.institutionId, startOn: d.startOn, endOn: d.endOn, approved: false, refused: false };
        this.classes.set(d.classId, slot);
        for (const ref of d.roster) this.enrol(ref, slot);
        return;
      }
      case 'ClassOpeningApproved':
      case 'ClassOpeningRefused': {
        // The class id is the stream's id (`class-{classId}`); its request came earlier in the same stream, so earlier in the log.
        const slot = this.classes.get(e.stream.slice('class-'.length));
        if (slot === undefined) return;
        if (e.type === 'ClassOpeningApproved') slot.approved = true;
        else slot.refused = true;
        return;
      }
      default:
        return;
    }
  }

  private enrol(personRef: string, slot: ClassSlot): void {
    const entry = this.byPerson.get(personRef);
    if (entry === undefined) this.byPerson.set(personRef, slot);
    else if (Array.isArray(entry)) entry.push(slot);
    else this.byPerson.set(personRef, [entry, slot]);
  }
}

/** The one index of a store in this process (shared by every request). */
export const enrolmentIndexFor: (store: EventStore) => EnrolmentIndex = indexPerStore((store) => new StoreEnrolmentIndex(store));
