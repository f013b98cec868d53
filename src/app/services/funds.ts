import { parseFundCommand, type FundCommand } from '../../domain/fund/commands.ts';
import { availableFen } from '../../domain/fund/available.ts';
import { fundDecider, fundDeciderOn, fundStream } from '../../domain/fund/decider.ts';
import type { FundSource } from '../../domain/fund/events.ts';
import type { FundState } from '../../domain/fund/state.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { runStep } from '../run-command.ts';
import { assignedId, commandDate } from './applications-saga.ts';
import { commandOrThrow } from './command-input.ts';
import { loadState } from './load-state.ts';
import { assertInScope } from './region-scope.ts';

/**
 * Funds (one per source × year × region), stream `fund-{fundId}`: opening, allocations
 * received and adjustments by official document. Every rule here reads only the fund's
 * own stream, so its expected revision guards them all; a negative adjustment racing an
 * approval cannot together take the fund below zero (one of them re-decides on the
 * other's event). Commitments, payments and recoveries are written by the application
 * sagas (applications.ts, payments.ts, recoveries.ts), on this same stream.
 *
 * Region scope: a fund lies in the region it was opened for, fixed by its first event,
 * so the check made on the folded state (inside `decide`, nothing appended when it
 * throws) cannot go stale.
 */

type Deps = Pick<AppDeps, 'store' | 'cache' | 'locks'>;

function parsed(input: Record<string, unknown>): FundCommand {
  return commandOrThrow(parseFundCommand(input));
}

async function onFund(deps: Deps, ctx: CommandContext, fundId: string, command: FundCommand): Promise<CommandOutcome> {
  const decider = fundDeciderOn({ today: commandDate(ctx) });
  const step = await runStep(deps, ctx, fundStream(fundId), decider, (s) => {
    if (s.regionCode !== null) assertInScope(ctx.principal, s.regionCode, 'fund');
    return decider.decide(command, s);
  });
  return { steps: [step], result: { fundId } };
}

export interface OpenFundInput {
  fundId: string;
  source: FundSource;
  year: number;
  regionCode: string;
  openedOn?: string;
}

export async function openFund(deps: Deps, ctx: CommandContext, input: OpenFundInput): Promise<CommandOutcome> {
  const command = parsed({ ...input, type: 'OpenFund', openedOn: input.openedOn ?? commandDate(ctx) });
  if (command.type !== 'OpenFund') throw new Error('invariant violated: parsed another command');
  assertInScope(ctx.principal, command.regionCode, 'fund');
  return onFund(deps, ctx, command.fundId, command);
}

export interface ReceiveAllocationInput {
  allocationId?: string;
  amountFen: number;
  documentRef: string;
  receivedOn?: string;
}

export async function receiveAllocation(deps: Deps, ctx: CommandContext, fundId: string, input: ReceiveAllocationInput): Promise<CommandOutcome> {
  const allocationId = input.allocationId ?? assignedId(ctx, 'alloc');
  const command = parsed({ ...input, type: 'ReceiveAllocation', fundId, allocationId, receivedOn: input.receivedOn ?? commandDate(ctx) });
  const outcome = await onFund(deps, ctx, fundId, command);
  return { ...outcome, result: { fundId, allocationId } };
}

export interface AdjustFundInput {
  adjustmentId?: string;
  amountFen: number;
  reasonCode: string;
  documentRef: string;
  adjustedOn?: string;
}

export async function adjustFund(deps: Deps, ctx: CommandContext, fundId: string, input: AdjustFundInput): Promise<CommandOutcome> {
  const adjustmentId = input.adjustmentId ?? assignedId(ctx, 'adj');
  const command = parsed({ ...input, type: 'AdjustFund', fundId, adjustmentId, adjustedOn: input.adjustedOn ?? commandDate(ctx) });
  const outcome = await onFund(deps, ctx, fundId, command);
  return { ...outcome, result: { fundId, adjustmentId } };
}

/** The fund as folded, checked against the principal's region; undefined when never opened. */
export async function loadFundInScope(deps: Deps, ctx: Pick<CommandContext, 'principal'>, fundId: string): Promise<FundState | undefined> {
  const { state } = await loadState(deps, fundStream(fundId), fundDecider);
  if (state.status !== 'open' || state.regionCode === null) return undefined;
  assertInScope(ctx.principal, state.regionCode, 'fund');
  return state;
}

export interface FundView {
  fundId: string;
  source: FundSource;
  year: number;
  regionCode: string;
  allocatedFen: number;
  recoveredFen: number;
  adjustedFen: number;
  committedFen: number;
  paidFen: number;
  availableFen: number;
  applications: number;
  payments: number;
}

/**
 * A summary copied out of the folded state: the state object belongs to the cache and is
 * updated in place by later folds, so nothing of it may be handed out by reference.
 */
export function fundView(s: FundState): FundView {
  if (s.fundId === null || s.source === null || s.year === null || s.regionCode === null) throw new Error('invariant violated: a view of a fund never opened');
  return {
    fundId: s.fundId,
    source: s.source,
    year: s.year,
    regionCode: s.regionCode,
    ...s.totals,
    availableFen: availableFen(s.totals),
    applications: s.applications.size,
    payments: s.payments.size,
  };
}
