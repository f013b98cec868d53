import type { StepResult } from './run-command.ts';

/** What a command answers: every stream it wrote, and the global position to read after. */
export interface CommandOutcome {
  steps: StepResult[];
  /** Extra fields for the response (e.g. the id assigned to a new record). */
  result?: Record<string, string | number | boolean | null>;
}

/** The highest position any step wrote: queries with minPosition=that see all of it. */
export function outcomePosition(outcome: CommandOutcome): bigint | undefined {
  let max: bigint | undefined;
  for (const s of outcome.steps) if (s.position !== undefined && (max === undefined || s.position > max)) max = s.position;
  return max;
}
