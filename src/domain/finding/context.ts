import type { BusinessDate } from '../calendar/business-date.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';

/**
 * Facts the finding decider needs from outside its stream, built by the app layer at the
 * moment of the command.
 */
export interface FindingContext {
  /** Counts deadlines (notice + working days, extensions). */
  readonly calendar: WorkingCalendar;
  /**
   * Inspectors with a conflict of interest with the finding's institution, known from the
   * inspector roster (declared relations, own region, former employer) — besides those
   * who declared a recusal on this finding's stream.
   */
  readonly recusedInspectorIds?: ReadonlySet<string>;
  /**
   * Required to close: what the finding's recovery orders still have to recover (fen).
   * A finding is not closed while money ordered back is outstanding.
   */
  readonly outstandingRecoveryFen?: number;
  /** The request's business date (Asia/Shanghai); absent only for folds and replays of recorded histories. */
  readonly today?: BusinessDate;
}
