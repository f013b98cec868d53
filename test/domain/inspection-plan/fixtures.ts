import { samplingDrawEngine } from '../../../src/app/services/draws-engine.ts';
import type { InspectionPlanCommandOf } from '../../../src/domain/inspection-plan/commands.ts';
import type { InspectionPlanContext, PlanMatterFact } from '../../../src/domain/inspection-plan/context.ts';
import { inspectionPlanDecider } from '../../../src/domain/inspection-plan/decider.ts';
import type { InspectionPlanEvent, InspectionPlanEventOf } from '../../../src/domain/inspection-plan/events.ts';
import type { PlanStatus } from '../../../src/domain/inspection-plan/state.ts';
import { creditCodeCheckChar } from '../../../src/domain/identity/credit-code.ts';

/**
 * A small plan of the Nanchang office (360100): eight institutions in two districts,
 * five inspectors, two per subject, own-district recusal. Times: drafted 2 March 2026,
 * committed to the lottery of 5 March (or a drand quicknet round that night), drawn 6 March.
 */

export function creditCode(area: string, org: string): string {
  const first17 = `91${area}${org}`;
  return first17 + creditCodeCheckChar(first17);
}

export const INST = Array.from({ length: 8 }, (_, i) => creditCode(i < 4 ? '360102' : '360103', `MA35P000${i + 1}`));

export const MATTER: PlanMatterFact = { listId: '360000', matterId: 'JX-SJ-PX-01', title: '职业培训补贴资金使用情况检查' };

export const QUICKNET = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
/** Published 2026-03-05T00:00:00+08:00 + 88 × 3 s. */
export const ROUND = 26_612_300;

export const subjects = () => [
  { id: INST[0]!, region: '360102', grade: 'A' as const, subsidyPaidFen: 1_200_000 },
  { id: INST[1]!, region: '360102', grade: 'A' as const, subsidyPaidFen: 350_000 },
  { id: INST[2]!, region: '360102', grade: 'C' as const, subsidyPaidFen: 2_000_000, lastInspectorIds: ['INSP-03'] },
  { id: INST[3]!, region: '360102', grade: 'C' as const, subsidyPaidFen: 0 },
  { id: INST[4]!, region: '360103', grade: 'A' as const, subsidyPaidFen: 800_000 },
  { id: INST[5]!, region: '360103', grade: 'B' as const, subsidyPaidFen: 150_000 },
  { id: INST[6]!, region: '360103', grade: 'C' as const, subsidyPaidFen: 500_000 },
  { id: INST[7]!, region: '360103', grade: 'D' as const, subsidyPaidFen: 3_000_000 },
];

export const inspectors = () => [
  { id: 'INSP-01', region: '360102', qualifications: ['training'] },
  { id: 'INSP-02', region: '360103', qualifications: ['training'], conflictInstitutionIds: [INST[7]!] },
  { id: 'INSP-03', region: '360104', qualifications: ['training'], formerEmployerIds: [INST[4]!] },
  { id: 'INSP-04', region: '360105', qualifications: ['training'] },
  { id: 'INSP-05', region: '360111' },
];

export const design = () => ({
  method: 'simple' as const,
  stratifyBy: ['region' as const],
  strata: [
    { key: ['360102'], count: 2 },
    { key: ['360103'], rateBp: 5000 },
  ],
});

export const assignment = () => ({ inspectorsPerSubject: 2, excludeOwnRegion: true });

export const DRAFTED_AT = '2026-03-02T09:00:00.000+08:00';

export function draftCommand(over: Partial<InspectionPlanCommandOf<'DraftInspectionPlan'>> = {}): InspectionPlanCommandOf<'DraftInspectionPlan'> {
  return {
    type: 'DraftInspectionPlan',
    planId: 'NC-2026-SJ-001',
    regionCode: '360100',
    matterId: MATTER.matterId,
    title: '2026年第一批职业培训机构双随机抽查',
    subsidyPeriod: { from: '2025-01-01', to: '2025-12-31' },
    subjects: subjects(),
    inspectors: inspectors(),
    design: design(),
    assignment: assignment(),
    at: DRAFTED_AT,
    ...over,
  };
}

export interface ContextOptions {
  matters?: readonly PlanMatterFact[];
  plans?: Readonly<Record<string, PlanStatus>>;
}

export const engine = samplingDrawEngine();

export function context(opts: ContextOptions = {}): InspectionPlanContext {
  const matters = opts.matters ?? [MATTER];
  return {
    engine,
    matter: (regionCode, matterId) => matters.find((m) => m.matterId === matterId && m.listId === `${regionCode.slice(0, 2)}0000`),
    planStatus: (planId) => opts.plans?.[planId],
  };
}

export const decider = (opts: ContextOptions = {}) => inspectionPlanDecider(context(opts));

/** The events a decision produced, or a thrown error naming the rejection (for building given states). */
export function decided(command: Parameters<ReturnType<typeof decider>['decide']>[0], given: readonly InspectionPlanEvent[], opts: ContextOptions = {}): InspectionPlanEvent[] {
  const d = decider(opts);
  let state = d.initialState();
  for (const e of given) state = d.evolve(state, e);
  const decision = d.decide(command, state);
  if ('rejected' in decision) throw new Error(`fixture refused: ${decision.code}: ${decision.message}`);
  return [...decision];
}

export const drafted = (): InspectionPlanEventOf<'InspectionPlanDrafted'> => decided(draftCommand(), [])[0] as InspectionPlanEventOf<'InspectionPlanDrafted'>;

export const lotteryCommit = (at = '2026-03-02T10:00:00.000+08:00'): InspectionPlanCommandOf<'CommitPlanRandomness'> => ({
  type: 'CommitPlanRandomness',
  source: { kind: 'lottery', name: '中国福利彩票双色球 2026025期', drawDate: '2026-03-05' },
  at,
});

export const drandCommit = (at = '2026-03-02T10:00:00.000+08:00', round = ROUND): InspectionPlanCommandOf<'CommitPlanRandomness'> => ({
  type: 'CommitPlanRandomness',
  source: { kind: 'drand', chainHash: QUICKNET, round },
  at,
});

export const LOTTERY_VALUE = { kind: 'lottery' as const, numbers: [[3, 8, 14, 21, 27, 30], [9]] };

export const enterLottery = (at = '2026-03-05T21:40:00.000+08:00'): InspectionPlanCommandOf<'EnterPlanRandomness'> => ({ type: 'EnterPlanRandomness', value: LOTTERY_VALUE, at });

export const drawCommand = (at = '2026-03-06T09:00:00.000+08:00'): InspectionPlanCommandOf<'DrawInspectionPlan'> => ({ type: 'DrawInspectionPlan', at });

/** drafted → committed (lottery) → value entered. */
export function givenValueEntered(draft = draftCommand()): InspectionPlanEvent[] {
  const e1 = decided(draft, []);
  const e2 = decided(lotteryCommit(), e1);
  const e3 = decided(enterLottery(), [...e1, ...e2]);
  return [...e1, ...e2, ...e3];
}
