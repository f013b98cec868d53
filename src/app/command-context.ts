import type { Principal } from '../access/roles.ts';
import type { DeterministicIds } from './deterministic-ids.ts';

/** Everything about one request that events must record, plus injected time and ids. */
export interface CommandContext {
  principal: Principal;
  requestId: string;
  correlationId: string;
  /** The event or request that caused this command. */
  causationId: string;
  /** ISO 8601 with offset: the business time of the command. */
  occurredAt: string;
  ids: DeterministicIds;
  /** True when re-running a request whose Idempotency-Key was claimed but never answered (a crash). */
  replay: boolean;
}
