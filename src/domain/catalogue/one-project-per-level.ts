import { compareBusinessDates, type BusinessDate } from '../calendar/business-date.ts';
import type { CertificateLevel } from '../policy/certificate-level.ts';
import { projectStart, type CatalogueState } from './state.ts';

/**
 * One occupation at one level has at most one catalogued project on any date, so the
 * rate and standard hours that apply on a date are never ambiguous. Returns the id of a
 * project whose life overlaps [from, to] (to open-ended when undefined), if any.
 */
export function overlappingProject(
  state: CatalogueState,
  occupationCode: string,
  level: CertificateLevel,
  from: BusinessDate,
  to: BusinessDate | undefined,
): string | undefined {
  for (const p of state.projects.values()) {
    if (p.occupationCode !== occupationCode || p.level !== level) continue;
    const startsBeforeOurEnd = to === undefined || compareBusinessDates(projectStart(p), to) <= 0;
    const endsAfterOurStart = p.effectiveTo === undefined || compareBusinessDates(p.effectiveTo, from) >= 0;
    if (startsBeforeOurEnd && endsAfterOurStart) return p.projectId;
  }
  return undefined;
}
