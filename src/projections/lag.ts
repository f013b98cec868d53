import type { EventStore } from '../eventstore/port.ts';
import type { RunnerState } from './runner.ts';

/** One projection as /ready and the lag log show it (positions as decimal strings: they are 64-bit). */
export interface ProjectionStatus {
  projection: string;
  version: number;
  state: RunnerState;
  /** Checkpoint of the current version's file. */
  position: string;
  /** Version and checkpoint of what queries are answered from (during a rebuild: the previous version). */
  servedVersion: number | null;
  servedPosition: string | null;
  headPosition: string;
  /**
   * head − position. On the embedded store (dense positions) the number of events still
   * to apply; on EventStoreDB a distance in its log, 0 exactly when caught up.
   */
  eventsBehind: string;
  /** How long the oldest event not yet applied has been in the log; 0 when caught up. */
  secondsBehind: number;
  error?: string;
}

interface Measurable {
  readonly definition: { name: string; version: number };
  readonly state: RunnerState;
  readonly position: bigint;
  readonly served: { version: number; position: bigint } | undefined;
  readonly failure: unknown;
}

export async function measureLag(runner: Measurable, store: Pick<EventStore, 'readAll'>, head: bigint, nowMs: () => number): Promise<ProjectionStatus> {
  const position = runner.position;
  let secondsBehind = 0;
  if (position < head) {
    const [oldest] = await store.readAll({ after: position, limit: 1 });
    if (oldest !== undefined) secondsBehind = Math.max(0, Math.round((nowMs() - Date.parse(oldest.recordedAt)) / 100) / 10);
  }
  const status: ProjectionStatus = {
    projection: runner.definition.name,
    version: runner.definition.version,
    state: runner.state,
    position: String(position),
    servedVersion: runner.served?.version ?? null,
    servedPosition: runner.served === undefined ? null : String(runner.served.position),
    headPosition: String(head),
    eventsBehind: String(head > position ? head - position : 0n),
    secondsBehind,
  };
  if (runner.failure !== undefined) status.error = runner.failure instanceof Error ? runner.failure.message : String(runner.failure);
  return status;
}
