import type { Principal } from '../../access/roles.ts';
import type { ApplicationCommandOf } from '../../domain/application/commands.ts';
import type { CertificateFacts, ClassFacts, InstitutionFacts, ProjectFacts, SubmissionFacts } from '../../domain/application/context.ts';
import type { ApplicationState } from '../../domain/application/state.ts';
import { termsOn } from '../../domain/catalogue/project-in-force.ts';
import { traineeInClass, type TraineeInClass } from '../../domain/class/facts.ts';
import { entitlementDecider, entitlementStream } from '../../domain/entitlement/decider.ts';
import { mayTrainThroughout } from '../../domain/institution/status-on.ts';
import type { InstitutionState } from '../../domain/institution/state.ts';
import { certificateBySerial, insuranceOf } from '../../domain/trainee/state.ts';
import type { AppDeps } from '../app-deps.ts';
import { catalogueIdFor, loadCatalogue } from './catalogue.ts';
import { loadClass } from './classes.ts';
import { loadInstitution } from './institutions.ts';
import { loadState } from './load-state.ts';
import { assertInScope, RegionScopeError } from './region-scope.ts';
import { loadTrainee, traineeInScope } from './trainees.ts';

/**
 * The facts a submission is judged on (src/domain/application/context.ts), read from the
 * streams that own them just before the saga runs. None of these reads is guarded by an
 * expected revision, and none needs to be for money or quota:
 * - the person's other claims are read here to refuse early, and decided again by the
 *   entitlement stream, whose revision guards them (the saga's first step);
 * - the certificate, the class and its hours are final once recorded (a class is judged
 *   on its completed state, which nothing changes afterwards);
 * - the institution sanctioned, or the catalogue revised, a moment after this read: the
 *   application is judged on the standing over the CLASS dates, which lie in the past, so
 *   a later sanction does not change the verdict (domain.md: "on the class dates").
 *
 * Gaps, said plainly: no register of 代为申请协议 (proxy agreements) exists yet, so an
 * institution that names its agreement in the request is taken to have it on file; and no
 * shortage-occupation list is in the policy data yet, so `shortageOccupation` is false
 * (the smaller 2025 skill-upgrade limit applies). Both are one function each below.
 */

type Deps = Pick<AppDeps, 'store' | 'cache' | 'locks' | 'policy'>;
type Submit = ApplicationCommandOf<'SubmitApplication'>;

/** The region an institution lies in: its registration's, else the area in its code (GB 32100 characters 3–8). */
export function institutionRegion(institutionId: string, state: InstitutionState): string {
  return state.registered ? state.regionCode : institutionId.slice(2, 8);
}

export async function submissionFacts(deps: Deps, c: Submit): Promise<SubmissionFacts> {
  const trainee = await loadTrainee(deps, c.personRef);
  const recorded = certificateBySerial(trainee, c.certificateSerial);
  const certificate: CertificateFacts | undefined = recorded
    ? { serial: recorded.serialNumber, personRef: c.personRef, occupationCode: recorded.occupationCode, level: recorded.level, issuedOn: recorded.issuedOn }
    : undefined;
  const inClass = c.classId === null ? undefined : traineeInClass(await loadClass(deps, c.classId), c.personRef);
  const placement = inClass ? await placementFacts(deps, c, inClass) : { project: undefined, institution: undefined };
  const { state: entitlement } = await loadState(deps, entitlementStream(c.personRef), entitlementDecider({ policy: deps.policy }));
  return {
    certificate,
    trainingClass: inClass ? classFacts(inClass) : undefined,
    project: placement.project,
    institution: placement.institution,
    insuredMonths: insuranceOf(trainee)?.months,
    shortageOccupation: onShortageList(certificate),
    entitlement,
  };
}

function classFacts(c: TraineeInClass): ClassFacts {
  const { classId, institutionId, projectId, startOn, endOn, completed, onRoster, attendedHours } = c;
  return { classId, institutionId, projectId, startOn, endOn, completed, onRoster, attendedHours };
}

/**
 * The class's own project as catalogued on its first day (so a certificate of another
 * trade is reported as a mismatch, not as an uncatalogued project), and the institution's
 * standing over every day of the class.
 */
async function placementFacts(deps: Deps, c: Submit, cls: TraineeInClass): Promise<{ project: ProjectFacts | undefined; institution: InstitutionFacts }> {
  const institutionState = await loadInstitution(deps, cls.institutionId);
  const catalogue = await loadCatalogue(deps, catalogueIdFor(institutionRegion(cls.institutionId, institutionState)));
  const listed = catalogue.projects.get(cls.projectId);
  const terms = listed ? termsOn(listed, cls.startOn) : undefined;
  const project = terms ? { projectId: terms.projectId, occupationCode: terms.occupationCode, level: terms.level, standardHours: terms.standardHours } : undefined;
  const institution: InstitutionFacts = {
    institutionId: cls.institutionId,
    standing: mayTrainThroughout(institutionState, cls.occupationCode, cls.startOn, cls.endOn),
    proxyAgreementOnFile: proxyAgreementOnFile(c, cls.institutionId),
  };
  return { project, institution };
}

/** See the gap above: the agreement named by the institution that ran the class is taken as on file. */
function proxyAgreementOnFile(c: Submit, institutionId: string): boolean {
  return c.applicant.kind === 'institution' && c.applicant.institutionId === institutionId && c.applicant.proxyAgreementRef.length > 0;
}

/** See the gap above: no shortage-occupation list is loaded yet. */
function onShortageList(_certificate: CertificateFacts | undefined): boolean {
  return false;
}

/**
 * Region scope of an application (issue 4). A training subsidy lies in the region of the
 * institution that ran its class (fixed at the institution's registration, so a check on
 * the folded state cannot go stale). A skill-upgrade subsidy has no class: it lies where
 * the person does, i.e. the regions of the rosters that hold them (the trainee rule of
 * src/app/services/trainees.ts); a person on no roster is seen by principals without a
 * region only. Throws RegionScopeError before anything is written.
 */
export async function assertApplicationInScope(
  deps: Deps,
  principal: Principal,
  placement: { subsidyKind: string; institutionId: string | null; personRef: string },
): Promise<void> {
  if (principal.region === undefined) return;
  if (placement.institutionId !== null) {
    const state = await loadInstitution(deps, placement.institutionId);
    assertInScope(principal, institutionRegion(placement.institutionId, state), 'application');
    return;
  }
  if (!(await traineeInScope(deps, principal, placement.personRef))) throw new RegionScopeError('application', principal.region);
}

/** The region check of a submission, before the application exists: through its class, or its person. */
export async function assertSubmissionInScope(deps: Deps, principal: Principal, c: Submit): Promise<void> {
  if (principal.region === undefined) return;
  if (c.classId !== null) {
    const opening = (await loadClass(deps, c.classId)).opening;
    // An unknown class has no region: the decider refuses it (application.class_not_found).
    if (opening) await assertApplicationInScope(deps, principal, { subsidyKind: c.subsidyKind, institutionId: opening.institutionId, personRef: c.personRef });
    return;
  }
  await assertApplicationInScope(deps, principal, { subsidyKind: c.subsidyKind, institutionId: null, personRef: c.personRef });
}

/** The region check of an existing application; a command on one never submitted is left to the decider. */
export async function assertStateInScope(deps: Deps, principal: Principal, state: ApplicationState): Promise<void> {
  if (state.submission === null) return;
  await assertApplicationInScope(deps, principal, state.submission);
}
