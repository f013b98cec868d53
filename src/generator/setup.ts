import { addProject } from '../app/services/catalogue.ts';
import { publishInspectionMatter } from '../app/services/draws-matters.ts';
import { openFund, receiveAllocation } from '../app/services/funds.ts';
import { listInstitution, registerInstitution, suspendInstitution } from '../app/services/institutions.ts';
import { requestClassOpening } from '../app/services/classes.ts';
import { registerTrainee } from '../app/services/trainees.ts';
import { trainingSubsidyRuleOn } from '../domain/policy/policy-set.ts';
import { chineseName, creditCode } from './identities.ts';
import { CITY_CODES, DAYS, LEVELS, OCCUPATIONS, PROVINCE, FUNDS_PER_CITY, ctx, fundIdOf, people, projectId, type GenRun, type InstitutionPlan } from './world.ts';
import type { TraineeFactory } from './trainee-factory.ts';

export const MATTER_ID = 'JX-SJ-PX-01';

/** The province catalogue: every occupation at the three levels, 40 standard hours each, at the policy data's rates. */
export async function seedCatalogue(run: GenRun): Promise<void> {
  const rates = trainingSubsidyRuleOn(run.deps.policy, DAYS.catalogue).value.ratesFen;
  for (const o of OCCUPATIONS) {
    for (const level of LEVELS) {
      const id = projectId(o, level);
      await addProject(run.deps, ctx(run, people.admin, DAYS.catalogue, `project:${id}`), PROVINCE, {
        projectId: id,
        occupationCode: o.code,
        occupationName: o.name,
        level,
        standardHours: 40,
        rateFen: rates[level],
        effectiveFrom: '2025-01-01',
        source: '赣人社字〔2025〕1号',
      });
    }
  }
  await publishInspectionMatter(run.deps, ctx(run, people.admin, DAYS.catalogue, 'matter'), PROVINCE, {
    matterId: MATTER_ID,
    title: '职业培训补贴资金使用情况检查',
    basis: '《就业补助资金管理办法》',
    content: '培训真实性、补贴申领与拨付',
    publishedOn: DAYS.catalogue,
  });
}

/**
 * Institutions spread over the cities, registered and listed. The first institution of
 * each city always stays eligible; of the rest, some (the fraud rate) are suspended and
 * will ask to open a class anyway.
 */
export async function seedInstitutions(run: GenRun): Promise<InstitutionPlan[]> {
  const rng = run.rng.fork('institutions');
  const { institutions, cities } = run.preset.counts;
  const cityCodes = CITY_CODES.slice(0, Math.max(1, Math.min(cities, CITY_CODES.length)));
  const seen = new Set<string>();
  const plans: InstitutionPlan[] = [];
  for (let i = 0; i < institutions; i++) {
    const city = cityCodes[i % cityCodes.length]!;
    let code = creditCode(rng, city);
    while (seen.has(code)) code = creditCode(rng, city);
    seen.add(code);
    const occupations = OCCUPATIONS.filter((_, k) => k === i % OCCUPATIONS.length || rng.chance(0.3));
    const plan: InstitutionPlan = { creditCode: code, city, occupations, grade: rng.pick(['A', 'B', 'B', 'C', 'D'] as const), eligible: i < cityCodes.length || !rng.chance(run.preset.fraud.ineligibleInstitution) };
    await registerInstitution(run.deps, ctx(run, people.registrar, DAYS.registered, `inst:${code}`), {
      creditCode: code,
      licenceNumber: `L-${code.slice(-8)}`,
      name: `${chineseName(rng).slice(0, 2)}职业技能培训学校（第${i + 1}分校）`,
      address: `江西省 ${city} 第 ${i + 1} 号`,
      nature: 'private',
      regionCode: city,
      occupations: occupations.map((o) => o.code),
      creditGrade: plan.grade,
      registeredOn: DAYS.registered,
    });
    await listInstitution(run.deps, ctx(run, people.admin, DAYS.listed, `list:${code}`), code, { listedOn: DAYS.listed, reason: '评审通过' });
    run.stats.institutions += 1;
    plans.push(plan);
  }
  return plans;
}

/** The employment-subsidy funds of each city, each holding enough for every trainee of the city at the top rate. */
export async function seedFunds(run: GenRun, cities: readonly string[], traineesPerCity: ReadonlyMap<string, number>): Promise<void> {
  for (const city of cities) for (let batch = 0; batch < FUNDS_PER_CITY; batch++) {
    const fundId = fundIdOf(city, batch);
    await openFund(run.deps, ctx(run, people.finance, DAYS.fundOpened, `fund:${fundId}`), { fundId, source: 'employment_subsidy', year: 2026, regionCode: city, openedOn: DAYS.fundOpened });
    const amountFen = Math.max(1, traineesPerCity.get(city) ?? 0) * 200_000 * 2;
    await receiveAllocation(run.deps, ctx(run, people.finance, DAYS.allocation, `alloc:${fundId}`), fundId, { amountFen, documentRef: '赣财社〔2026〕12号', receivedOn: DAYS.allocation });
  }
}

/**
 * Ineligible institutions: suspended (an inspection found them out last year), they still
 * ask to open a class for three people they registered. The opening is the attempt.
 */
export async function ineligibleAttempts(run: GenRun, institutions: readonly InstitutionPlan[], trainees: TraineeFactory): Promise<void> {
  for (const inst of institutions.filter((i) => !i.eligible)) {
    await suspendInstitution(run.deps, ctx(run, people.admin, DAYS.suspended, `suspend:${inst.creditCode}`), inst.creditCode, {
      from: DAYS.suspended,
      to: '2026-12-31',
      reason: '虚假培训，暂停补贴性培训资格',
    });
    const roster: string[] = [];
    for (let k = 0; k < 3; k++) {
      const t = trainees.next(`ineligible:${inst.creditCode}:${k}`, inst.city);
      const out = await registerTrainee(run.deps, ctx(run, people.cityRegistrar(inst.city), DAYS.traineesRegistered, `register:${t.key}`), trainees.registration(t));
      roster.push(String(out.result?.personRef));
      run.stats.trainees += 1;
    }
    const o = inst.occupations[0]!;
    const classId = `X-${inst.creditCode.slice(-8)}`;
    await run.tally.attempt('ineligible_institution', () =>
      requestClassOpening(run.deps, ctx(run, people.cityRegistrar(inst.city), DAYS.classRequested, `open:${classId}`), {
        classId,
        institutionId: inst.creditCode,
        occupationCode: o.code,
        level: 'junior',
        startOn: DAYS.sessions[0],
        endOn: DAYS.classEnd,
        roster,
        teacherIds: [`T-${inst.creditCode.slice(-6)}-1`],
        plan: { summary: '理论 16 学时，实操 32 学时', plannedHours: 48 },
        assessmentPlan: { summary: '理论考试与实操考核', plannedOn: '2026-03-14' },
        requestedOn: DAYS.classRequested,
      }),
    );
  }
}
