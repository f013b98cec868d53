import type { CatalogueState } from '../catalogue/state.ts';
import { projectInForce } from '../catalogue/project-in-force.ts';
import { traineeInClass } from '../class/facts.ts';
import type { ClassState } from '../class/state.ts';
import type { EntitlementState } from '../entitlement/state.ts';
import { mayTrainThroughout } from '../institution/status-on.ts';
import type { InstitutionState } from '../institution/state.ts';
import { certificateBySerial, insuranceOf, type TraineeState } from '../trainee/state.ts';
import type { ClassFacts, InstitutionFacts, ProjectFacts, SubmissionFacts } from './context.ts';

/**
 * Builds the facts a submission is decided on from the folded states of the aggregates
 * that own them: the trainee record (certificate, insured months), the class (roster,
 * completion, hours), the project catalogue and the institution. Pure, so the app layer
 * only has to load those states (from projections, or by folding their streams) and the
 * person's entitlement stream, which it must read directly: the entitlement is the one
 * fact a race can change, and its stream decides again when the claim is reserved.
 */
export interface SubmissionSources {
  readonly personRef: string;
  readonly certificateSerial: string;
  readonly trainee: TraineeState;
  /** The class named by the command (training subsidies); undefined when there is none. */
  readonly trainingClass: ClassState | undefined;
  readonly catalogue: CatalogueState;
  /** The institution that ran the class; undefined when none is registered under its id. */
  readonly institution: InstitutionState | undefined;
  /** A 代为申请协议 between that institution and the person is on file (held outside the log). */
  readonly proxyAgreementOnFile: boolean;
  /** Occupation codes on the region's shortage list on the submission date (policy data). */
  readonly shortageOccupations: ReadonlySet<string>;
  readonly entitlement: EntitlementState;
}

export function submissionFactsFrom(src: SubmissionSources): SubmissionFacts {
  const recorded = src.trainee.registered && src.trainee.personRef === src.personRef ? certificateBySerial(src.trainee, src.certificateSerial) : undefined;
  const certificate = recorded && {
    serial: recorded.serialNumber,
    personRef: src.personRef,
    occupationCode: recorded.occupationCode,
    level: recorded.level,
    issuedOn: recorded.issuedOn,
  };
  const trainingClass = classFacts(src);
  return {
    certificate,
    trainingClass,
    project: trainingClass && projectFacts(src.catalogue, trainingClass),
    institution: trainingClass && institutionFacts(src, trainingClass),
    insuredMonths: insuranceOf(src.trainee)?.months,
    shortageOccupation: certificate !== undefined && src.shortageOccupations.has(certificate.occupationCode),
    entitlement: src.entitlement,
  };
}

interface ClassWithTerms extends ClassFacts {
  readonly occupationCode: string;
  readonly level: ProjectFacts['level'];
}

function classFacts(src: SubmissionSources): ClassWithTerms | undefined {
  if (!src.trainingClass) return undefined;
  const c = traineeInClass(src.trainingClass, src.personRef);
  if (!c) return undefined;
  const { classId, institutionId, projectId, startOn, endOn, completed, onRoster, attendedHours, occupationCode, level } = c;
  return { classId, institutionId, projectId, startOn, endOn, completed, onRoster, attendedHours, occupationCode, level };
}

/** 凡补必进: the project catalogued for the class's occupation and level on its first day. */
function projectFacts(catalogue: CatalogueState, cls: ClassWithTerms): ProjectFacts | undefined {
  const p = projectInForce(catalogue, cls.occupationCode, cls.level, cls.startOn);
  return p && { projectId: p.projectId, occupationCode: p.occupationCode, level: p.level, standardHours: p.standardHours };
}

/** The institution's standing on every day of the class, for the class's occupation. */
function institutionFacts(src: SubmissionSources, cls: ClassWithTerms): InstitutionFacts | undefined {
  if (!src.institution || !src.institution.registered) return undefined;
  const standing = mayTrainThroughout(src.institution, cls.occupationCode, cls.startOn, cls.endOn);
  return { institutionId: cls.institutionId, standing, proxyAgreementOnFile: src.proxyAgreementOnFile };
}
