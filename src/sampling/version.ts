/**
 * Recorded in every draw result. Any change to bytes hashed, orderings, rounding or the
 * assignment procedure must change it: old draws are re-run with the version they name.
 */
export const ALGORITHM_VERSION = 'taizhang-sampling/1';
