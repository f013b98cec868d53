import type { z } from 'zod';
import { regionWithin } from '../../access/roles.ts';
import { isInstant } from '../../domain/calendar/business-date.ts';
import { reject } from '../../domain/decider.ts';
import { findingDecider } from '../../domain/finding/decider.ts';
import { overdueSanction, parseIssueSanction, planSanction, type IssueSanction, type IssueSanctionSchema, type SanctionSagaStep } from '../../domain/finding/sanction-saga.ts';
import type { FindingState } from '../../domain/finding/state.ts';
import { institutionDeciderOn } from '../../domain/institution/decider.ts';
import { assertNever, isRejection } from '../../domain/decider.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError, runStep, type StepResult } from '../run-command.ts';
import { commandDate } from './applications-saga.ts';
import { commandOrThrow } from './command-input.ts';
import { checkedFindingId, loadFinding } from './findings.ts';
import { INSPECTION_RULES } from './inspections-rules.ts';
import { assertInScope } from './region-scope.ts';
import { findingsIndexFor } from './recovery-orders-index.ts';

/**
 * Sanctions issued from findings, through the saga the domain plans
 * (src/domain/finding/sanction-saga.ts): the institution's stream decides on the ladder
 * first (its expected revision guards the ladder), then the finding records the fact.
 * Each step runs with the request's deterministic event ids, so a retry under the same
 * Idempotency-Key completes a half-done saga without a second sanction.
 *
 * The overdue sweep is the policy rule "overdue rectification leads to delisting"
 * (inspections-rules.ts): for every finding in the principal's region still open past its
 * deadline as of `asOf`, the sanction the rule names, with an id derived from the
 * deadline, so running the sweep again (or daily) issues nothing twice. `asOf` may not
 * lie after the request's own time: nobody sanctions ahead of the calendar.
 */

export type IssueSanctionInput = z.input<typeof IssueSanctionSchema> extends infer U ? (U extends unknown ? Omit<U, 'type' | 'findingId'> : never) : never;

function runSanctionStep(deps: AppDeps, ctx: CommandContext, step: SanctionSagaStep): Promise<StepResult> {
  switch (step.aggregate) {
    case 'institution': {
      const command = step.command;
      const decider = institutionDeciderOn({ today: commandDate(ctx) });
      return runStep(deps, ctx, step.stream, decider, (s) => decider.decide(command, s));
    }
    case 'finding': {
      const decider = findingDecider({ calendar: deps.policy.calendar, today: commandDate(ctx) });
      const command = step.command;
      return runStep(deps, ctx, step.stream, decider, (s) => decider.decide(command, s));
    }
    default:
      return assertNever(step);
  }
}

async function runSanction(deps: AppDeps, ctx: CommandContext, c: IssueSanction, state: FindingState): Promise<StepResult[]> {
  const plan = planSanction(c, state, { today: commandDate(ctx) });
  if (isRejection(plan)) throw new CommandRejectedError(plan);
  const done: StepResult[] = [];
  // No compensation is planned: a refusal comes from the ladder, before anything is written.
  for (const step of plan.steps) done.push(await runSanctionStep(deps, ctx, step));
  return done;
}

export async function issueSanction(deps: AppDeps, ctx: CommandContext, findingId: string, input: IssueSanctionInput): Promise<CommandOutcome> {
  const c = commandOrThrow(parseIssueSanction({ ...input, type: 'IssueSanction', findingId: checkedFindingId(findingId) }));
  const state = await loadFinding(deps, c.findingId);
  if (state.raised === null) throw new CommandRejectedError(reject('finding.not_raised', `finding ${c.findingId} has not been raised`, 'findingId'));
  assertInScope(ctx.principal, state.raised.regionCode, 'finding');
  const steps = await runSanction(deps, ctx, c, state);
  return { steps, result: { findingId: c.findingId, sanctionId: c.sanctionId } };
}

export interface SweepInput {
  /** The instant (ISO 8601 with offset) the deadlines are judged at. */
  asOf: string;
}

/** Every finding of the principal's region open past its deadline gets the rule's sanction; refusals by the ladder are counted, not thrown. */
export async function sweepOverdueRectifications(deps: AppDeps, ctx: CommandContext, input: SweepInput): Promise<CommandOutcome> {
  const { asOf } = input;
  if (typeof asOf !== 'string' || !isInstant(asOf)) throw new CommandRejectedError(reject('finding.invalid_command', 'asOf: expected an ISO 8601 instant with offset', 'asOf'));
  if (Date.parse(asOf) > Date.parse(ctx.occurredAt)) throw new CommandRejectedError(reject('finding.as_of_in_future', 'asOf lies after the time of the request', 'asOf'));
  const ids = await findingsIndexFor(deps.store).findingsWithin((region) => regionWithin(ctx.principal.region, region));
  const steps: StepResult[] = [];
  let sanctioned = 0;
  let refused = 0;
  for (const findingId of ids) {
    const state = await loadFinding(deps, findingId);
    const due = overdueSanction(state, asOf, INSPECTION_RULES);
    if (due === undefined) continue;
    try {
      steps.push(...(await runSanction(deps, ctx, due, state)));
      sanctioned++;
    } catch (err) {
      if (!(err instanceof CommandRejectedError)) throw err;
      refused++;
    }
  }
  return { steps, result: { asOf, findingsChecked: ids.length, sanctioned, refused, rule: INSPECTION_RULES.overdueRectificationSanction } };
}
