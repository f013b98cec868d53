import type { AppDeps } from '../app/app-deps.ts';
import { runClass, planClasses } from './classes.ts';
import { CommandClock, idSeedFor } from './command-clock.ts';
import { runDraw } from './draw.ts';
import { runInspections } from './inspections.ts';
import { FraudTally, type FraudCount, type FraudKind } from './fraud-tally.ts';
import { mapBounded } from './lanes.ts';
import { runFundMoney } from './money.ts';
import type { GeneratorPreset } from './presets.ts';
import { createRng } from './prng.ts';
import { ineligibleAttempts, seedCatalogue, seedFunds, seedInstitutions } from './setup.ts';
import { TraineeFactory } from './trainee-factory.ts';
import { emptyStats, type GenRun, type GenStats, type ReadyApplication } from './world.ts';

/** Classes in flight at once: enough to keep the store's group commit fed while commands wait on fsync. */
export const DEFAULT_CONCURRENCY = 24;

export interface GenerateOptions {
  seed: number;
  preset: GeneratorPreset;
  /** 32 hex digits; derived from the seed when omitted. */
  idSeedHex?: string;
  /** Classes carried out at once (their commands share the store's group commits). */
  concurrency?: number;
  /** Called after each class and each fund's money, for a progress line. */
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface GenerateReport {
  seed: number;
  stats: GenStats;
  fraud: Record<FraudKind, FraudCount>;
  drawPlanId: string;
  /** Ids a newcomer can try in the API. */
  examples: { applicationId: string | undefined; paymentId: string | undefined; institutionId: string | undefined };
}

/**
 * A synthetic province, written only through the application services, so every rule
 * the API enforces judges every generated command (and the injected fraud).
 *
 * Order: the catalogue, institutions (some suspended, trying anyway), then the classes in
 * bounded-parallel lanes (registration to publicity), then each fund's money in its own
 * lane, then the public draw and the inspections of the institutions it drew (findings,
 * rectifications). The world is planned before any lane starts, so the same
 * seed gives the same events whatever order lanes finish in.
 */
export async function generate(deps: AppDeps, options: GenerateOptions): Promise<GenerateReport> {
  const run: GenRun = { deps, clock: new CommandClock(options.idSeedHex ?? idSeedFor(options.seed)), rng: createRng(options.seed), preset: options.preset, tally: new FraudTally(), stats: emptyStats() };
  const progress = options.onProgress ?? (() => {});
  const trainees = new TraineeFactory(run.rng.fork('trainees'));
  await seedCatalogue(run);
  const institutions = await seedInstitutions(run);
  const classes = planClasses(run, institutions, trainees);
  const perCity = new Map<string, number>();
  for (const c of classes) perCity.set(c.institution.city, (perCity.get(c.institution.city) ?? 0) + c.trainees.length);
  await seedFunds(run, [...new Set(institutions.map((i) => i.city))], perCity);
  await ineligibleAttempts(run, institutions, trainees);
  let done = 0;
  const ready = await mapBounded(classes, options.concurrency ?? DEFAULT_CONCURRENCY, async (plan) => {
    const apps = await runClass(run, plan, trainees);
    progress(++done, classes.length, 'classes');
    return apps;
  });
  const byFund = new Map<string, ReadyApplication[]>();
  for (const app of ready.flat()) {
    const apps = byFund.get(app.fundId);
    if (apps) apps.push(app);
    else byFund.set(app.fundId, [app]);
  }
  let funds = 0;
  const paid = await mapBounded([...byFund.values()], byFund.size, async (apps) => {
    const out = await runFundMoney(run, apps);
    progress(++funds, byFund.size, 'payments');
    return out;
  });
  const paidByInstitution = new Map<string, number>();
  const paymentsOf = new Map<string, ReadyApplication[]>();
  const institutionOfClass = new Map(classes.map((c) => [c.classId, c.institution.creditCode]));
  for (const app of paid.flat()) {
    const inst = institutionOfClass.get(app.classId)!;
    paidByInstitution.set(inst, (paidByInstitution.get(inst) ?? 0) + app.amountFen);
    paymentsOf.set(inst, [...(paymentsOf.get(inst) ?? []), app]);
  }
  const drawPlanId = await runDraw(run, institutions, paidByInstitution);
  await runInspections(run, drawPlanId, institutions, paymentsOf);
  const first = paid.flat()[0];
  return {
    seed: options.seed,
    stats: run.stats,
    fraud: run.tally.counts,
    drawPlanId,
    examples: { applicationId: first?.applicationId, paymentId: first ? `P-${first.applicationId}` : undefined, institutionId: institutions[0]?.creditCode },
  };
}
