import { reject, type Rejection } from '../decider.ts';
import type { ProjectInForce } from '../catalogue/project-in-force.ts';
import type { CertificateLevel } from '../policy/certificate-level.ts';
import type { ClassContext } from './context.ts';

/**
 * 两目录, 凡补必进、不进不补: a class trains a catalogued project (the occupation and level
 * in force on its first day), at an institution listed for that occupation and neither
 * suspended, delisted, blacklisted nor revoked on any day of the class. The plan must
 * hold at least the project's standard hours.
 */
export interface ClassTerms {
  readonly institutionId: string;
  readonly occupationCode: string;
  readonly level: CertificateLevel;
  readonly startOn: string;
  readonly endOn: string;
  readonly plannedHours: number;
}

export function checkCataloguedAndListed(c: ClassTerms, ctx: ClassContext): ProjectInForce | Rejection {
  const project = ctx.projectInForce(c.occupationCode, c.level, c.startOn);
  if (!project) {
    return reject('class.project_not_catalogued', `no catalogued project for ${c.occupationCode} at ${c.level} on ${c.startOn}`, 'occupationCode');
  }
  const verdict = ctx.institutionMayTrain(c.institutionId, c.occupationCode, c.startOn, c.endOn);
  if (!verdict.ok) {
    const why = verdict.cause === 'status' ? `is ${verdict.status}` : `is not approved for ${c.occupationCode}`;
    return reject('class.institution_may_not_train', `the institution ${why} on ${verdict.on}`, 'institutionId');
  }
  if (c.plannedHours < project.standardHours) {
    return reject('class.plan_below_standard_hours', `the plan holds ${c.plannedHours} hours; the project's standard is ${project.standardHours}`, 'plan.plannedHours');
  }
  return project;
}
