import type { AppDeps } from '../app/app-deps.ts';
import { classPlans, classSlots, runClass, traineesPerCity } from './classes.ts';
import { CommandClock, idSeedFor } from './command-clock.ts';
import { runDraw } from './draw.ts';
import { runInspections } from './inspections.ts';
import { FraudTally, type FraudCount, type FraudKind } from './fraud-tally.ts';
import { forEachBounded, mapBounded } from './lanes.ts';
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
 * rectifications). Classes are planned one at a time as lanes free up, always in the
 * same order, and every other draw is forked by name, so the same seed gives the same
 * events whatever order lanes finish in.
 */
export async function generate(deps: AppDeps, options: GenerateOptions): Promise<GenerateReport> {
  const run: GenRun = { deps, clock: new CommandClock(options.idSeedHex ?? idSeedFor(options.seed)), rng: createRng(options.seed), preset: options.preset, tally: new FraudTally(), stats: emptyStats() };
  const progress = options.onProgress ?? (() => {});
  const trainees = new TraineeFactory(run.rng.fork('trainees'));
  await seedCatalogue(run);
  const institutions = await seedInstitutions(run);
  await seedFunds(run, [...new Set(institutions.map((i) => i.city))], traineesPerCity(run, institutions));
  const classCount = [...classSlots(run, institutions)].length;
  // Planned lazily, after the ineligible institutions' people: the factory numbers people in the order it makes them.
  await ineligibleAttempts(run, institutions, trainees);
  const byFund = new Map<string, ReadyApplication[]>();
  let done = 0;
  await forEachBounded(classPlans(run, institutions, trainees), options.concurrency ?? DEFAULT_CONCURRENCY, async (plan) => {
    for (const app of await runClass(run, plan, trainees)) {
      const apps = byFund.get(app.fundId);
      if (apps) apps.push(app);
      else byFund.set(app.fundId, [app]);
    }
    progress(++done, classCount, 'classes');
  });
  // A fund's applications in class order, whichever lane finished first: the fund's stream is then the same on every run.
  for (const apps of byFund.values()) apps.sort((a, b) => compareIds(a.applicationId, b.applicationId));
  const funds = [...byFund.keys()].sort();
  let fundsDone = 0;
  const paid = await mapBounded(funds, funds.length, async (fundId) => {
    const out = await runFundMoney(run, byFund.get(fundId)!);
    byFund.delete(fundId);
    progress(++fundsDone, funds.length, 'payments');
    return out;
  });
  const paidByInstitution = new Map<string, number>();
  const paymentsOf = new Map<string, ReadyApplication[]>();
  for (const app of paid.flat()) {
    paidByInstitution.set(app.institutionId, (paidByInstitution.get(app.institutionId) ?? 0) + app.amountFen);
    const list = paymentsOf.get(app.institutionId);
    if (list) list.push(app);
    else paymentsOf.set(app.institutionId, [app]);
  }
  const drawPlanId = await runDraw(run, institutions, paidByInstitution);
  await runInspections(run, drawPlanId, institutions, paymentsOf);
  const first = paid.find((apps) => apps.length > 0)?.[0];
  return {
    seed: options.seed,
    stats: run.stats,
    fraud: run.tally.counts,
    drawPlanId,
    examples: { applicationId: first?.applicationId, paymentId: first ? `P-${first.applicationId}` : undefined, institutionId: institutions[0]?.creditCode },
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
