import { compareBusinessDates, type BusinessDate } from '../calendar/business-date.ts';
import type { CertificateLevel } from '../policy/certificate-level.ts';
import { projectStart, type CatalogueState, type CataloguedProject } from './state.ts';

/**
 * 凡补必进、不进不补: only a catalogued project is subsidised, on the terms in force on
 * the date that matters (a class's start, a certificate's issue date). This lookup is the
 * one place that answers "was this occupation and level catalogued on that date, and on
 * what terms?"; everything else asks it.
 */
export interface ProjectInForce {
  readonly projectId: string;
  readonly occupationCode: string;
  readonly occupationName: string;
  readonly level: CertificateLevel;
  readonly standardHours: number;
  readonly rateFen: number;
  /** First day of the terms returned (the project's start or its latest revision before the date). */
  readonly termsFrom: BusinessDate;
}

/** Whether `date` falls within the project's life, ignoring which version applies. */
export function projectCovers(p: CataloguedProject, date: BusinessDate): boolean {
  if (compareBusinessDates(date, projectStart(p)) < 0) return false;
  return p.effectiveTo === undefined || compareBusinessDates(date, p.effectiveTo) <= 0;
}

/** The terms of `p` in force on `date`, or undefined outside its life. */
export function termsOn(p: CataloguedProject, date: BusinessDate): ProjectInForce | undefined {
  if (!projectCovers(p, date)) return undefined;
  let terms = p.versions[0];
  for (const v of p.versions) {
    if (compareBusinessDates(v.effectiveFrom, date) > 0) break;
    terms = v;
  }
  if (!terms) return undefined;
  return {
    projectId: p.projectId,
    occupationCode: p.occupationCode,
    occupationName: terms.occupationName,
    level: p.level,
    standardHours: terms.standardHours,
    rateFen: terms.rateFen,
    termsFrom: terms.effectiveFrom,
  };
}

/**
 * The catalogued project for `occupationCode` at `level` in force on `date`, or
 * undefined: then nothing for it may be subsidised. At most one project matches (the
 * decider refuses overlapping projects for one occupation and level).
 */
export function projectInForce(
  state: CatalogueState,
  occupationCode: string,
  level: CertificateLevel,
  date: BusinessDate,
): ProjectInForce | undefined {
  for (const p of state.projects.values()) {
    if (p.occupationCode !== occupationCode || p.level !== level) continue;
    const terms = termsOn(p, date);
    if (terms) return terms;
  }
  return undefined;
}
