import { parseBusinessDate } from '../calendar/business-date.ts';
import { invariant, reject, type Decision, type Rejection } from '../decider.ts';
import { quotaOn } from '../entitlement/decider.ts';
import { checkEntitlement } from '../entitlement/eligibility.ts';
import { requireWithinApplicationWindow } from './application-window.ts';
import { requireCataloguedProject } from './catalogued-project.ts';
import { requireCompletedClass } from './class-completion.ts';
import type { ApplicationCommandOf } from './commands.ts';
import type { ApplicationContext, CertificateFacts, SubmissionFacts } from './context.ts';
import type { ApplicationEvent } from './events.ts';
import { requireInstitutionInGoodStanding } from './institution-standing.ts';
import { requireInsuredLongEnough } from './insured-months.ts';
import { requireProxyAllowed } from './proxy-agreement.ts';
import type { ApplicationState } from './state.ts';
import { skillUpgradeSubsidy, trainingSubsidy, type Amount } from './subsidy-amount.ts';

type Submit = ApplicationCommandOf<'SubmitApplication'>;

interface Placement {
  readonly classId: string | null;
  readonly institutionId: string | null;
  readonly projectId: string | null;
}

/**
 * Submission: every eligibility rule of domain.md, then the amount. The person-wide
 * rules are checked here against the entitlement state in the context to refuse early;
 * the entitlement stream checks them again when the saga reserves the claim, and that is
 * the check that holds under concurrency (see ../entitlement/decider.ts).
 */
export function decideSubmission(c: Submit, state: ApplicationState, ctx: ApplicationContext): Decision<ApplicationEvent> {
  if (state.submission) {
    const s = state.submission;
    const retry = s.personRef === c.personRef && s.certificate.serial === c.certificateSerial && s.subsidyKind === c.subsidyKind;
    return retry ? [] : reject('application.already_submitted', `application ${c.applicationId} already exists`, 'applicationId');
  }
  const facts = ctx.submission;
  invariant(facts, 'SubmitApplication needs the submission facts in its context');
  const certificate = facts.certificate;
  if (!certificate || certificate.serial !== c.certificateSerial || certificate.personRef !== c.personRef) {
    return reject('application.certificate_not_found', `the person holds no certificate ${c.certificateSerial}`, 'certificateSerial');
  }
  const late = requireWithinApplicationWindow(ctx.policy, certificate, c.submittedOn);
  if (late) return late;
  const priced = c.subsidyKind === 'training' ? priceTraining(c, facts, ctx, certificate) : priceSkillUpgrade(facts, ctx, certificate);
  if ('rejected' in priced) return priced;
  const proxy = requireProxyAllowed(c.applicant, c.subsidyKind, facts.trainingClass, facts.institution);
  if (proxy) return proxy;
  if (priced.amount.amountFen === 0) {
    return reject('application.no_subsidy_due', 'the hours attended earn no subsidy (less than one full day)', 'classId');
  }
  const quotaYear = parseBusinessDate(c.submittedOn).year;
  const quota = quotaOn(ctx.policy, c.submittedOn);
  if ('rejected' in quota) return quota;
  const { serial: certificateSerial, occupationCode, level } = certificate;
  const claim = { applicationId: c.applicationId, subsidyKind: c.subsidyKind, occupationCode, level, certificateSerial, year: quotaYear, shortageOccupation: facts.shortageOccupation };
  const refused = checkEntitlement(facts.entitlement, claim, quota);
  if (refused) return refused;
  return [
    {
      type: 'ApplicationSubmitted',
      data: {
        applicationId: c.applicationId,
        subsidyKind: c.subsidyKind,
        applicant: c.applicant,
        personRef: c.personRef,
        certificate: { serial: certificate.serial, occupationCode, level, issuedOn: certificate.issuedOn },
        ...priced.placement,
        quotaYear,
        shortageOccupation: facts.shortageOccupation,
        amountFen: priced.amount.amountFen,
        amountBasis: priced.amount.basis,
        submittedOn: c.submittedOn,
      },
    },
  ];
}

type Priced = { readonly amount: Amount; readonly placement: Placement } | Rejection;

function priceTraining(c: Submit, facts: SubmissionFacts, ctx: ApplicationContext, certificate: CertificateFacts): Priced {
  invariant(c.classId !== null, 'the command schema requires a class for a training subsidy');
  const cls = requireCompletedClass(facts.trainingClass, c.classId);
  if ('rejected' in cls) return cls;
  const project = requireCataloguedProject(facts.project, cls, certificate);
  if ('rejected' in project) return project;
  const institution = requireInstitutionInGoodStanding(facts.institution, cls);
  if ('rejected' in institution) return institution;
  const amount = trainingSubsidy(ctx.policy, certificate, project, cls.attendedHours);
  if ('rejected' in amount) return amount;
  return { amount, placement: { classId: cls.classId, institutionId: institution.institutionId, projectId: project.projectId } };
}

function priceSkillUpgrade(facts: SubmissionFacts, ctx: ApplicationContext, certificate: CertificateFacts): Priced {
  const amount = skillUpgradeSubsidy(ctx.policy, certificate);
  if ('rejected' in amount) return amount;
  const short = requireInsuredLongEnough(ctx.policy, certificate, facts.insuredMonths);
  if (short) return short;
  return { amount, placement: { classId: null, institutionId: null, projectId: null } };
}
