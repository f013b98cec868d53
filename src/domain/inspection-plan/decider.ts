import { compareBusinessDates } from '../calendar/business-date.ts';
import { assertNever, isRejection, reject, type Decider, type Decision, type Rejection } from '../decider.ts';
import type { InspectionPlanCommand, InspectionPlanCommandOf } from './commands.ts';
import { commitmentOf, valueDueRejection } from './commitment.ts';
import type { InspectionPlanContext } from './context.ts';
import type { InspectionPlanEvent } from './events.ts';
import { regionCovers } from './region.ts';
import { evolveInspectionPlan, initialInspectionPlanState, type ExistingPlan, type InspectionPlanState, type PlanContent } from './state.ts';

/**
 * An inspection plan of 双随机、一公开, from draft to draw.
 *
 * Rejection codes (stable):
 * - inspection_plan.invalid_command             the command failed its schema (field named)
 * - inspection_plan.already_drafted             a second draft on the stream
 * - inspection_plan.not_drafted                 any other command before the draft
 * - inspection_plan.matter_not_listed           the matter is not on the province's list (or withdrawn)
 * - inspection_plan.period_ends_before_start    subsidyPeriod.to before subsidyPeriod.from
 * - inspection_plan.subject_outside_region      a subject outside the plan's region
 * - inspection_plan.replaced_plan_not_failed    replacesPlanId names a plan whose draw did not fail
 * - inspection_plan.already_committed           revising or committing again once randomness is committed:
 *                                               the plan is frozen
 * - inspection_plan.unknown_drand_chain, .chain_timing_mismatch, .randomness_not_in_future,
 *   .randomness_too_far_ahead                   the commitment (commitment.ts)
 * - inspection_plan.not_committed               a value entered, or a draw asked, before the commitment
 * - inspection_plan.value_already_entered       a second value
 * - inspection_plan.value_not_yet_published     a value entered before it can exist
 * - inspection_plan.randomness_not_entered      a draw before the value is entered
 * - inspection_plan.already_drawn               a second draw (a failed plan is replaced by a new plan)
 * and the sampling core's refusals, decided before any random value is used (draws-engine.ts):
 * .roster_id_repeated, .empty_roster, .stratum_declared_twice, .empty_stratum,
 * .subject_outside_strata, .count_exceeds_stratum, .floor_unreachable, .pps_weight_shortfall,
 * .k_exceeds_eligible, .randomness_invalid, .rfc3797_unsupported.
 */
export type InspectionPlanDecision = Decision<InspectionPlanEvent>;

type ContentCommand = InspectionPlanCommandOf<'DraftInspectionPlan' | 'ReviseInspectionPlan'>;

function existing(state: InspectionPlanState): ExistingPlan | Rejection {
  return state.exists ? state : reject('inspection_plan.not_drafted', 'no such inspection plan');
}

/** The content of a draft or revision, checked: matter listed, subjects in the region, drawable. */
function contentOf(c: ContentCommand, planId: string, regionCode: string, ctx: InspectionPlanContext): PlanContent | Rejection {
  const matter = ctx.matter(regionCode, c.matterId);
  if (!matter) return reject('inspection_plan.matter_not_listed', `matter ${c.matterId} is not on the published list of inspection matters`, 'matterId');
  if (compareBusinessDates(c.subsidyPeriod.to, c.subsidyPeriod.from) < 0) return reject('inspection_plan.period_ends_before_start', 'the period ends before it starts', 'subsidyPeriod.to');
  const outside = c.subjects.findIndex((s) => !regionCovers(regionCode, s.region));
  if (outside >= 0) return reject('inspection_plan.subject_outside_region', `the subject lies outside the plan's region ${regionCode}`, `subjects.${outside}.region`);
  const hashes = ctx.engine.rosterHashes(c.subjects, c.inspectors);
  if (isRejection(hashes)) return hashes;
  const content: PlanContent = {
    matter: { listId: matter.listId, matterId: matter.matterId, title: matter.title },
    title: c.title,
    subsidyPeriod: c.subsidyPeriod,
    subjects: c.subjects,
    inspectors: c.inspectors,
    design: c.design,
    assignment: c.assignment,
    rosterHashes: hashes,
  };
  return ctx.engine.check(planId, content) ?? content;
}

function draft(c: InspectionPlanCommandOf<'DraftInspectionPlan'>, state: InspectionPlanState, ctx: InspectionPlanContext): InspectionPlanDecision {
  if (state.exists) return reject('inspection_plan.already_drafted', `plan ${c.planId} already exists`, 'planId');
  if (c.replacesPlanId !== undefined && ctx.planStatus(c.replacesPlanId) !== 'failed') {
    return reject('inspection_plan.replaced_plan_not_failed', 'only a plan whose draw failed can be replaced', 'replacesPlanId');
  }
  const content = contentOf(c, c.planId, c.regionCode, ctx);
  if (isRejection(content)) return content;
  const replaces = c.replacesPlanId === undefined ? {} : { replacesPlanId: c.replacesPlanId };
  return [{ type: 'InspectionPlanDrafted', data: { planId: c.planId, regionCode: c.regionCode, ...replaces, ...content, draftedAt: c.at } }];
}

