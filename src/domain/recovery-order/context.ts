import type { BusinessDate } from '../calendar/business-date.ts';

/**
 * What issuing an order needs to know of its finding, read by the app layer from the
 * finding's stream at the moment of the command.
 */
export interface FindingFacts {
  readonly findingId: string;
  readonly status: 'open' | 'rectification_submitted' | 'verified' | 'closed' | 'withdrawn';
  /** The payments the finding names as involved. */
  readonly paymentIds: readonly string[];
  readonly amountInvolvedFen: number;
}

export interface RecoveryOrderContext {
  /** Required for IssueRecoveryOrder; undefined when the finding does not exist. */
  readonly finding?: FindingFacts;
  /** The request's business date (Asia/Shanghai); absent only for folds and replays of recorded histories. */
  readonly today?: BusinessDate;
}
