import { reject, type Rejection } from '../decider.ts';
import type { ClassFacts, InstitutionFacts } from './context.ts';

/**
 * Only catalogued institutions, listed for the occupation and not suspended, delisted,
 * blacklisted or revoked on ANY day of the class. The app layer evaluates the institution
 * over the class dates (institution `mayTrainThroughout`); this turns the verdict into the
 * rejection that names the first failing day.
 */
export function requireInstitutionInGoodStanding(institution: InstitutionFacts | undefined, cls: ClassFacts): InstitutionFacts | Rejection {
  if (!institution || institution.institutionId !== cls.institutionId) {
    return reject('application.institution_not_catalogued', `institution ${cls.institutionId} is not in the catalogue`, 'classId');
  }
  const s = institution.standing;
  if (s.ok) return institution;
  if (s.cause === 'occupation') {
    return reject('application.institution_not_listed_for_occupation', `institution ${institution.institutionId} was not approved for the occupation on ${s.on}`, 'classId');
  }
  if (s.status === 'unlisted') {
    return reject('application.institution_not_catalogued', `institution ${institution.institutionId} was not in the catalogue on ${s.on}`, 'classId');
  }
  return reject('application.institution_sanctioned', `institution ${institution.institutionId} was ${s.status} on ${s.on}, during the class`, 'classId');
}
