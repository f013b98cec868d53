import type { BusinessDate } from '../calendar/business-date.ts';
import type { CertificateLevel } from '../policy/certificate-level.ts';
import type { CatalogueState } from '../catalogue/state.ts';
import { projectInForce, type ProjectInForce } from '../catalogue/project-in-force.ts';
import type { InstitutionState } from '../institution/state.ts';
import { mayTrainThroughout, type MayTrainVerdict } from '../institution/status-on.ts';

/**
 * Facts from other streams that opening and approving a class need. The app layer
 * answers them from the folded catalogue and institution streams and from projections
 * (trainee registrations, enrolments) at the moment of the command.
 *
 * Races: these facts can change after the check (an institution suspended the next
 * minute, a trainee enrolled in another class at the same time). That is accepted here
 * because no money moves on a class: the application decider checks the institution's
 * standing over the class dates again when a subsidy is claimed, and the person's
 * entitlement stream guards every claim under its own expected revision.
 */
export interface ClassContext {
  /** 凡补必进: the catalogued project for the occupation and level in force on `date`. */
  projectInForce(occupationCode: string, level: CertificateLevel, date: BusinessDate): ProjectInForce | undefined;
  /** Whether the institution may train the occupation on every day of [from, to]. */
  institutionMayTrain(institutionId: string, occupationCode: string, from: BusinessDate, to: BusinessDate): MayTrainVerdict;
  /** Whether the person is registered as a trainee (实名制: no class without real-name registration). */
  traineeRegistered(personRef: string): boolean;
  /** Ids of other classes, not refused, whose dates overlap [from, to] with the person on the roster. */
  overlappingClasses(personRef: string, from: BusinessDate, to: BusinessDate): readonly string[];
  /** The request's business date (Asia/Shanghai); absent only for folds and replays of recorded histories. */
  readonly today?: BusinessDate;
}

export interface ClassContextSources {
  readonly catalogue: CatalogueState;
  /** The folded stream `institution-{creditCode}`; an unknown institution folds to the initial state. */
  institution(creditCode: string): InstitutionState;
  traineeRegistered(personRef: string): boolean;
  overlappingClasses(personRef: string, from: BusinessDate, to: BusinessDate): readonly string[];
}

/** The context from folded states, for the app layer and tests. */
export function classContextFrom(sources: ClassContextSources): ClassContext {
  return {
    projectInForce: (occupationCode, level, date) => projectInForce(sources.catalogue, occupationCode, level, date),
    institutionMayTrain: (id, occupationCode, from, to) => mayTrainThroughout(sources.institution(id), occupationCode, from, to),
    traineeRegistered: (ref) => sources.traineeRegistered(ref),
    overlappingClasses: (ref, from, to) => sources.overlappingClasses(ref, from, to),
  };
}