function frozen(s: ExistingPlan): Rejection | undefined {
  if (s.status === 'draft') return undefined;
  return reject('inspection_plan.already_committed', `the randomness was committed at ${s.commitment?.committedAt ?? '?'}: the plan can no longer change`);
}

function revise(c: InspectionPlanCommandOf<'ReviseInspectionPlan'>, state: InspectionPlanState, ctx: InspectionPlanContext): InspectionPlanDecision {
  const s = existing(state);
  if (isRejection(s)) return s;
  const no = frozen(s);
  if (no) return no;
  const content = contentOf(c, s.planId, s.regionCode, ctx);
  if (isRejection(content)) return content;
  return [{ type: 'InspectionPlanRevised', data: { ...content, revisedAt: c.at } }];
}

function commit(c: InspectionPlanCommandOf<'CommitPlanRandomness'>, state: InspectionPlanState, ctx: InspectionPlanContext): InspectionPlanDecision {
  const s = existing(state);
  if (isRejection(s)) return s;
  const no = frozen(s);
  if (no) return no;
  // Nothing off-list: the matter must still be published when the plan is fixed.
  if (!ctx.matter(s.regionCode, s.content.matter.matterId)) {
    return reject('inspection_plan.matter_not_listed', `matter ${s.content.matter.matterId} is no longer on the published list`);
  }
  const commitment = commitmentOf(c);
  if (isRejection(commitment)) return commitment;
  return [{ type: 'InspectionPlanRandomnessCommitted', data: commitment }];
}

function enter(c: InspectionPlanCommandOf<'EnterPlanRandomness'>, state: InspectionPlanState, ctx: InspectionPlanContext): InspectionPlanDecision {
  const s = existing(state);
  if (isRejection(s)) return s;
  if (s.status === 'draft' || !s.commitment) return reject('inspection_plan.not_committed', 'commit the randomness source before entering its value');
  if (s.status !== 'committed') return reject('inspection_plan.value_already_entered', `the value was entered at ${s.entered?.enteredAt ?? '?'}`, 'value');
  if (c.value.kind !== s.commitment.source.kind) {
    return reject('inspection_plan.randomness_invalid', `the plan committed to a ${s.commitment.source.kind} value`, 'value.kind');
  }
  const late = valueDueRejection(s.commitment, c.at);
  if (late) return late;
  const bad = ctx.engine.checkValue(s.commitment.source, c.value);
  if (bad) return bad;
  return [{ type: 'InspectionPlanRandomnessEntered', data: { value: c.value, enteredAt: c.at } }];
}

function draw(c: InspectionPlanCommandOf<'DrawInspectionPlan'>, state: InspectionPlanState, ctx: InspectionPlanContext): InspectionPlanDecision {
  const s = existing(state);
  if (isRejection(s)) return s;
  if (s.status === 'draft' || !s.commitment) return reject('inspection_plan.not_committed', 'the randomness source is not committed yet');
  if (s.status === 'drawn' || s.status === 'failed') return reject('inspection_plan.already_drawn', `the plan was drawn at ${s.drawn?.drawnAt ?? '?'}`);
  if (!s.entered) return reject('inspection_plan.randomness_not_entered', `the committed value (not before ${s.commitment.valueNotBefore}) has not been entered`);
  const result = ctx.engine.draw(s.planId, s.content, s.commitment.source, s.entered.value);
  if (isRejection(result)) return result;
  const { outcome, outcomeHash } = result;
  return outcome.ok
    ? [{ type: 'InspectionPlanDrawn', data: { outcome, outcomeHash, drawnAt: c.at } }]
    : [{ type: 'InspectionPlanDrawFailed', data: { outcome, outcomeHash, drawnAt: c.at } }];
}

export function decideInspectionPlan(command: InspectionPlanCommand, state: InspectionPlanState, ctx: InspectionPlanContext): InspectionPlanDecision {
  switch (command.type) {
    case 'DraftInspectionPlan':
      return draft(command, state, ctx);
    case 'ReviseInspectionPlan':
      return revise(command, state, ctx);
    case 'CommitPlanRandomness':
      return commit(command, state, ctx);
    case 'EnterPlanRandomness':
      return enter(command, state, ctx);
    case 'DrawInspectionPlan':
      return draw(command, state, ctx);
    default:
      return assertNever(command);
  }
}

/** The plan decider with its context bound (the app layer builds one per command). */
export function inspectionPlanDecider(ctx: InspectionPlanContext): Decider<InspectionPlanCommand, InspectionPlanState, InspectionPlanEvent> & { name: string } {
  return {
    ...inspectionPlanFold,
    decide(c, s) {
      return decideInspectionPlan(c, s, ctx);
    },
  };
}

/** Evolve and initial state alone: what loading a plan needs. */
export const inspectionPlanFold = {
  name: 'inspection-plan',
  evolve: evolveInspectionPlan,
  initialState: initialInspectionPlanState,
};
