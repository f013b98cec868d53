import { compareBusinessDates, type BusinessDate } from '../../calendar/business-date.ts';
import { assertNever, reject, type Decider, type Decision } from '../../decider.ts';
import type { InspectionMattersCommand } from './commands.ts';
import type { InspectionMattersEvent } from './events.ts';

/**
 * The list of inspection matters of one province (随机抽查事项清单).
 *
 * Rejection codes (stable):
 * - inspection_matters.invalid_command          the command failed its schema (field named)
 * - inspection_matters.matter_exists            a matter id already on the list (withdrawn ones too: ids are never reused)
 * - inspection_matters.matter_not_found         withdrawing a matter that is not on the list
 * - inspection_matters.already_withdrawn        withdrawing a matter twice
 * - inspection_matters.withdrawn_before_publication  a withdrawal dated before the publication
 */

export interface InspectionMatter {
  readonly matterId: string;
  readonly title: string;
  readonly basis: string;
  readonly content: string;
  readonly publishedOn: BusinessDate;
  readonly withdrawnOn?: BusinessDate;
  readonly withdrawalReason?: string;
}

export interface InspectionMattersState {
  /** undefined until the first matter is published (the stream names it). */
  readonly listId: string | undefined;
  readonly matters: ReadonlyMap<string, InspectionMatter>;
}

export function initialInspectionMattersState(): InspectionMattersState {
  return { listId: undefined, matters: new Map() };
}

/** The list's id is the stream's, chosen by the app layer: commands carry none. */
export function decideInspectionMatters(command: InspectionMattersCommand, state: InspectionMattersState, listId: string): Decision<InspectionMattersEvent> {
  switch (command.type) {
    case 'PublishInspectionMatter': {
      if (state.matters.has(command.matterId)) return reject('inspection_matters.matter_exists', `matter ${command.matterId} is already on the list`, 'matterId');
      const { type: _t, ...rest } = command;
      return [{ type: 'InspectionMatterPublished', data: { listId, ...rest } }];
    }
    case 'WithdrawInspectionMatter': {
      const m = state.matters.get(command.matterId);
      if (!m) return reject('inspection_matters.matter_not_found', `matter ${command.matterId} is not on the list`, 'matterId');
      if (m.withdrawnOn !== undefined) return reject('inspection_matters.already_withdrawn', `matter ${command.matterId} was withdrawn on ${m.withdrawnOn}`, 'matterId');
      if (compareBusinessDates(command.withdrawnOn, m.publishedOn) < 0) {
        return reject('inspection_matters.withdrawn_before_publication', `the matter was published on ${m.publishedOn}`, 'withdrawnOn');
      }
      return [{ type: 'InspectionMatterWithdrawn', data: { listId, matterId: command.matterId, withdrawnOn: command.withdrawnOn, reason: command.reason } }];
    }
    default:
      return assertNever(command);
  }
}

export function evolveInspectionMatters(state: InspectionMattersState, event: InspectionMattersEvent): InspectionMattersState {
  const matters = new Map(state.matters);
  switch (event.type) {
    case 'InspectionMatterPublished': {
      const { listId, ...m } = event.data;
      matters.set(m.matterId, m);
      return { listId, matters };
    }
    case 'InspectionMatterWithdrawn': {
      const m = matters.get(event.data.matterId);
      if (m) matters.set(m.matterId, { ...m, withdrawnOn: event.data.withdrawnOn, withdrawalReason: event.data.reason });
      return { listId: state.listId ?? event.data.listId, matters };
    }
    default:
      return assertNever(event);
  }
}

/** The matter, when it is on the list and not withdrawn. */
export function publishedMatter(state: InspectionMattersState, matterId: string): InspectionMatter | undefined {
  const m = state.matters.get(matterId);
  return m && m.withdrawnOn === undefined ? m : undefined;
}

/** Decider for the app runner; `decide` needs the list id, which the service binds. */
export function inspectionMattersDecider(listId: string): Decider<InspectionMattersCommand, InspectionMattersState, InspectionMattersEvent> & { name: string } {
  return {
    name: 'inspection-matters',
    decide: (c, s) => decideInspectionMatters(c, s, listId),
    evolve: evolveInspectionMatters,
    initialState: initialInspectionMattersState,
  };
}
