import type { Test } from 'tap';
import { fold, isRejection, type Decider, type DomainEvent } from '../../src/domain/decider.ts';

/**
 * Given/when/then for deciders:
 *   spec(t, fundDecider).given([opened]).when(cmd).then([allocated])
 *   spec(t, fundDecider).given([opened]).when(cmd).thenRejects('fund.insufficient_available')
 */
export function spec<C, S, E extends DomainEvent>(t: Test, decider: Decider<C, S, E>) {
  return {
    given(events: readonly E[]) {
      return {
        when(command: C) {
          const state = fold(decider, events);
          const decision = decider.decide(command, state);
          return {
            then(expected: readonly E[]): S {
              if (isRejection(decision)) {
                t.fail(`expected events, got rejection ${decision.code}: ${decision.message}`);
                return state;
              }
              t.same(decision, expected);
              return fold(decider, [...events, ...decision]);
            },
            thenRejects(code: string, field?: string): void {
              if (!isRejection(decision)) {
                t.fail(`expected rejection ${code}, got events ${decision.map((e) => e.type).join(', ')}`);
                return;
              }
              t.equal(decision.code, code, decision.message);
              if (field !== undefined) t.equal(decision.field, field);
            },
          };
        },
      };
    },
  };
}
