import { CommandRejectedError } from '../app/run-command.ts';

export const FRAUD_KINDS = ['duplicate_claim', 'hours_short', 'fake_trainee', 'over_standard', 'ineligible_institution'] as const;
export type FraudKind = (typeof FRAUD_KINDS)[number];

export interface FraudCount {
  attempted: number;
  /** Refused by a rule, with the rejection codes seen. */
  refused: number;
  /** Accepted, but marked for what it is (e.g. paid at the hours-short rate, not the claimed one). */
  flagged: number;
  /** Accepted as if honest: each one is a hole in the rules. */
  missed: number;
  codes: Record<string, number>;
}

/**
 * Per kind of injected fraud: what was attempted and how the system answered. Every
 * attempt ends in exactly one of refused, flagged or missed.
 */
export class FraudTally {
  readonly counts: Record<FraudKind, FraudCount>;
  constructor() {
    this.counts = Object.fromEntries(FRAUD_KINDS.map((k) => [k, { attempted: 0, refused: 0, flagged: 0, missed: 0, codes: {} }])) as unknown as Record<FraudKind, FraudCount>;
  }

  /**
   * Runs the fraudulent command: a typed refusal counts as refused (by its code); an
   * accepted one is passed to `judge`, which says whether the system flagged it.
   * Anything else (a crash) is not an answer and propagates.
   */
  async attempt<T>(kind: FraudKind, command: () => Promise<T>, judge: (accepted: T) => boolean | Promise<boolean> = () => false): Promise<{ refused: true; code: string } | { refused: false; value: T }> {
    const c = this.counts[kind];
    c.attempted += 1;
    let value: T;
    try {
      value = await command();
    } catch (err) {
      if (!(err instanceof CommandRejectedError)) throw err;
      c.refused += 1;
      c.codes[err.rejection.code] = (c.codes[err.rejection.code] ?? 0) + 1;
      return { refused: true, code: err.rejection.code };
    }
    if (await judge(value)) c.flagged += 1;
    else c.missed += 1;
    return { refused: false, value };
  }

  /** Adds a flagged attempt found after the fact (the refusal came in a later step). */
  flag(kind: FraudKind, code: string): void {
    const c = this.counts[kind];
    c.flagged += 1;
    c.codes[code] = (c.codes[code] ?? 0) + 1;
  }
}
