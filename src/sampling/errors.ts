/**
 * Input the draw refuses before any randomness is used: the plan or the rosters are wrong,
 * whatever the seed. (Constraints that fail only for the particular subjects drawn are
 * not thrown: they come back as a DrawFailure report, see draw.ts.)
 */
export const SamplingErrorCodes = [
  'sampling.invalid_field',
  'sampling.duplicate_id',
  'sampling.empty_roster',
  'sampling.duplicate_stratum',
  'sampling.empty_stratum',
  'sampling.subject_outside_strata',
  'sampling.count_exceeds_stratum',
  'sampling.floor_unreachable',
  'sampling.pps_weight_shortfall',
  'sampling.k_exceeds_eligible',
  'sampling.randomness_invalid',
  'sampling.roster_hash_mismatch',
  'sampling.rfc3797_unsupported',
] as const;

export type SamplingErrorCode = (typeof SamplingErrorCodes)[number];

export class SamplingInputError extends Error {
  override readonly name = 'SamplingInputError';
  constructor(
    readonly code: SamplingErrorCode,
    message: string,
    /** The input field at fault, as a dotted path (`design.strata.3.count`). */
    readonly field: string,
    /** Machine-readable particulars (expected/actual, the stratum, the counts). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isSamplingInputError(x: unknown): x is SamplingInputError {
  return x instanceof SamplingInputError;
}
