import { assertNever } from '../decider.ts';
import type { z } from 'zod';
import type { InspectionPlanDraftedSchema, InspectionPlanEvent, InspectionPlanRandomnessCommittedSchema } from './events.ts';
import type { DrawFailureSchema, DrawSuccessSchema, RandomnessValueData } from './schemas.ts';

export type PlanStatus = 'draft' | 'committed' | 'value_entered' | 'drawn' | 'failed';

type Drafted = z.infer<typeof InspectionPlanDraftedSchema>;

/** The plan's content: what a revision replaces and the commitment freezes. */
export type PlanContent = Pick<Drafted, 'matter' | 'title' | 'subsidyPeriod' | 'subjects' | 'inspectors' | 'design' | 'assignment' | 'rosterHashes'>;

export type Commitment = z.infer<typeof InspectionPlanRandomnessCommittedSchema>;

export interface EnteredValue {
  readonly value: RandomnessValueData;
  readonly enteredAt: string;
}

export type DrawRecordOutcome =
  | { readonly ok: true; readonly outcome: z.infer<typeof DrawSuccessSchema>; readonly outcomeHash: string; readonly drawnAt: string }
  | { readonly ok: false; readonly outcome: z.infer<typeof DrawFailureSchema>; readonly outcomeHash: string; readonly drawnAt: string };

export interface ExistingPlan {
  readonly exists: true;
  readonly planId: string;
  readonly regionCode: string;
  readonly replacesPlanId?: string;
  readonly status: PlanStatus;
  readonly content: PlanContent;
  readonly draftedAt: string;
  /** Instant of the last change of content (the draft or the last revision). */
  readonly contentAt: string;
  readonly revisions: number;
  readonly commitment?: Commitment;
  readonly entered?: EnteredValue;
  readonly drawn?: DrawRecordOutcome;
}

export type InspectionPlanState = { readonly exists: false } | ExistingPlan;

export function initialInspectionPlanState(): InspectionPlanState {
  return { exists: false };
}

function contentOf(d: PlanContent): PlanContent {
  return {
    matter: d.matter,
    title: d.title,
    subsidyPeriod: d.subsidyPeriod,
    subjects: d.subjects,
    inspectors: d.inspectors,
    design: d.design,
    assignment: d.assignment,
    rosterHashes: d.rosterHashes,
  };
}

function onPlan(state: InspectionPlanState, f: (s: ExistingPlan) => ExistingPlan): InspectionPlanState {
  if (!state.exists) throw new Error('invariant violated: an inspection plan event before the draft');
  return f(state);
}

export function evolveInspectionPlan(state: InspectionPlanState, event: InspectionPlanEvent): InspectionPlanState {
  switch (event.type) {
    case 'InspectionPlanDrafted': {
      const d = event.data;
      return {
        exists: true,
        planId: d.planId,
        regionCode: d.regionCode,
        ...(d.replacesPlanId === undefined ? {} : { replacesPlanId: d.replacesPlanId }),
        status: 'draft',
        content: contentOf(d),
        draftedAt: d.draftedAt,
        contentAt: d.draftedAt,
        revisions: 0,
      };
    }
    case 'InspectionPlanRevised':
      return onPlan(state, (s) => ({ ...s, content: contentOf(event.data), contentAt: event.data.revisedAt, revisions: s.revisions + 1 }));
    case 'InspectionPlanRandomnessCommitted':
      return onPlan(state, (s) => ({ ...s, status: 'committed', commitment: event.data }));
    case 'InspectionPlanRandomnessEntered':
      return onPlan(state, (s) => ({ ...s, status: 'value_entered', entered: event.data }));
    case 'InspectionPlanDrawn':
      return onPlan(state, (s) => ({ ...s, status: 'drawn', drawn: { ok: true, ...event.data } }));
    case 'InspectionPlanDrawFailed':
      return onPlan(state, (s) => ({ ...s, status: 'failed', drawn: { ok: false, ...event.data } }));
    default:
      return assertNever(event);
  }
}
