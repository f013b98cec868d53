import type { BusinessDate } from '../calendar/business-date.ts';
import type { CertificateLevel } from '../policy/certificate-level.ts';

export interface ProjectTerms {
  readonly effectiveFrom: BusinessDate;
  readonly occupationName: string;
  readonly standardHours: number;
  readonly rateFen: number;
}

export interface CataloguedProject {
  readonly projectId: string;
  readonly occupationCode: string;
  readonly level: CertificateLevel;
  /** Ascending by effectiveFrom; never empty. */
  readonly versions: readonly ProjectTerms[];
  /** Last day in force (inclusive); undefined while open-ended. */
  readonly effectiveTo: BusinessDate | undefined;
  readonly retired: boolean;
}

export interface CatalogueState {
  /**
   * By projectId. `evolve` updates this map in place (a catalogue holds thousands of
   * projects; copying it per event would make a fold quadratic): the folded state
   * belongs to whoever folded it, and `decide` only reads it.
   */
  readonly projects: Map<string, CataloguedProject>;
}

export function initialCatalogueState(): CatalogueState {
  return { projects: new Map() };
}

/** First day of a project. */
export function projectStart(p: CataloguedProject): BusinessDate {
  const first = p.versions[0];
  if (!first) throw new Error('invariant violated: a catalogued project has at least one version');
  return first.effectiveFrom;
}

/** The version whose terms are the latest. */
export function latestVersion(p: CataloguedProject): ProjectTerms {
  const last = p.versions[p.versions.length - 1];
  if (!last) throw new Error('invariant violated: a catalogued project has at least one version');
  return last;
}
